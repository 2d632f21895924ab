import { expect, Page, test } from "@playwright/test";
import { addVehicle, open, signInOk, waitForHydration } from "./helpers";

/** Opens the add form (closed when nothing failed) and fills it; fuel's fields by their names. */
async function addExpense(page: Page, category: string, fields: Record<string, string>, fullTank = true) {
  const details = page.getByTestId("add-expense");
  if ((await details.getAttribute("open")) === null) await page.getByTestId("add-expense-open").click();
  const form = page.getByTestId("expense-form");
  await form.locator('[name="form[category]"]').selectOption(category);
  for (const [name, value] of Object.entries(fields)) {
    if (name === "currency") await form.locator('[name="form[currency]"]').selectOption(value);
    else await form.locator(`[name="form[${name}]"]`).fill(value);
  }
  if ((await form.getByTestId("full-tank").isChecked()) !== fullTank) await form.getByTestId("full-tank").click();
  await page.getByTestId("save-expense").click();
}

test("a fuel fill with its odometer is recorded, its reading counts, and bad input keeps what was typed", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "11");
  await open(page, testInfo, "/expenses");

  // No quantity: refused on the field, the plate and price stay.
  await addExpense(page, "fuel", { vehicle: vehicle.plate, fuel_unit_price: "250", odometer: "12 000" });
  await expect(page.locator('.field-error[data-field="fuel_quantity"]')).toBeVisible();
  await expect(page.getByTestId("expense-form").locator('[name="form[vehicle]"]')).toHaveValue(vehicle.plate);
  await expect(page.getByTestId("expense-form").locator('[name="form[fuel_unit_price]"]')).toHaveValue("250");

  await waitForHydration(page, testInfo);
  await addExpense(page, "fuel", { vehicle: vehicle.plate, fuel_quantity: "40", fuel_unit_price: "250", odometer: "12 000", vendor: "Helios" });
  await expect(page.getByTestId("add-expense")).not.toHaveAttribute("open", "");
  const id = vehicle.url.split("/").pop();
  await open(page, testInfo, `/expenses?vehicle_id=${id}`);
  const row = page.getByTestId("expense-row");
  await expect(row).toHaveCount(1);
  // 40 L × 250 = 10 000,00 KZT, in Russian with a narrow no-break space between thousands.
  await expect(row.getByTestId("original-amount")).toHaveText("10\u202f000,00 KZT");
  await expect(row.getByTestId("converted-amount")).toHaveText("10\u202f000,00 KZT");
  await expect(row).toContainText("Helios · 40 л · Полный · 12\u202f000 км");
  await expect(page.getByTestId("expense-total")).toHaveText("10\u202f000,00 KZT");

  // The odometer became a reading with source "fuel".
  await open(page, testInfo, `${vehicle.url}/mileage`);
  await expect(page.getByTestId("reading-row").first()).toContainText("12\u202f000");
  await expect(page.getByTestId("reading-row").first()).toContainText("Заправка");
});

test("an amount in a currency without a rate is shown apart and left out of the total", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "11");
  const id = vehicle.url.split("/").pop();
  await open(page, testInfo, `/expenses?vehicle_id=${id}`);
  await expect(page.getByTestId("expenses")).toContainText("Расходов пока нет");
  await waitForHydration(page, testInfo);
  await addExpense(page, "parking", { vehicle: vehicle.plate, amount: "2 500" });
  await expect(page.getByTestId("expense-row")).toHaveCount(1);
  await waitForHydration(page, testInfo);
  await addExpense(page, "toll", { vehicle: vehicle.plate, amount: "15", currency: "TRY" });
  await expect(page.getByTestId("expense-row")).toHaveCount(2);
  const foreign = page.locator('[data-testid=expense-row][data-category="toll"]');
  await expect(foreign.getByTestId("original-amount")).toHaveText("15,00 TRY");
  await expect(foreign.locator('[data-rate="missing"]')).toHaveText("Нет курса");
  await expect(page.getByTestId("expense-total")).toHaveText("2\u202f500,00 KZT");
  await expect(page.getByTestId("without-rate")).toContainText("15,00 TRY");

  // The filter by currency narrows the rows and the totals.
  await open(page, testInfo, `/expenses?vehicle_id=${id}&currency=KZT`);
  await expect(page.getByTestId("expense-row")).toHaveCount(1);
  await expect(page.getByTestId("without-rate")).toHaveCount(0);
});

