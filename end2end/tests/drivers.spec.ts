import { expect, Page, test, TestInfo } from "@playwright/test";
import { addVehicle, fresh, open, signInOk, waitForHydration } from "./helpers";

/** Adds a driver through the form and returns their employee number and page. */
async function addDriver(page: Page, testInfo: TestInfo, name: string, licenceExpiry = "2031-05-01") {
  const number = fresh(testInfo);
  await open(page, testInfo, "/drivers/new");
  const form = page.getByTestId("driver-form");
  await form.locator('[name="form[full_name]"]').fill(name);
  await form.locator('[name="form[employee_number]"]').fill(number);
  await form.locator('[name="form[licence_categories]"]').fill("b, c");
  await form.locator('[name="form[licence_expiry]"]').fill(licenceExpiry);
  await form.locator('[name="form[medical_expiry]"]').fill("2031-01-01");
  await page.getByTestId("save-driver").click();
  await expect(page.getByTestId("driver-name")).toHaveText(name);
  return { number, url: page.url() };
}

async function assign(page: Page, field: "driver" | "vehicle", value: string) {
  const form = page.getByTestId("assign-form");
  await form.locator(`[name="form[${field}]"]`).fill(value);
  await page.getByTestId("assign-submit").click();
}

test("a driver is added, assigned, reassigned and released, and a busy vehicle is refused", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const first = await addDriver(page, testInfo, "Ержан Тестов");
  await expect(page.getByTestId("driver-facts")).toContainText("B C");
  const second = await addDriver(page, testInfo, "Мадина Проверкина");
  const vehicle = await addVehicle(page, testInfo, "03");

  // Assign the first driver from the vehicle's drivers tab.
  await open(page, testInfo, `${vehicle.url}/assignments`);
  await expect(page.getByTestId("no-current-assignment")).toBeVisible();
  await assign(page, "driver", first.number);
  await expect(page.getByTestId("current-assignment")).toContainText("Ержан Тестов");

  // From the second driver's page, the busy vehicle is refused with the reason.
  await open(page, testInfo, `${second.url}/assignments`);
  await waitForHydration(page, testInfo);
  await assign(page, "vehicle", vehicle.plate);
  await expect(page.locator('.field-error[data-field="vehicle"]')).toHaveText("У этого автомобиля уже есть водитель на этот период.");

  // Reassigning from the vehicle ends the first driver's assignment.
  await open(page, testInfo, `${vehicle.url}/assignments`);
  await expect(page.getByTestId("reassign-note")).toContainText("Ержан Тестов");
  await assign(page, "driver", second.number);
  await expect(page.getByTestId("current-assignment")).toContainText("Мадина Проверкина");
  await expect(page.getByTestId("assignment-row")).toHaveCount(2);
  await open(page, testInfo, vehicle.url);
  await expect(page.getByTestId("vehicle-facts")).toContainText("Мадина Проверкина");

  // Releasing the vehicle keeps both rows of history.
  await open(page, testInfo, `${vehicle.url}/assignments`);
  await waitForHydration(page, testInfo);
  await page.getByTestId("end-assignment").click();
  await expect(page.getByTestId("no-current-assignment")).toBeVisible();
  await expect(page.getByTestId("assignment-row")).toHaveCount(2);
  await open(page, testInfo, `${first.url}/assignments`);
  await expect(page.getByTestId("assignment-row")).toHaveCount(1);
  await expect(page.getByTestId("assignment-vehicle")).toHaveText(vehicle.plate);
});

test("a driver whose licence has expired cannot be assigned", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const driver = await addDriver(page, testInfo, "Болат Просроченный", "2024-01-31");
  await expect(page.getByTestId("licence-expiry").getByTestId("urgency-badge")).toHaveText("Истёк");
  const vehicle = await addVehicle(page, testInfo, "03");
  await open(page, testInfo, `${driver.url}/assignments`);
  await waitForHydration(page, testInfo);
  await assign(page, "vehicle", vehicle.plate);
  await expect(page.locator('.field-error[data-field="driver"]')).toContainText("Срок действия прав водителя истёк");
  await expect(page.getByTestId("no-current-assignment")).toBeVisible();
});

test("the list finds drivers whose papers are due and badges them", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  await open(page, testInfo, "/drivers?per_page=200");
  const total = async () => Number((await page.getByTestId("total").textContent())!.replace(/\D/g, ""));
  const everyone = await total();
  expect(everyone).toBeGreaterThanOrEqual(420);
  await page.getByTestId("driver-filters").locator('select[name="expiring_within"]').selectOption("30");
  await page.getByTestId("apply-filters").click();
  await expect(page).toHaveURL(/expiring_within=30/);
  await expect.poll(total).toBeLessThan(everyone);
  const rows = page.getByTestId("driver-row");
  expect(await rows.count()).toBeGreaterThan(0);
  // Every row listed has a badge: a paper expired, or due within 30 days.
  for (const row of await rows.all()) {
    await expect(row.getByTestId("urgency-badge").first()).toBeVisible();
  }
});

test("a driver's certificate shows when it is due, and a fine is recorded and paid", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const driver = await addDriver(page, testInfo, "Сауле Сертификатова");
  const vehicle = await addVehicle(page, testInfo, "03");
  const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);

  await open(page, testInfo, `${driver.url}/certifications`);
  await waitForHydration(page, testInfo);
  const certificate = page.getByTestId("certification-form");
  await certificate.locator('[name="form[kind]"]').fill("ДОПОГ");
  await certificate.locator('[name="form[issued_on]"]').fill("2026-01-15");
  await certificate.locator('[name="form[expires_on]"]').fill(soon);
  await page.getByTestId("save-certification").click();
  await expect(page.getByTestId("certification-row")).toHaveCount(1);
  await expect(page.getByTestId("certification-row").getByTestId("urgency-badge")).toHaveText("≤ 7 дн.");

  await open(page, testInfo, `${driver.url}/fines`);
  await waitForHydration(page, testInfo);
  const fine = page.getByTestId("fine-form");
  await fine.locator('[name="form[occurred_on]"]').fill("2026-11-01");
  await fine.locator('[name="form[vehicle]"]').fill(vehicle.plate.replace(/ /g, "").toLowerCase());
  await fine.locator('[name="form[kind]"]').fill("Превышение скорости");
  await fine.locator('[name="form[amount]"]').fill("-5");
  await page.getByTestId("save-fine").click();
  await expect(page.locator('.field-error[data-field="amount"]')).toHaveText("Значение должно быть больше нуля.");
  await page.getByTestId("fine-form").locator('[name="form[amount]"]').fill("15 000");
  await page.getByTestId("fine-form").locator('[name="form[vehicle]"]').fill(vehicle.plate);
  await page.getByTestId("fine-form").locator('[name="form[kind]"]').fill("Превышение скорости");
  await page.getByTestId("fine-form").locator('[name="form[occurred_on]"]').fill("2026-11-01");
  await page.getByTestId("save-fine").click();
  const row = page.getByTestId("fine-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(vehicle.plate);
  await expect(row).toHaveAttribute("data-paid", "false");
  await row.getByTestId("toggle-paid").click();
  await expect(page.getByTestId("fine-row")).toHaveAttribute("data-paid", "true");
});
