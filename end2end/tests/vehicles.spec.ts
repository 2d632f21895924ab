import { expect, Page, test, TestInfo } from "@playwright/test";
import { freshPlate as platesOf, hydrated, open, signInOk } from "./helpers";

/** Plates of this file: region 02. */
const freshPlate = (testInfo: TestInfo) => platesOf(testInfo, "02");

async function fillVehicle(page: Page, fields: Record<string, string>) {
  const form = page.getByTestId("vehicle-form");
  for (const [name, value] of Object.entries(fields)) {
    const field = form.locator(`[name="form[${name}]"]`);
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") {
      await field.selectOption(value);
    } else {
      await field.fill(value);
    }
  }
}

const CAMRY = { brand: "Toyota", model: "Camry", year: "2023", body_type: "sedan", fuel_type: "gasoline" };

test("the list sorts, filters, searches and pages, and the address keeps it all", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  await open(page, testInfo, "/vehicles");
  await expect(page.getByTestId("vehicle-row")).toHaveCount(50);
  const total = Number((await page.getByTestId("total").textContent())!.replace(/\D/g, ""));
  expect(total).toBeGreaterThanOrEqual(520);

  // Sort by year, newest first (the second click flips the direction).
  await page.locator('a[data-sort="year"]').click();
  await expect(page).toHaveURL(/sort=year&dir=asc/);
  await page.locator('a[data-sort="year"]').click();
  await expect(page).toHaveURL(/sort=year&dir=desc/);
  // Hydrated navigation swaps the rows after the address changes: poll until the new page is in.
  const yearCells = page.locator('td[data-col="year"]');
  await expect
    .poll(async () => {
      const years = (await yearCells.allTextContents()).map(Number);
      return years.length > 0 && years.every((year, i) => i === 0 || years[i - 1] >= year);
    })
    .toBe(true);

  // Next page, and back.
  await page.getByTestId("page-next").click();
  await expect(page).toHaveURL(/page=2/);
  // One sentence in the reader's language (the manager reads Russian).
  await expect(page.getByTestId("page-position")).toHaveText(`Страница 2 из ${Math.ceil(total / 50)}`);
  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);

  // Filter: Lada SUVs only.
  const filters = page.getByTestId("vehicle-filters");
  await filters.locator('select[name="brand"]').selectOption("Lada");
  await filters.locator('select[name="body_type"]').selectOption("suv");
  await page.getByTestId("apply-filters").click();
  await expect(page).toHaveURL(/brand=Lada/);
  const distinct = async (column: string) => [...new Set(await page.locator(`td[data-col="${column}"]`).allTextContents())];
  await expect.poll(() => distinct("brand")).toEqual(["Lada"]);
  await expect.poll(() => distinct("body_type")).toEqual(["Внедорожник"]);
  const brands = await page.locator('td[data-col="brand"]').allTextContents();

  // The address alone reproduces the view.
  const url = page.url();
  await open(page, testInfo, url);
  await expect(page.locator('select[name="brand"]')).toHaveValue("Lada");
  expect(await page.locator('td[data-col="brand"]').count()).toBe(brands.length);

  // Search by part of a plate typed without spaces, in lower case.
  await open(page, testInfo, "/vehicles");
  const plate = (await page.locator('td[data-col="plate"]').first().textContent())!.trim();
  const partial = plate.replace(/\s/g, "").slice(0, 6).toLowerCase();
  await page.getByTestId("search").fill(partial);
  await page.getByTestId("apply-filters").click();
  await expect(page.locator('td[data-col="plate"]').first()).toHaveText(plate);

  // Cards instead of the table; a row or card opens the vehicle.
  await page.getByTestId("view-cards").click();
  await expect(page.getByTestId("vehicle-card").first()).toBeVisible();
  await page.getByTestId("vehicle-card").first().click();
  await expect(page.getByTestId("vehicle-plate")).toHaveText(plate);
});

test("a bad plate and a duplicate VIN are field errors and save nothing", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  // A VIN already in the fleet.
  await open(page, testInfo, "/vehicles?cols=plate&cols=vin");
  const takenVin = (await page.locator('td[data-col="vin"]').first().textContent())!.trim();
  const plate = freshPlate(testInfo);

  await open(page, testInfo, "/vehicles/new");
  await fillVehicle(page, { ...CAMRY, plate: "12-AB" });
  await page.getByTestId("save-vehicle").click();
  await expect(page.locator('.field-error[data-field="plate"]')).toHaveText("Номер не соответствует формату вашей страны.");
  // What was typed is still there, with JavaScript or without.
  await expect(page.locator('[name="form[model]"]')).toHaveValue("Camry");
  await expect(page.locator('[name="form[body_type]"]')).toHaveValue("sedan");

  await fillVehicle(page, { ...CAMRY, plate, vin: takenVin.toLowerCase() });
  await page.getByTestId("save-vehicle").click();
  await expect(page.locator('.field-error[data-field="vin"]')).toHaveText("Это значение уже используется.");

  await open(page, testInfo, `/vehicles?q=${encodeURIComponent(plate)}`);
  await expect(page.getByTestId("empty")).toBeVisible();
});

