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

/** Something no other run or project uses: employee numbers and plates are unique per tenant. */
export function fresh(testInfo: TestInfo): string {
  return `${hydrated(testInfo) ? "H" : "N"}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}`;
}

/** A Kazakh plate nobody else uses in this run; each spec file takes its own region. */
export function freshPlate(testInfo: TestInfo, region: string): string {
  const letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  const pick = () => letters[Math.floor(Math.random() * letters.length)];
  const digits = String(Math.floor(Math.random() * 1000)).padStart(3, "0");
  return `${digits} ${pick()}${pick()}${hydrated(testInfo) ? "H" : "N"} ${region}`;
}

export async function waitForHydration(page: Page, testInfo: TestInfo) {
  if (hydrated(testInfo)) await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** Registers a vehicle and returns its plate and page. */
export async function addVehicle(page: Page, testInfo: TestInfo, region: string, extra: Record<string, string> = {}) {
  const plate = freshPlate(testInfo, region);
  await open(page, testInfo, "/vehicles/new");
  const form = page.getByTestId("vehicle-form");
  for (const [name, value] of Object.entries({ plate, brand: "Kia", model: "Rio", year: "2022", ...extra })) {
    await form.locator(`[name="form[${name}]"]`).fill(value);
  }
  await form.locator('[name="form[body_type]"]').selectOption("sedan");
  await form.locator('[name="form[fuel_type]"]').selectOption("gasoline");
  await page.getByTestId("save-vehicle").click();
  await expect(page.getByTestId("vehicle-plate")).toHaveText(plate);
  return { plate, url: page.url() };
}
