import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { hydrated, open, signIn } from "./helpers";

// scripts/test.sh exports FLEETCORE_BIN and the database settings the command line needs.
const fleetcore = process.env.FLEETCORE_BIN ?? "../target/debug/fleetcore";

test("a company made with `fleetcore tenant create` signs in, replaces its one-time password and starts empty", async ({ page }, testInfo) => {
  const slug = `first-run-${hydrated(testInfo) ? "h" : "n"}-${Date.now().toString(36)}`;
  const email = `owner@${slug}.test`;
  const printed = execFileSync(
    fleetcore,
    ["tenant", "create", "--name", "Steppe Logistics", "--slug", slug, "--country", "KZ",
      "--time-zone", "Asia/Almaty", "--currency", "KZT", "--language", "en", "--admin-email", email],
    { encoding: "utf8" },
  );
  const oneTime = /one-time password: (\S+)/.exec(printed)?.[1];
  expect(oneTime, printed).toBeTruthy();

  await signIn(page, testInfo, email, oneTime!);
  // Signed in, the holder of a one-time password lands on the profile, and any other page
  // sends them back there.
  await expect(page).toHaveURL(/\/profile$/);
  await open(page, testInfo, "/vehicles");
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("must-change-password")).toBeVisible();

  const chosen = "steppe-owner-password-1";
  const form = page.getByTestId("password-form");
  await form.locator("input[name=current_password]").fill(oneTime!);
  await form.locator("input[name=new_password]").fill(chosen);
  await form.locator("input[name=confirm_password]").fill(chosen);
  await form.locator("button[type=submit]").click();
  // Hydrated, the whole application reloads from the dashboard; without JavaScript the form
  // post comes back to the profile, now without the notice.
  await expect(page).toHaveURL(hydrated(testInfo) ? /:\d+\/$/ : /\/profile$/);
  await expect(page.getByTestId("must-change-password")).toHaveCount(0);

  await open(page, testInfo, "/vehicles");
  await expect(page).toHaveURL(/\/vehicles$/);
  await expect(page.getByTestId("empty")).toBeVisible();
  await open(page, testInfo, "/drivers");
  await expect(page.getByTestId("empty")).toBeVisible();
});
