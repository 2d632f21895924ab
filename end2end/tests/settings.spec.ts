import { expect, Page, test } from "@playwright/test";
import { hydrated, open, signInOk, waitForHydration } from "./helpers";

/** Saves the form and waits for the server's answer (a navigation right away would cancel it). */
async function save(page: Page) {
  const answered = page.waitForResponse((r) => r.url().includes("/fn/settings/fleet/update"));
  await page.getByTestId("save-settings").click();
  await answered;
}

test("the admin changes the daily distance limit, and a bad value is refused", async ({ page }, testInfo) => {
  // Each project its own tenant, so the two never change the same rules at once.
  const admin = hydrated(testInfo) ? "admin@atlastours.demo" : "admin@kazfleet.demo";
  await signInOk(page, testInfo, admin);
  await open(page, testInfo, "/admin/settings");
  const form = page.getByTestId("fleet-rules-form");
  const limit = form.locator('[name="form[mileage_daily_limit_km]"]');
  const shared = form.locator('[name="form[drivers_share_vehicles]"]');
  const wasShared = await shared.isChecked();

  await limit.fill("none");
  await page.getByTestId("save-settings").click();
  await expect(page.locator('.field-error[data-field="mileage_daily_limit_km"]')).toBeVisible();

  await open(page, testInfo, "/admin/settings");
  await limit.fill("1 200");
  await save(page);
  await open(page, testInfo, "/admin/settings");
  await expect(limit).toHaveValue("1200");
  await expect(shared).toBeChecked({ checked: wasShared });

  // Back to the default the other tests expect.
  await waitForHydration(page, testInfo);
  await limit.fill("1000");
  await save(page);
  await open(page, testInfo, "/admin/settings");
  await expect(limit).toHaveValue("1000");
});
