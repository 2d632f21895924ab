import { expect, Page, test } from "@playwright/test";
import { addVehicle, open, signInOk, waitForHydration } from "./helpers";

/** A day `offset` days from today, as a date input takes it. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Opens the add form and fills it; selects by their names. */
async function addContract(page: Page, fields: Record<string, string>) {
  const details = page.getByTestId("add-contract");
  if ((await details.getAttribute("open")) === null) await page.getByTestId("add-contract-open").click();
  const form = page.getByTestId("contract-form");
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="form[${name}]"]`);
    if (["contract_type", "payment_frequency", "currency"].includes(name)) await input.selectOption(value);
    else await input.fill(value);
  }
  await page.getByTestId("save-contract").click();
}

test("a contract near its end awaits renewal, and renewing links the next one", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "12");
  await open(page, testInfo, `${vehicle.url}/contracts`);
  await expect(page.getByTestId("contracts")).toContainText("Договоров пока нет");

  // The end before the start is refused on its field, what was typed kept.
  await addContract(page, { contract_type: "insurance_osago", contractor: "Nomad Insurance", starts_on: day(10), ends_on: day(-355), payment_frequency: "annual" });
  await expect(page.locator('.field-error[data-field="ends_on"]')).toBeVisible();
  await expect(page.getByTestId("contract-form").locator('[name="form[contractor]"]')).toHaveValue("Nomad Insurance");

  await waitForHydration(page, testInfo);
  await addContract(page, { contract_type: "insurance_osago", contractor: "Nomad Insurance", number: "OS-77", starts_on: day(-355), ends_on: day(10), amount: "24 000", payment_frequency: "annual" });
  const rows = page.getByTestId("contract-row");
  await expect(rows).toHaveCount(1);
  const old = rows.first();
  await expect(old).toHaveAttribute("data-status", "pending_renewal");
  await expect(old.getByTestId("urgency-badge")).toHaveText("≤ 14 дн.");
  await expect(old).toContainText("24\u202f000,00 KZT");
  await expect(page.getByTestId("contract-statuses").locator('[data-status="pending_renewal"]')).toContainText("1");

  // Renewing with the proposed term: the day after the end, as long again.
  await waitForHydration(page, testInfo);
  await old.getByTestId("renew-open").click();
  await old.getByTestId("renew-submit").click();
  await expect(rows).toHaveCount(2);
  const renewed = page.locator('[data-testid=contract-row]:has([data-testid="renewed"])');
  await expect(renewed).toHaveCount(1);
  await expect(renewed).toHaveAttribute("data-status", "active");
  await expect(renewed.getByTestId("renew-open")).toHaveCount(0);
  const next = page.locator('[data-testid=contract-row]:not(:has([data-testid="renewed"]))');
  await expect(next).toHaveAttribute("data-status", "active");
  await expect(next).toContainText("OS-77");
  await expect(page.getByTestId("contract-statuses").locator('[data-status="pending_renewal"]')).toContainText("0");

  // The renewal is in the vehicle's history.
  await open(page, testInfo, `${vehicle.url}/history`);
  await expect(page.getByTestId("record-history").getByTestId("audit-row").first()).toHaveAttribute("data-action", "contract.renew");
});

test("in Arabic the contracts read right to left with the demo's insurance near expiry", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@atlastours.demo");
  await open(page, testInfo, "/contracts?status=pending_renewal");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("h1")).toHaveText("العقود");
  const row = page.getByTestId("contract-row").first();
  await expect(row).toHaveAttribute("data-status", "pending_renewal");
  await expect(row).toContainText(/[\d.]+,\d\d (MAD|EUR)/);
  await expect(row).toContainText(/\d\d\/\d\d\/\d{4}/);
  // The soonest to end comes first.
  await expect(page.locator("[data-testid=contract-row] [data-testid=urgency-badge]").first()).toHaveAttribute("data-urgency", "7");
});

test("a lease's monthly payment due is recorded once as an expense of the vehicle", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "12");
  await open(page, testInfo, `${vehicle.url}/contracts`);
  await expect(page.getByTestId("no-payments")).toBeVisible();
  await waitForHydration(page, testInfo);
  await addContract(page, { contract_type: "leasing", contractor: "Halyk Leasing", number: "LS-5", starts_on: day(-5), ends_on: day(1090), amount: "300 000", payment_frequency: "monthly" });
  await expect(page.getByTestId("contract-row")).toHaveCount(1);
  const first = page.locator(`[data-testid=payment-row][data-due="${day(-5)}"]`);
  await expect(first).toContainText("300\u202f000,00 KZT");
  await expect(page.getByTestId("expected-by-month")).toContainText("300\u202f000,00 KZT");

  await waitForHydration(page, testInfo);
  await first.getByTestId("record-payment-submit").click();
  await expect(first).toHaveCount(0);

  await open(page, testInfo, `${vehicle.url}/expenses`);
  const row = page.getByTestId("expense-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-category", "other");
  await expect(row).toContainText("Halyk Leasing · LS-5");
  await expect(row.getByTestId("original-amount")).toHaveText("300\u202f000,00 KZT");
});
