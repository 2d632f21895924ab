import { expect, Page, test, TestInfo } from "@playwright/test";
import { hydrated, open, PASSWORD, signIn, signInOk } from "./helpers";

/** Creates a user with one role through the form on /admin/users; answers the one-time password shown. */
async function createUser(page: Page, testInfo: TestInfo, email: string, fullName: string, role: string): Promise<string> {
  await open(page, testInfo, "/admin/users");
  const form = page.getByTestId("create-user-form");
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=full_name]").fill(fullName);
  await form.locator(`input[data-role="${role}"]`).check();
  await form.locator("button[type=submit]").click();
  return (await page.getByTestId("initial-password").textContent())!;
}

test("the admin creates a user, who signs in with the one-time password", async ({ page, browser }, testInfo) => {
  const email = `new-${testInfo.project.name}-${Date.now()}@kazfleet.demo`;
  await signInOk(page, testInfo, "admin@kazfleet.demo");
  const password = await createUser(page, testInfo, email, "Нурлан Тестов", "driver");
  expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  await expect(page.locator(`tr[data-email="${email}"]`)).toBeVisible();
  // Shown once: a reload no longer has it.
  await open(page, testInfo, "/admin/users");
  await expect(page.getByTestId("initial-password")).toHaveCount(0);

  const other = await browser.newContext({ javaScriptEnabled: hydrated(testInfo), baseURL: testInfo.project.use.baseURL });
  const newcomer = await other.newPage();
  await signIn(newcomer, testInfo, email, password);
  await expect(newcomer.getByTestId("sidebar")).toBeVisible();
  // A driver sees the dashboard, their odometer readings, inspections and their profile.
  await expect(newcomer.getByTestId("sidebar").locator("a")).toHaveCount(4);
  await other.close();

  // Deactivated, the user can no longer sign in.
  await page.locator(`tr[data-email="${email}"]`).getByTestId("toggle-active").click();
  await expect(page.locator(`tr[data-email="${email}"]`).getByTestId("status")).toHaveText("Отключён");
  if (hydrated(testInfo)) {
    // Hydrated pages confirm with a toast.
    await expect(page.locator(".toast-success")).toHaveText(/Сохранено/);
  }
});

test("a duplicate email is a field error", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "admin@kazfleet.demo");
  await open(page, testInfo, "/admin/users");
  const form = page.getByTestId("create-user-form");
  await form.locator("input[name=email]").fill("driver@atlastours.demo");
  await form.locator("input[name=full_name]").fill("Someone");
  await form.locator("button[type=submit]").click();
  await expect(page.locator('.field-error[data-field="email"]')).toHaveText("Это значение уже используется.");
});

test("the admin builds a custom role by ticking permissions", async ({ page }, testInfo) => {
  const name = `Night shift ${testInfo.project.name} ${Date.now()}`;
  await signInOk(page, testInfo, "admin@atlastours.demo");
  await open(page, testInfo, "/admin/roles");
  const form = page.getByTestId("create-role-form");
  await form.locator("input[name=name]").fill(name);
  await form.locator('input[value="vehicle_read"]').check();
  await form.locator('input[value="user_read"]').check();
  await form.locator("button[type=submit]").click();
  const card = page.locator(`section[data-role="${name}"]`);
  await expect(card).toBeVisible();
  await expect(card.locator("li.chip")).toHaveCount(2);

  // Delete it again (the confirmation box must be ticked).
  await card.locator("summary").click();
  await card.locator('input[name="confirm"]').check();
  await card.locator("button.danger").click();
  await expect(page.locator(`section[data-role="${name}"]`)).toHaveCount(0);
});

test("a user without the permission cannot open the admin pages", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "viewer@kazfleet.demo");
  await open(page, testInfo, "/admin/users");
  await expect(page.locator("[data-error=forbidden]")).toBeVisible();
  await expect(page.getByTestId("users-table")).toHaveCount(0);
});

test.describe("passwords", () => {
  test("the admin resets a password: the user signs in once with it and must choose a new one", async ({ page, browser }, testInfo) => {
    const email = `reset-${testInfo.project.name}-${Date.now()}@atlastours.demo`;
    await signInOk(page, testInfo, "admin@atlastours.demo");
    const initial = await createUser(page, testInfo, email, "Karim Reset", "viewer");

    // Behind a confirmation that says what it does.
    const row = page.locator(`tr[data-email="${email}"]`);
    await row.getByTestId("reset-password").locator("summary").click();
    await expect(row.getByTestId("reset-password")).toContainText("Karim Reset");
    await row.getByTestId("confirm-reset-password").click();
    await expect(page.getByTestId("password-reset")).toContainText(email);
    const oneTime = (await page.getByTestId("initial-password").textContent())!;
    expect(oneTime).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(oneTime).not.toBe(initial);
    // Shown once.
    await open(page, testInfo, "/admin/users");
    await expect(page.getByTestId("initial-password")).toHaveCount(0);

    const other = await browser.newContext({ javaScriptEnabled: hydrated(testInfo), baseURL: testInfo.project.use.baseURL });
    const user = await other.newPage();
    await signIn(user, testInfo, email, oneTime);
    await expect(user).toHaveURL(/\/profile$/);
    await expect(user.getByTestId("must-change-password")).toBeVisible();
    await other.close();
  });

  test("the profile changes the password with the old one", async ({ page }, testInfo) => {
    // A fresh user, so the demo passwords stay as they are.
    const email = `pw-${testInfo.project.name}-${Date.now()}@atlastours.demo`;
    await signInOk(page, testInfo, "admin@atlastours.demo");
    const initial = await createUser(page, testInfo, email, "Leila Test", "viewer");
    await page.context().clearCookies();

    await signInOk(page, testInfo, email, initial);
    await open(page, testInfo, "/profile");
    const pw = page.getByTestId("password-form");
    await pw.locator("input[name=current_password]").fill("wrong-password");
    await pw.locator("input[name=new_password]").fill(PASSWORD + "-changed");
    await pw.locator("input[name=confirm_password]").fill(PASSWORD + "-changed");
    await pw.locator("button[type=submit]").click();
    await expect(page.locator('.field-error[data-field="current_password"]')).toBeVisible();

    await pw.locator("input[name=current_password]").fill(initial);
    await pw.locator("input[name=new_password]").fill(PASSWORD + "-changed");
    await pw.locator("input[name=confirm_password]").fill(PASSWORD + "-changed");
    await pw.locator("button[type=submit]").click();
    await expect(page.locator('.field-error[data-field="current_password"]')).toHaveCount(0);
    await page.context().clearCookies();
    await signIn(page, testInfo, email, PASSWORD + "-changed");
    await expect(page.getByTestId("sidebar")).toBeVisible();
  });
});
