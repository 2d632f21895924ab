import { defineConfig } from "@playwright/test";

// Debian's Chromium: Playwright's own browser download cannot work without the internet.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000",
    launchOptions,
    locale: "en-US",
    trace: "off",
  },
  projects: [
    // Every page must work for reading and for its main form with JavaScript off...
    { name: "no-js", use: { javaScriptEnabled: false } },
    // ...and hydrated.
    { name: "hydrated", use: { javaScriptEnabled: true } },
  ],
});
