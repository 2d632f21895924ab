import { expect, Page, TestInfo } from "@playwright/test";

export const PASSWORD = "fleetcore-demo";

export function hydrated(testInfo: TestInfo): boolean {
  return testInfo.project.name === "hydrated";
}

/** Opens a page and, in the hydrated project, waits until the WebAssembly has taken over. */
export async function open(page: Page, testInfo: TestInfo, path: string) {
  await page.goto(path);
  if (hydrated(testInfo)) {
    await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  }
}

export async function signIn(page: Page, testInfo: TestInfo, email: string, password = PASSWORD) {
  await open(page, testInfo, "/login");
  const form = page.getByTestId("login-form");
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=password]").fill(password);
  await form.locator("button[type=submit]").click();
}

/** Signs in and waits until the signed-in layout is there (the session cookies are set). */
export async function signInOk(page: Page, testInfo: TestInfo, email: string, password = PASSWORD) {
  await signIn(page, testInfo, email, password);
  await expect(page.getByTestId("sidebar")).toBeVisible();
}
