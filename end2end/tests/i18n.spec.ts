import { expect, test } from "@playwright/test";
import { open, signInOk } from "./helpers";

// Locale code, <html lang>, <html dir>, and the sign-in heading in that language.
const LANGUAGES: [string, string, string, string][] = [
  ["en", "en", "ltr", "Sign in to FleetCore"],
  ["ru", "ru", "ltr", "Вход в FleetCore"],
  ["kk", "kk", "ltr", "FleetCore жүйесіне кіру"],
  ["tr", "tr", "ltr", "FleetCore’a giriş yapın"],
  ["fr", "fr", "ltr", "Connexion à FleetCore"],
  ["ar", "ar", "rtl", "تسجيل الدخول إلى FleetCore"],
];

for (const [code, lang, dir, heading] of LANGUAGES) {
  test(`the sign-in page switches to ${code}`, async ({ page }, testInfo) => {
    await open(page, testInfo, "/login");
    await page.getByTestId("locale-switch").locator("summary").click();
    await page.locator(`button[data-locale="${code}"]`).click();
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.locator("html")).toHaveAttribute("dir", dir);
    await expect(page.locator("h1")).toHaveText(heading);
    // The choice survives a reload (cookie).
    await open(page, testInfo, "/login");
    await expect(page.locator("h1")).toHaveText(heading);
  });
}

test("a signed-in user's language choice is kept on the profile", async ({ browser }, testInfo) => {
  const options = { javaScriptEnabled: testInfo.project.name === "hydrated", baseURL: testInfo.project.use.baseURL };
  const mailbox = testInfo.project.name === "hydrated" ? "mechanic" : "dispatcher";
  const first = await browser.newContext(options);
  let page = await first.newPage();
  await signInOk(page, testInfo, `${mailbox}@atlastours.demo`);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.getByTestId("locale-switch").locator("summary").click();
  await page.locator('button[data-locale="ar"]').click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await first.close();

  // A new browser (no language cookie) gets Arabic from the profile at sign-in.
  const second = await browser.newContext(options);
  page = await second.newPage();
  await signInOk(page, testInfo, `${mailbox}@atlastours.demo`);
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  // Put it back for the next run.
  await page.getByTestId("locale-switch").locator("summary").click();
  await page.locator('button[data-locale="fr"]').click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await second.close();
});
