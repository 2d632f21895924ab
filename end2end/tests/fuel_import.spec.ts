import { expect, Page, TestInfo, test } from "@playwright/test";
import { addVehicle, fresh, open, signInOk, waitForHydration } from "./helpers";

/** A day `daysAgo` before today as fuel-card statements write it: 27.11.2026. */
function dotted(daysAgo: number): string {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/** Pastes a statement and opens its preview. */
async function paste(page: Page, testInfo: TestInfo, lines: string[]) {
  await open(page, testInfo, "/expenses/fuel-import");
  await page.getByTestId("statement-csv").fill(lines.join("\n"));
  await page.getByTestId("statement-preview").click();
  await expect(page).toHaveURL(/\/expenses\/fuel-import\/[0-9a-f-]{36}$/);
  await waitForHydration(page, testInfo);
}

test("a fuel-card statement shows its bad row in the preview, is mapped by hand and imported whole", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  // A small tank: the statement's 40 L fill is more than it holds, and is flagged.
  const vehicle = await addVehicle(page, testInfo, "14", { tank_capacity: "35" });
  const good = `${dotted(3)} 08:15;${vehicle.plate};Helios;40;10 000;15 000`;

  // A plate the fleet does not have: the row is named with what is wrong, nothing can be imported.
  await paste(page, testInfo, ["Дата;Госномер;АЗС;Литры;Сумма;Пробег", good, `${dotted(2)} 18:40;999 ZZZ 99;Helios;30;7 350;`]);
  await expect(page.getByTestId("statement-rows")).toHaveText("2");
  await expect(page.getByTestId("statement-refused-count")).toHaveText("1");
  const bad = page.locator('[data-testid=statement-line][data-line="3"]');
  await expect(bad).toContainText("Госномер: В автопарке нет машины с таким номером.");
  await expect(page.locator("[data-testid=statement-line]")).toHaveCount(1);
  await expect(page.getByTestId("statement-import")).toBeDisabled();

  // The corrected statement names its quantity in a way no template knows: mapped by hand.
  const litres = `Литраж ${fresh(testInfo)}`;
  await paste(page, testInfo, [`Дата;Госномер;АЗС;${litres};Сумма;Пробег`, good]);
  await expect(page.locator('.field-error[data-field="quantity"]')).toBeVisible();
  await expect(page.getByTestId("statement-import")).toBeDisabled();
  await page.getByTestId("map-quantity").selectOption(litres);
  await page.getByTestId("apply-mapping").click();
  await expect(page.getByTestId("statement-ready")).toBeVisible();
  const line = page.locator('[data-testid=statement-line][data-line="2"]');
  await expect(line).toContainText("10\u202f000,00 KZT");
  await expect(line).toContainText("15\u202f000");
  await expect(line.getByTestId("over-tank")).toHaveText("Больше объёма бака");
  const statement = page.url().split("/").pop();
  await waitForHydration(page, testInfo);
  await page.getByTestId("statement-import").click();
  await expect(page.getByTestId("statement-imported")).toContainText("Импортировано заправок: 1");

  // The fill is an expense of the vehicle; the statement is done and offers no second import.
  await open(page, testInfo, `/expenses?vehicle_id=${vehicle.url.split("/").pop()}`);
  await expect(page.getByTestId("expense-row")).toHaveCount(1);
  await expect(page.getByTestId("expense-row")).toContainText("Helios · 40 л · Полный · 15\u202f000 км");
  await expect(page.getByTestId("expense-row").getByTestId("over-tank")).toBeVisible();
  await open(page, testInfo, "/expenses/fuel-import");
  await expect(page.locator(`[data-testid=statement-row][data-id="${statement}"]`)).toContainText("Импортировано заправок: 1");
  await open(page, testInfo, `/expenses/fuel-import/${statement}`);
  await expect(page.getByTestId("statement-imported")).toBeVisible();
  await expect(page.getByTestId("statement-import")).toHaveCount(0);
});

test("the fuel-card import is offered to those who record expenses, not to readers", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "viewer@kazfleet.demo");
  await open(page, testInfo, "/expenses");
  await expect(page.getByTestId("expense-filters")).toBeVisible();
  await expect(page.getByTestId("rates-link")).toBeVisible();
  await expect(page.getByTestId("fuel-import-link")).toHaveCount(0);

  await signInOk(page, testInfo, "manager@kazfleet.demo");
  await open(page, testInfo, "/expenses");
  await page.getByTestId("fuel-import-link").click();
  await expect(page.getByTestId("statement-form")).toBeVisible();
});
