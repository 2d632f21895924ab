import { expect, Page, test } from "@playwright/test";
import { addVehicle, fresh, hydrated, open, signInOk, waitForHydration } from "./helpers";

/** `days` days ago at 09:00, as a datetime-local input takes it. */
function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

/** Types a reading into the vehicle's mileage tab and sends it. */
async function record(page: Page, km: string, at = "") {
  const form = page.getByTestId("reading-form");
  await form.locator('[name="form[value]"]').fill(km);
  await form.locator('[name="form[recorded_at]"]').fill(at);
  await page.getByTestId("save-reading").click();
}

async function expectMileage(page: Page, km: number) {
  await expect(page.getByTestId("current-mileage")).toHaveAttribute("data-km", String(km));
}

test("readings are recorded, back-dated, refused when decreasing, confirmed when abnormal, and voided", async ({ page }, testInfo) => {
  const echarts: string[] = [];
  page.on("request", (r) => r.url().includes("/vendor/echarts/") && echarts.push(r.url()));
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "04");
  // ECharts loads only where a chart is drawn: not with the shell, the list or the form.
  expect(echarts).toHaveLength(0);
  await open(page, testInfo, `${vehicle.url}/mileage`);
  await expect(page.getByTestId("readings")).toContainText("Показаний пока нет");
  const rows = page.getByTestId("reading-row");

  await record(page, "10 000", daysAgo(10));
  await expect(rows).toHaveCount(1);
  await waitForHydration(page, testInfo);
  await record(page, "10500", daysAgo(5));
  await expect(rows).toHaveCount(2);
  // Back-dated between the two.
  await waitForHydration(page, testInfo);
  await record(page, "10200", daysAgo(7));
  await expect(rows).toHaveCount(3);
  await expectMileage(page, 10_500);
  await expect(rows.getByTestId("reading-value")).toHaveText([/10\s500/, /10\s200/, /10\s000/]);
  // The monthly distance: a table without JavaScript, a chart once hydrated.
  const distance = page.getByTestId("monthly-distance");
  if (hydrated(testInfo)) {
    await expect(distance.getByTestId("distance-chart")).toHaveAttribute("data-drawn", "true");
    await expect(distance.locator("canvas")).toHaveCount(1);
    expect(echarts).toHaveLength(1);
  } else {
    await expect(distance.locator("table")).toBeVisible();
    expect(echarts).toHaveLength(0);
  }

  // Lower than the latest: refused with the reason, nothing saved.
  await waitForHydration(page, testInfo);
  await record(page, "10100");
  await expect(page.locator('.field-error[data-field="value"]')).toContainText("Меньше предыдущего показания");
  await expect(rows).toHaveCount(3);

  // 19,500 km in five days: refused until confirmed; what was typed stays.
  await waitForHydration(page, testInfo);
  await record(page, "30000");
  await expect(page.locator('.field-error[data-field="value"]')).toContainText("лимит");
  await expect(page.getByTestId("reading-form").locator('[name="form[value]"]')).toHaveValue("30000");
  await page.getByTestId("confirm-abnormal").locator("input").check();
  await page.getByTestId("save-reading").click();
  await expect(rows).toHaveCount(4);
  await expect(rows.first().getByTestId("flag-abnormal")).toBeVisible();
  await expectMileage(page, 30_000);

  // Voiding it brings the mileage back to the latest live reading; the row stays, struck.
  await waitForHydration(page, testInfo);
  await rows.first().getByTestId("void-open").click();
  await rows.first().getByTestId("void-reason").fill("Опечатка: 30000 вместо 10600");
  await rows.first().getByTestId("void-submit").click();
  await expectMileage(page, 10_500);
  await expect(rows).toHaveCount(4);
  await expect(rows.first().getByTestId("flag-void")).toBeVisible();
  await expect(rows.first()).toContainText("Опечатка");
});

test("bulk entry saves the good rows and shows the bad one with its error", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const department = `Bulk ${fresh(testInfo)}`;
  const first = await addVehicle(page, testInfo, "04", { department });
  const second = await addVehicle(page, testInfo, "04", { department });
  await open(page, testInfo, `${second.url}/mileage`);
  await record(page, "50000", daysAgo(3));
  await expectMileage(page, 50_000);

  await open(page, testInfo, `/mileage?department=${encodeURIComponent(department)}`);
  const rows = page.getByTestId("entry-row");
  await expect(rows).toHaveCount(2);
  const row = (plate: string) => page.locator(`[data-testid="entry-row"][data-plate="${plate}"]`);
  await row(first.plate).getByTestId("entry-value").fill("1 200");
  await row(second.plate).getByTestId("entry-value").fill("40000");
  await page.getByTestId("bulk-save").click();

  await expect(page.getByTestId("bulk-summary")).toHaveText("Сохранено показаний: 1, строк с ошибками: 1.");
  await expect(row(second.plate)).toHaveAttribute("data-failed", "true");
  await expect(row(second.plate)).toContainText("Меньше предыдущего показания");
  await expect(row(second.plate).getByTestId("entry-value")).toHaveValue("40000");
  await expect(row(first.plate).getByTestId("entry-current")).toHaveAttribute("data-km", "1200");
  await expect(row(second.plate).getByTestId("entry-current")).toHaveAttribute("data-km", "50000");
});

test("a driver sees and records only the vehicles assigned to them", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "driver@kazfleet.demo");
  await expect(page.getByTestId("sidebar").locator('a[href="/mileage"]')).toBeVisible();
  await expect(page.getByTestId("sidebar").locator('a[href="/vehicles"]')).toHaveCount(0);
  await open(page, testInfo, "/mileage");
  const rows = page.getByTestId("entry-row");
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("department-filter")).toHaveCount(0);
  const current = Number(await rows.getByTestId("entry-current").getAttribute("data-km"));
  await rows.getByTestId("entry-value").fill(String(current + 12));
  await page.getByTestId("bulk-save").click();
  await expect(page.getByTestId("bulk-summary")).toContainText(/: 1\b.*: 0/);
  await expect(rows.getByTestId("entry-current")).toHaveAttribute("data-km", String(current + 12));
});
