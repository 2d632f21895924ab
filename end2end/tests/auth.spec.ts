import { expect, test } from "@playwright/test";
import { hydrated, open, signIn } from "./helpers";

// Which sidebar entries each default role sees (by link target).
const SIDEBARS: Record<string, string[]> = {
  admin: ["/", "/vehicles", "/drivers", "/mileage", "/maintenance", "/inspections", "/expenses", "/contracts", "/admin/users", "/admin/roles", "/admin/settings", "/admin/audit", "/profile"],
  manager: ["/", "/vehicles", "/drivers", "/mileage", "/maintenance", "/inspections", "/expenses", "/contracts", "/admin/users", "/admin/audit", "/profile"],
  dispatcher: ["/", "/vehicles", "/drivers", "/mileage", "/maintenance", "/inspections", "/expenses", "/contracts", "/profile"],
  mechanic: ["/", "/vehicles", "/mileage", "/maintenance", "/inspections", "/profile"],
  driver: ["/", "/mileage", "/inspections", "/profile"],
  viewer: ["/", "/vehicles", "/drivers", "/maintenance", "/inspections", "/expenses", "/contracts", "/profile"],
};

for (const [mailbox, links] of Object.entries(SIDEBARS)) {
  test(`${mailbox} signs in and sees their sidebar`, async ({ page }, testInfo) => {
    await signIn(page, testInfo, `${mailbox}@kazfleet.demo`);
    await expect(page).toHaveURL(/\/$/);
    const nav = page.getByTestId("sidebar");
    await expect(nav.locator("a")).toHaveCount(links.length);
    for (const href of links) {
      await expect(nav.locator(`a[data-nav="${href}"]`)).toHaveCount(1);
    }
    // The user's language is Russian (KazFleet's default) and is applied at sign-in.
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  });
}

test("a wrong password is refused with a translated message", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "viewer@atlastours.demo", "not-the-password");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.locator("[data-error=invalid_credentials]")).toHaveText("The email or password is incorrect.");
  // The right password still works (and clears the account's failures for the next run).
  await signIn(page, testInfo, "viewer@atlastours.demo");
  await expect(page.getByTestId("sidebar")).toBeVisible();
});

test("repeated failures are throttled", async ({ page }, testInfo) => {
  const email = `throttle-${testInfo.project.name}-${Date.now()}@nowhere.demo`;
  for (let i = 0; i < 5; i++) {
    await signIn(page, testInfo, email, "wrong-password");
    await expect(page.locator("[data-error=invalid_credentials]")).toBeVisible();
  }
  await signIn(page, testInfo, email, "wrong-password");
  await expect(page.locator("[data-error=rate_limited]")).toBeVisible();
});

test("signing out ends the session", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "driver@atlastours.demo");
  await expect(page.getByTestId("sidebar")).toBeVisible();
  await page.getByTestId("user-menu").locator("summary").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
  await open(page, testInfo, "/");
  await expect(page).toHaveURL(/\/login/);
});

test("pages need a signed-in user", async ({ page }, testInfo) => {
  await open(page, testInfo, "/profile");
  await expect(page).toHaveURL(/\/login/);
});

test("anonymous pages follow Accept-Language", async ({ browser }, testInfo) => {
  const context = await browser.newContext({
    locale: "fr-FR",
    javaScriptEnabled: hydrated(testInfo),
    baseURL: testInfo.project.use.baseURL,
  });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.locator("h1")).toHaveText("Connexion à FleetCore");
  await context.close();
});