test("in Arabic the expenses read right to left with the demo's converted amounts", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@atlastours.demo");
  await open(page, testInfo, "/expenses?currency=EUR");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("h1")).toHaveText("المصروفات");
  const row = page.getByTestId("expense-row").first();
  await expect(row.getByTestId("original-amount")).toHaveText(/^[\d.]+,\d\d EUR$/);
  // The demo has a EUR rate for every weekday of the year: every amount converts into MAD.
  await expect(row.getByTestId("converted-amount")).toHaveText(/^[\d.]+,\d\d MAD$/);
  await expect(page.getByTestId("without-rate")).toHaveCount(0);
});

test("a vehicle's expenses tab measures consumption between full fills and the cost of a kilometre", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "11");
  await open(page, testInfo, `${vehicle.url}/expenses`);
  await expect(page.getByTestId("no-consumption")).toBeVisible();
  await expect(page.getByTestId("cost-per-km")).toHaveText("—");

  // The form knows the vehicle: no plate to type.
  await expect(page.getByTestId("expense-form").locator('[name="form[vehicle]"]')).toHaveAttribute("type", "hidden");
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  await waitForHydration(page, testInfo);
  await addExpense(page, "fuel", { fuel_quantity: "40", fuel_unit_price: "250", odometer: "12 000", spent_on: threeDaysAgo });
  await expect(page.getByTestId("expense-row")).toHaveCount(1);
  // One full fill only sets the mark.
  await expect(page.getByTestId("no-consumption")).toBeVisible();
  await waitForHydration(page, testInfo);
  await addExpense(page, "fuel", { fuel_quantity: "30", fuel_unit_price: "250", odometer: "12 500" });
  await expect(page.getByTestId("expense-row")).toHaveCount(2);

  // 30 L over 500 km; 10 000 + 7 500 KZT over the 500 km the readings cover.
  await expect(page.getByTestId("consumption")).toHaveText("6,0");
  await expect(page.getByTestId("stretch")).toHaveCount(1);
  await expect(page.getByTestId("cost-distance")).toHaveText("500 км");
  await expect(page.getByTestId("cost-per-km")).toHaveText("35,00 KZT");
  await expect(page.getByTestId("expense-totals").locator('[data-category="fuel"]')).toContainText("17\u202f500,00 KZT");
});

test("exchange rates import from pasted CSV, all or nothing, each wrong line named", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  await open(page, testInfo, "/expenses");
  await page.getByTestId("rates-link").click();
  await expect(page.locator("h1")).toHaveText("Курсы валют");
  // Days long ago that no demo rate and (very likely) no earlier run used; each project its own.
  const base = Date.UTC(2000, 0, 1) + ((Math.floor(Date.now() / 1000) % 1_800) * 4 + (testInfo.project.name === "hydrated" ? 2 : 0)) * 86_400_000;
  const [first, second] = [0, 1].map((n) => new Date(base + n * 86_400_000).toISOString().slice(0, 10));
  const open_import = async () => {
    const details = page.getByTestId("import-rates");
    if ((await details.getAttribute("open")) === null) await page.getByTestId("import-rates-open").click();
  };
  await waitForHydration(page, testInfo);
  await open_import();
  await page.getByTestId("rates-csv").fill(`currency;date;rate\nMAD;${first};47,5\nMAD;${second};abc`);
  await page.getByTestId("import-submit").click();
  await expect(page.locator('[data-testid=refused-row][data-line="3"]')).toContainText("Курс:");
  await expect(page.getByTestId("refused-row")).toHaveCount(1);
  await open(page, testInfo, `/expenses/rates?currency=MAD&from=${first}&to=${second}`);
  await expect(page.getByTestId("rates")).toContainText("Курсов пока нет");

  await waitForHydration(page, testInfo);
  await open_import();
  await page.getByTestId("rates-csv").fill(`MAD;${first};47,5\nMAD;${second};47,75`);
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("import-done")).toContainText("2");
  await expect(page.getByTestId("rate-row")).toHaveCount(2);
  await expect(page.locator(`[data-testid=rate-row][data-day="${second}"]`)).toContainText("47,75");
});

