import { expect, test } from "@playwright/test";
import { addVehicle, fresh, open, signInOk, waitForHydration } from "./helpers";

test("an inspection with a failed item opens a defect that becomes a work order in one step", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "07");
  await open(page, testInfo, `${vehicle.url}/maintenance`);
  await page.getByTestId("inspect-vehicle").click();
  await expect(page.getByTestId("choose-checklist")).toBeVisible();
  await page.getByTestId("choose-template").selectOption({ label: "Предрейсовый осмотр" });
  await page.getByTestId("choose-submit").click();
  const form = page.getByTestId("inspection-form");
  await expect(form.getByTestId("check-item")).toHaveCount(6);

  const item = (n: number) => form.getByTestId("check-item").nth(n);
  const answerAll = async () => {
    for (let n = 0; n < 6; n++) await item(n).getByTestId(n === 2 ? "answer-fail" : "answer-pass").check();
    await item(2).getByTestId("item-note").fill("Колодки изношены");
  };
  // An odometer value that is not a number: refused on the field, the answers kept.
  await waitForHydration(page, testInfo);
  await answerAll();
  await form.locator('[name="form[mileage]"]').fill("много");
  await page.getByTestId("save-inspection").click();
  await expect(page.locator('.field-error[data-field="mileage"]')).toBeVisible();
  await expect(item(2).getByTestId("answer-fail")).toBeChecked();
  await expect(item(2).getByTestId("item-note")).toHaveValue("Колодки изношены");

  await form.locator('[name="form[mileage]"]').fill("1 200");
  await page.getByTestId("save-inspection").click();
  await expect(page.getByTestId("inspection-title")).toContainText("Предрейсовый осмотр");
  await expect(page.getByTestId("answer-row").filter({ hasText: "Тормоза" })).toHaveAttribute("data-result", "fail");
  const defect = page.getByTestId("defect-row").filter({ hasText: "Тормоза" });
  await expect(defect).toHaveAttribute("data-status", "open");
  await expect(defect).toContainText("Колодки изношены");

  // One step: a repair for today, the defect acknowledged, linked both ways.
  await waitForHydration(page, testInfo);
  await defect.getByTestId("defect-make-work-order").click();
  await expect(defect).toHaveAttribute("data-status", "acknowledged");
  await defect.getByTestId("defect-work-order").click();
  const card = page.getByTestId("work-card").filter({ hasText: "Тормоза" });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("from-inspection")).toBeVisible();
  // The inspection's odometer is a reading.
  await open(page, testInfo, `${vehicle.url}/mileage`);
  await expect(page.getByTestId("current-mileage")).toHaveAttribute("data-km", "1200");

  // Resolved, the defect leaves the vehicle's unresolved ones; the inspection stays listed.
  await open(page, testInfo, `/inspections?vehicle_id=${vehicle.url.split("/").pop()}`);
  const unresolved = page.getByTestId("open-defects").getByTestId("defect-row");
  await expect(unresolved).toHaveCount(1);
  await waitForHydration(page, testInfo);
  await unresolved.getByTestId("defect-resolved").click();
  await expect(unresolved).toHaveCount(0);
  await expect(page.getByTestId("inspection-row")).toHaveCount(1);
});

test("a checklist is added for a body type, one item per line", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const name = `Осмотр фургона ${fresh(testInfo)}`;
  await open(page, testInfo, "/inspections/templates");
  await page.getByTestId("new-template-open").click();
  const form = page.getByTestId("template-form");
  await form.locator('[name="form[name]"]').fill(name);
  await form.locator('[name="form[body_type]"]').selectOption("van");
  await form.locator('[name="form[items]"]').fill("Двери\n\nГрузовой отсек");
  await page.getByTestId("save-template").click();
  const row = page.getByTestId("template-row").filter({ hasText: name });
  await expect(row.locator("li")).toHaveText(["Двери", "Грузовой отсек"]);
});

test("in Arabic the inspections read right to left", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@atlastours.demo");
  await open(page, testInfo, "/inspections");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("h1")).toHaveText("الفحوصات");
  await expect(page.getByTestId("open-defects").locator("h2")).toContainText("أعطال غير مُصلحة");
  await expect(page.getByTestId("inspection-row").first()).toBeVisible();
  await page.getByTestId("inspection-row").first().locator("a").first().click();
  await expect(page.getByTestId("answers").locator("th").first()).toHaveText("البند");
});
