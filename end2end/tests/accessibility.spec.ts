import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test } from "@playwright/test";
import { open, signInOk } from "./helpers";

// Every page, checked by axe-core for what WCAG 2.1 AA asks, in the light and dark themes and
// in Arabic (right to left). A critical or serious violation fails; the message lists each rule
// with the elements it found, so the fix starts from the failure.

const PAGES = [
  "/",
  "/vehicles",
  "/vehicles/new",
  "/drivers",
  "/drivers/new",
  "/mileage",
  "/maintenance",
  "/maintenance/calendar",
  "/maintenance/calendar?view=week",
  "/maintenance/programs",
  "/inspections",
  "/inspections/new",
  "/inspections/templates",
  "/expenses",
  "/expenses/rates",
  "/expenses/consumption",
  "/expenses/fuel-import",
  "/expenses/budgets",
  "/contracts",
  "/profile",
];
const ADMIN_PAGES = ["/admin/users", "/admin/roles", "/admin/settings", "/admin/audit"];
// A vehicle's and a driver's tabs, reached through the first row of their lists.
const VEHICLE_TABS = ["", "/assignments", "/history", "/mileage", "/maintenance", "/expenses", "/contracts"];
const DRIVER_TABS = ["", "/assignments", "/history", "/certifications", "/fines", "/mileage"];

type Finding = { page: string; rule: string; impact: string; elements: string[] };

async function findings(page: Page, path: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => ({
      page: path,
      rule: v.id,
      impact: v.impact!,
      elements: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
    }));
}

async function firstRowLink(page: Page, list: string, testid: string): Promise<string> {
  await page.goto(list);
  const href = await page.getByTestId(testid).first().locator("a").first().getAttribute("href");
  expect(href, `a row link on ${list}`).toBeTruthy();
  return href!;
}

async function checkAll(page: Page, testInfo: Parameters<typeof open>[1], paths: string[]) {
  const found: Finding[] = [];
  for (const path of paths) {
    await open(page, testInfo, path);
    found.push(...(await findings(page, path)));
  }
  expect(found, JSON.stringify(found, null, 2)).toEqual([]);
}

const VARIANTS = [
  { name: "light", user: "admin@kazfleet.demo", theme: "light", admin: true },
  { name: "dark", user: "admin@kazfleet.demo", theme: "dark", admin: true },
  { name: "Arabic", user: "manager@atlastours.demo", theme: "light", admin: false },
];

test.describe("accessibility", () => {
  // The hydrated page is the one people use; the server's rendering of it is the same markup.
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "checked once, on the hydrated page");

  test("the sign-in page", async ({ page }, testInfo) => {
    await checkAll(page, testInfo, ["/login"]);
  });

  for (const variant of VARIANTS) {
    test(`every page in the ${variant.name} theme or language`, async ({ page, context, baseURL }, testInfo) => {
      test.setTimeout(240_000);
      await context.addCookies([{ name: "fc_theme", value: variant.theme, url: baseURL! }]);
      await signInOk(page, testInfo, variant.user);
      const vehicle = await firstRowLink(page, "/vehicles", "vehicle-row");
      const driver = await firstRowLink(page, "/drivers", "driver-row");
      const paths = [
        ...PAGES,
        ...(variant.admin ? ADMIN_PAGES : []),
        ...VEHICLE_TABS.map((tab) => vehicle + tab),
        ...DRIVER_TABS.map((tab) => driver + tab),
      ];
      await checkAll(page, testInfo, paths);
    });
  }
});
