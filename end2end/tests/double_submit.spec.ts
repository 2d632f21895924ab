import { expect, Page, test } from "@playwright/test";
import { fresh, freshPlate, open, signInOk, waitForHydration } from "./helpers";

// A double click on "Save" records one thing. Hydrated, the button takes no second click while
// its request runs (before, the form was sent twice and two expenses were recorded). With
// JavaScript off, Chromium sends one post for a double click; every form carries its one-time
// key, with which the server answers a form sent again with the first answer (proven over HTTP
// in server/tests/http/once.rs).

/** Opens a disclosed add form (closed when nothing failed). */
async function disclose(page: Page, details: string, opener: string) {
  if ((await page.getByTestId(details).getAttribute("open")) === null) await page.getByTestId(opener).click();
}

/** Registers a vehicle with a double click and returns its plate and page. */
async function doubleClickVehicle(page: Page, testInfo: Parameters<typeof fresh>[0]) {
  const plate = freshPlate(testInfo, "15");
  await open(page, testInfo, "/vehicles/new");
  const form = page.getByTestId("vehicle-form");
  for (const [name, value] of Object.entries({ plate, brand: "Kia", model: "Rio", year: "2022" })) {
    await form.locator(`[name="form[${name}]"]`).fill(value);
  }
  await form.locator('[name="form[body_type]"]').selectOption("sedan");
  await form.locator('[name="form[fuel_type]"]').selectOption("gasoline");
  await expect(form.locator('input[name="form_key"]')).toHaveValue(/^[0-9a-f-]{36}$/);
  await page.getByTestId("save-vehicle").dblclick();
  await expect(page.getByTestId("vehicle-plate")).toHaveText(plate);
  return { plate, url: page.url() };
}

test("a double click on Save records one vehicle, driver, expense, work order and contract", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");

  const vehicle = await doubleClickVehicle(page, testInfo);
  await open(page, testInfo, `/vehicles?q=${encodeURIComponent(vehicle.plate)}`);
  await expect(page.getByTestId("vehicle-row")).toHaveCount(1);

  const number = fresh(testInfo);
  await open(page, testInfo, "/drivers/new");
  const driver = page.getByTestId("driver-form");
  await driver.locator('[name="form[full_name]"]').fill("Дубль Кликов");
  await driver.locator('[name="form[employee_number]"]').fill(number);
  await driver.locator('[name="form[licence_categories]"]').fill("b");
  await driver.locator('[name="form[licence_expiry]"]').fill("2031-05-01");
  await page.getByTestId("save-driver").dblclick();
  await expect(page.getByTestId("driver-name")).toHaveText("Дубль Кликов");
  await open(page, testInfo, `/drivers?q=${number}`);
  await expect(page.getByTestId("driver-row")).toHaveCount(1);

  await open(page, testInfo, `${vehicle.url}/expenses`);
  await waitForHydration(page, testInfo);
  await disclose(page, "add-expense", "add-expense-open");
  const expense = page.getByTestId("expense-form");
  await expense.locator('[name="form[category]"]').selectOption("parking");
  await expense.locator('[name="form[amount]"]').fill("1 500");
  await page.getByTestId("save-expense").dblclick();
  await expect(page.getByTestId("expense-row")).toHaveCount(1);
  await open(page, testInfo, `${vehicle.url}/expenses`);
  await expect(page.getByTestId("expense-row")).toHaveCount(1);

  await open(page, testInfo, `${vehicle.url}/maintenance`);
  await waitForHydration(page, testInfo);
  await disclose(page, "plan-work", "plan-open");
  const work = page.getByTestId("plan-form");
  await work.locator('[name="form[kind]"]').selectOption("repair");
  await work.locator('[name="form[title]"]').fill("Замена щёток");
  await page.getByTestId("save-work").dblclick();
  await expect(page.getByTestId("work-card")).toHaveCount(1);
  await open(page, testInfo, `${vehicle.url}/maintenance`);
  await expect(page.getByTestId("work-card")).toHaveCount(1);

  await open(page, testInfo, `${vehicle.url}/contracts`);
  await waitForHydration(page, testInfo);
  await disclose(page, "add-contract", "add-contract-open");
  const contract = page.getByTestId("contract-form");
  await contract.locator('[name="form[contract_type]"]').selectOption("leasing");
  await contract.locator('[name="form[contractor]"]').fill("Double Leasing");
  await contract.locator('[name="form[starts_on]"]').fill("2026-01-01");
  await contract.locator('[name="form[ends_on]"]').fill("2028-12-31");
  await contract.locator('[name="form[payment_frequency]"]').selectOption("monthly");
  await page.getByTestId("save-contract").dblclick();
  await expect(page.getByTestId("contract-row")).toHaveCount(1);
  await open(page, testInfo, `${vehicle.url}/contracts`);
  await expect(page.getByTestId("contract-row")).toHaveCount(1);
});