test("a vehicle is registered, edited, moved, decommissioned, and its history shows every step", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const plate = freshPlate(testInfo);
  await open(page, testInfo, "/vehicles");
  await page.getByTestId("new-vehicle").click();
  await expect(page.getByTestId("vehicle-form")).toBeVisible();
  if (hydrated(testInfo)) await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  await fillVehicle(page, { ...CAMRY, plate: plate.replace(/ /g, "").toLowerCase(), purchase_price: "15 500 000", department: "Тест" });
  await page.getByTestId("save-vehicle").click();
  await expect(page.getByTestId("vehicle-plate")).toHaveText(plate);
  await expect(page.getByTestId("vehicle-facts")).toContainText("15\u202f500\u202f000,00 KZT");
  const detail = page.url();

  // Edit: a colour.
  await page.getByTestId("edit-vehicle").click();
  await expect(page.getByTestId("vehicle-form")).toBeVisible();
  if (hydrated(testInfo)) await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  await fillVehicle(page, { color: "белый" });
  await page.getByTestId("save-vehicle").click();
  await expect(page.getByTestId("vehicle-facts")).toContainText("белый");

  // Quick status change: instant once hydrated, a small form without JavaScript.
  await page.getByTestId("status-select").selectOption("reserved");
  if (!hydrated(testInfo)) await page.getByTestId("status-submit").click();
  await expect(page.getByTestId("vehicle-header").getByTestId("status-badge")).toHaveText("Зарезервировано");

  // Decommission needs its box ticked.
  await page.getByTestId("decommission-open").click();
  await page.getByTestId("decommission-confirm").check();
  await page.getByTestId("decommission-submit").click();
  await expect(page.getByTestId("vehicle-header").getByTestId("status-badge")).toHaveText("Списано");
  await expect(page.getByTestId("decommission-open")).toHaveCount(0);

  // The history tab and the audit log both show the four steps.
  await page.getByTestId("tab-history").click();
  const history = page.getByTestId("record-history").getByTestId("audit-row");
  await expect(history).toHaveCount(4);
  await expect(history.first()).toHaveAttribute("data-action", "vehicle.decommission");
  await expect(page.getByTestId("record-history").locator('li[data-field="color"]')).toContainText("белый");
  const id = detail.split("/").pop()!;
  await open(page, testInfo, `/admin/audit?entity_id=${id}`);
  await expect(page.getByTestId("audit-log").getByTestId("audit-row")).toHaveCount(4);

  // Tabs of modules still to come say so; the QR label renders.
  await open(page, testInfo, `${detail}/documents`);
  await expect(page.getByTestId("tab-pending")).toBeVisible();
  await open(page, testInfo, `${detail}/label`);
  await expect(page.getByTestId("print-label").locator("svg")).toHaveCount(1);
  await expect(page.getByTestId("print-label")).toContainText(plate);
});

test("a viewer reads the fleet but sees no write buttons", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "viewer@kazfleet.demo");
  await open(page, testInfo, "/vehicles");
  await expect(page.getByTestId("vehicle-row").first()).toBeVisible();
  await expect(page.getByTestId("new-vehicle")).toHaveCount(0);
  await page.locator('td[data-col="plate"] a').first().click();
  await expect(page.getByTestId("vehicle-header")).toBeVisible();
  await expect(page.getByTestId("vehicle-actions")).toHaveCount(0);
  await expect(page.getByTestId("qr-card").locator("svg")).toHaveCount(1);
  // Typing the address of the form is no way around it: the server refuses the save.
  await open(page, testInfo, "/vehicles/new");
  await fillVehicle(page, { ...CAMRY, plate: freshPlate(testInfo) });
  await page.getByTestId("save-vehicle").click();
  await expect(page.locator('[data-error="forbidden"]')).toBeVisible();
});

test("in Arabic the sidebar, the table and the form are mirrored", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@atlastours.demo");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await open(page, testInfo, "/vehicles");
  const sidebar = (await page.locator(".sidebar").boundingBox())!;
  const content = (await page.locator("main.content").boundingBox())!;
  expect(sidebar.x).toBeGreaterThan(content.x);
  const headers = page.locator("table[data-testid=vehicle-table] th");
  const first = (await headers.first().boundingBox())!;
  const last = (await headers.last().boundingBox())!;
  expect(first.x).toBeGreaterThan(last.x);
  await expect(page.locator('td[data-col="plate"]').first()).toContainText(/[أبدهوطجش]/);

  await open(page, testInfo, "/vehicles/new");
  await fillVehicle(page, { ...CAMRY, plate: "123 ABC 01" });
  await page.getByTestId("save-vehicle").click();
  await expect(page.locator('.field-error[data-field="plate"]')).toHaveText("رقم اللوحة لا يطابق صيغة بلدك.");
  const plateField = (await page.locator('label[data-field="plate"]').boundingBox())!;
  const vinField = (await page.locator('label[data-field="vin"]').boundingBox())!;
  expect(plateField.x).toBeGreaterThan(vinField.x);
});