test("a department's budget shows what its vehicles spent this month and turns over past it", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  // A department of its own, so the demo's expenses stay out of it.
  const department = `E2E ${testInfo.project.name} ${Date.now() % 100_000}`;
  const vehicle = await addVehicle(page, testInfo, "13", { department });
  await open(page, testInfo, "/expenses");
  await page.getByTestId("budgets-link").click();
  await expect(page.locator("h1")).toHaveText("Бюджеты");
  await waitForHydration(page, testInfo);
  await page.getByTestId("set-budget-open").click();
  const form = page.getByTestId("budget-form");
  await form.locator('[name="form[department]"]').fill(department);
  await form.locator('[name="form[amount]"]').fill("10 000");
  await page.getByTestId("save-budget").click();
  const row = page.locator("[data-testid=budget-row]", { hasText: department });
  await expect(row).toHaveAttribute("data-state", "within");
  await expect(row.getByTestId("budget-actual")).toHaveText("0,00 KZT");

  await open(page, testInfo, `${vehicle.url}/expenses`);
  await waitForHydration(page, testInfo);
  await addExpense(page, "service", { amount: "12 500" });
  await expect(page.getByTestId("expense-row")).toHaveCount(1);

  await open(page, testInfo, "/expenses/budgets");
  await expect(row).toHaveAttribute("data-state", "over");
  await expect(row.getByTestId("budget-actual")).toHaveText("12\u202f500,00 KZT");
  await expect(row.getByTestId("budget-used")).toHaveText("125 %");
});

test("in Arabic the demo's budgets and the fleet's consumption read right to left with Moroccan figures", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@atlastours.demo");
  // Last month: seeded whole however the month turned between the seed and this test.
  const now = new Date();
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  await open(page, testInfo, `/expenses/budgets?month=${last.toISOString().slice(0, 7)}`);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("h1")).toHaveText("الميزانيات");
  // Every department of the demo has a budget each month, set from what it spent.
  const rows = page.getByTestId("budget-row");
  await expect(rows).toHaveCount(5);
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute("data-state", /^(within|warning|over)$/);
    await expect(row.getByTestId("budget-actual")).toContainText(/^[\d.]+,\d\d MAD/);
  }

  await open(page, testInfo, "/expenses");
  await page.getByTestId("consumption-link").click();
  await expect(page.locator("h1")).toHaveText("استهلاك الأسطول");
  const sprinter = page.locator('[data-testid=model-row][data-model="Mercedes-Benz Sprinter 519"]');
  // Litres per 100 km with a decimal comma, as Moroccan French and Arabic write it.
  await expect(sprinter.getByTestId("model-figure")).toHaveText(/^\d+,\d /);
});

test("an expense booked by mistake is deleted after a second click, and a fill's odometer reading with it", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "12");
  await open(page, testInfo, `${vehicle.url}/expenses`);
  await waitForHydration(page, testInfo);
  await addExpense(page, "fuel", { fuel_quantity: "35", fuel_unit_price: "250", odometer: "8 000" });
  await expect(page.getByTestId("expense-row")).toHaveCount(1);

  await waitForHydration(page, testInfo);
  const row = page.getByTestId("expense-row");
  await row.getByTestId("delete-expense").locator("summary").click();
  await expect(row.getByTestId("delete-expense")).toContainText("Показание одометра заправки аннулируется вместе с ним.");
  await row.getByTestId("confirm-delete-expense").click();
  await expect(page.getByTestId("expenses")).toContainText("Расходов пока нет");

  await open(page, testInfo, `${vehicle.url}/mileage`);
  await expect(page.getByTestId("reading-row").first()).toHaveAttribute("data-void", "true");
  // Why, in the reader's language.
  await expect(page.getByTestId("reading-row").first().getByTestId("void-reason-shown")).toContainText("Расход на заправку удалён");
});
