import { expect, Locator, Page, test } from "@playwright/test";
import { addVehicle, fresh, hydrated, open, signInOk, waitForHydration } from "./helpers";

/** A day `offset` days from today, as a date input takes it (far enough from today that the
 *  tenant's time zone does not matter). */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Fills and sends the plan form (the vehicle is given on its tab, typed on the board). */
async function plan(page: Page, fields: Record<string, string>, kind = "repair") {
  const details = page.getByTestId("plan-work");
  if ((await details.getAttribute("open")) === null) await page.getByTestId("plan-open").click();
  const form = page.getByTestId("plan-form");
  await form.locator('[name="form[kind]"]').selectOption(kind);
  for (const [name, value] of Object.entries(fields)) {
    await form.locator(`[name="form[${name}]"]`).fill(value);
  }
  await page.getByTestId("save-work").click();
}

/** Opens a card's move form, picks where to and fills what completing needs. */
async function moveCard(card: Locator, to: string, mileage = "") {
  // A form that refused the last move is still open.
  if ((await card.locator("details.move").getAttribute("open")) === null) await card.getByTestId("move-open").click();
  await card.getByTestId("move-to").selectOption(to);
  if (mileage) await card.getByTestId("move-mileage").fill(mileage);
  await card.getByTestId("move-submit").click();
}

const card = (page: Page, title: string) => page.getByTestId("work-card").filter({ hasText: title });

test("work planned on a vehicle is started and completed with its odometer, and the vehicle follows", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "05");
  await open(page, testInfo, `${vehicle.url}/maintenance`);
  await expect(page.getByTestId("no-open-work")).toBeVisible();
  await expect(page.getByTestId("work-history")).toContainText("Выполненных работ пока нет");

  // A title is required: refused by field, the rest of what was typed stays.
  await waitForHydration(page, testInfo);
  await plan(page, { title: "   ", due_km: "15 000" });
  await expect(page.locator('.field-error[data-field="title"]')).toBeVisible();
  await expect(page.getByTestId("plan-form").locator('[name="form[due_km]"]')).toHaveValue("15 000");
  await plan(page, { title: "Замена тормозных колодок", scheduled_on: day(-3) });
  const brakes = card(page, "Замена тормозных колодок");
  await expect(brakes).toHaveAttribute("data-due", "overdue");
  await expect(brakes.getByTestId("due-badge")).toHaveText("Просрочено");

  await waitForHydration(page, testInfo);
  await moveCard(brakes, "in_progress");
  await expect(brakes).toHaveAttribute("data-status", "in_progress");
  await expect(page.getByTestId("vehicle-header").getByTestId("status-badge")).toHaveAttribute("data-status", "in_maintenance");

  // Completing without the odometer is refused on that card, with the reason.
  await waitForHydration(page, testInfo);
  await moveCard(brakes, "completed");
  await expect(brakes.locator('.field-error[data-field="mileage"]')).toBeVisible();
  await expect(brakes).toHaveAttribute("data-status", "in_progress");
  await waitForHydration(page, testInfo);
  await moveCard(brakes, "completed", "12 000");
  await expect(page.getByTestId("no-open-work")).toBeVisible();
  const done = page.getByTestId("work-row");
  await expect(done).toHaveCount(1);
  await expect(done.first()).toHaveAttribute("data-status", "completed");
  await expect(done.first().getByTestId("work-when")).toContainText(/12\s000/);
  await expect(page.getByTestId("vehicle-header").getByTestId("status-badge")).toHaveAttribute("data-status", "active");
  // The completion is an odometer reading.
  await open(page, testInfo, `${vehicle.url}/mileage`);
  await expect(page.getByTestId("current-mileage")).toHaveAttribute("data-km", "12000");
});

test("the board shows what is due, moves cards, and the list filters overdue work", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const vehicle = await addVehicle(page, testInfo, "05");
  const board = `/maintenance?vehicle_id=${vehicle.url.split("/").pop()}`;
  await open(page, testInfo, board);
  await waitForHydration(page, testInfo);
  await plan(page, { vehicle: vehicle.plate, title: "ТО-1", scheduled_on: day(-2) }, "scheduled_service");
  await expect(card(page, "ТО-1")).toHaveAttribute("data-due", "overdue");
  await waitForHydration(page, testInfo);
  await plan(page, { vehicle: vehicle.plate, title: "Шиномонтаж", scheduled_on: day(60) }, "tire_change");
  await expect(card(page, "Шиномонтаж")).toHaveAttribute("data-due", "later");

  const column = (status: string) => page.locator(`[data-testid=board-column][data-status=${status}]`);
  await expect(column("scheduled").getByTestId("work-card")).toHaveCount(2);
  await expect(column("scheduled").getByTestId("column-total")).toHaveText("2");

  // Moved by dragging once hydrated, by the card's form without JavaScript.
  if (hydrated(testInfo)) {
    await card(page, "ТО-1").dragTo(column("in_progress"));
  } else {
    await moveCard(card(page, "ТО-1"), "in_progress");
  }
  await expect(column("in_progress").getByTestId("work-card")).toHaveCount(1);
  await expect(column("in_progress")).toContainText("ТО-1");
  // Completing asks for the odometer: a drop opens the card's form on "complete".
  if (hydrated(testInfo)) {
    await card(page, "ТО-1").dragTo(column("completed"));
    const form = card(page, "ТО-1").getByTestId("move-form");
    await expect(form).toBeVisible();
    await expect(form.getByTestId("move-to")).toHaveValue("completed");
    await form.getByTestId("move-mileage").fill("500");
    await form.getByTestId("move-submit").click();
  } else {
    await moveCard(card(page, "ТО-1"), "completed", "500");
  }
  await expect(column("completed").getByTestId("work-card")).toHaveCount(1);
  await expect(column("in_progress").getByTestId("work-card")).toHaveCount(0);

  // Cancelled work is counted under the board and listed on the list.
  await waitForHydration(page, testInfo);
  await moveCard(card(page, "Шиномонтаж"), "cancelled");
  await expect(column("cancelled").getByTestId("column-total")).toHaveText("1");
  await expect(column("cancelled").getByTestId("column-more")).toHaveAttribute("href", /view=list.*status=cancelled|status=cancelled.*view=list/);
  await expect(column("scheduled").getByTestId("work-card")).toHaveCount(0);

  // The list view with the due filter: overdue scheduled work only.
  await waitForHydration(page, testInfo);
  await plan(page, { vehicle: vehicle.plate, title: "Диагностика", scheduled_on: day(-5) }, "inspection");
  // Saved (and the form emptied) before the next one is typed.
  await expect(card(page, "Диагностика")).toHaveCount(1);
  await waitForHydration(page, testInfo);
  await plan(page, { vehicle: vehicle.plate, title: "Регламент", scheduled_on: day(40) }, "scheduled_service");
  await expect(column("scheduled").getByTestId("work-card")).toHaveCount(2);
  await page.getByTestId("view-list").click();
  await expect(page.getByTestId("work-row")).toHaveCount(4);
  await page.getByTestId("due-overdue").check();
  await page.getByTestId("apply-filters").click();
  await expect(page.getByTestId("work-row")).toHaveCount(1);
  await expect(page.getByTestId("work-row").first()).toContainText("Диагностика");
  await expect(page.getByTestId("work-row").first()).toHaveAttribute("data-due", "overdue");
});

test("in Arabic the board reads right to left", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@atlastours.demo");
  await open(page, testInfo, "/maintenance");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("h1")).toHaveText("الصيانة");
  const scheduled = (await page.locator("[data-testid=board-column][data-status=scheduled]").boundingBox())!;
  const inProgress = (await page.locator("[data-testid=board-column][data-status=in_progress]").boundingBox())!;
  expect(scheduled.x).toBeGreaterThan(inProgress.x);
  await expect(page.locator("[data-testid=board-column][data-status=scheduled] h2")).toHaveText("مجدول");
});

test("a program applied to a department plans its work, and completing it plans the next", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const department = `Программы ${fresh(testInfo)}`;
  const first = await addVehicle(page, testInfo, "05", { department });
  await addVehicle(page, testInfo, "05", { department });
  const name = `ТО-15 ${fresh(testInfo)}`;

  await open(page, testInfo, "/maintenance/programs");
  await page.getByTestId("new-program-open").click();
  const form = page.getByTestId("program-form");
  await form.locator('[name="form[name]"]').fill(name);
  await page.getByTestId("save-program").click();
  // Neither interval: refused on the field, the name kept.
  await expect(page.locator('.field-error[data-field="interval_km"]')).toContainText("пробег");
  await expect(form.locator('[name="form[name]"]')).toHaveValue(name);
  await form.locator('[name="form[interval_km]"]').fill("15 000");
  await form.locator('[name="form[interval_months]"]').fill("12");
  await form.locator('[name="form[tasks]"]').fill("Масло\nФильтры");
  await page.getByTestId("save-program").click();
  const row = page.getByTestId("program-row").filter({ hasText: name });
  await expect(row.getByTestId("program-interval")).toContainText(/15\s000/);

  await waitForHydration(page, testInfo);
  await row.getByTestId("apply-open").click();
  await row.getByTestId("apply-department").selectOption(department);
  await row.getByTestId("apply-submit").click();
  await expect(page.getByTestId("applied")).toHaveAttribute("data-planned", "2");
  await expect(page.getByTestId("program-row").filter({ hasText: name }).getByTestId("program-vehicles")).toHaveText("2");

  await open(page, testInfo, `${first.url}/maintenance`);
  const planned = card(page, name);
  await expect(planned).toHaveCount(1);
  await expect(planned).toHaveAttribute("data-due", "later");
  await expect(planned.getByTestId("reminders")).toBeVisible();
  await waitForHydration(page, testInfo);
  await moveCard(planned, "completed", "800");
  await expect(page.getByTestId("work-row")).toHaveCount(1);
  // The next one, an interval after the completion: 800 + 15,000 km.
  await expect(card(page, name)).toHaveCount(1);
  await expect(card(page, name)).toContainText(/15\s800/);
});

test("the calendar shows booked work by day and overdue work apart, and reschedules it", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@kazfleet.demo");
  const department = `Календарь ${fresh(testInfo)}`;
  const vehicle = await addVehicle(page, testInfo, "05", { department });
  await open(page, testInfo, `${vehicle.url}/maintenance`);
  await waitForHydration(page, testInfo);
  await plan(page, { title: "Замена масла", scheduled_on: day(3) }, "scheduled_service");
  await expect(card(page, "Замена масла")).toHaveCount(1);
  await waitForHydration(page, testInfo);
  await plan(page, { title: "Проверка тормозов", scheduled_on: day(-10) }, "inspection");
  await expect(card(page, "Проверка тормозов")).toHaveCount(1);

  // The week of the booked day, this department's work only.
  await open(page, testInfo, `/maintenance/calendar?department=${encodeURIComponent(department)}&view=week&on=${day(3)}`);
  await expect(page.getByTestId("calendar")).toHaveAttribute("data-span", "week");
  await expect(page.getByTestId("calendar-day")).toHaveCount(7);
  const booked = page.locator(`[data-testid=calendar-day][data-date="${day(3)}"]`);
  await expect(booked.getByTestId("calendar-entry")).toHaveCount(1);
  await expect(booked).toContainText("Замена масла");
  const overdue = page.getByTestId("overdue-before").getByTestId("calendar-entry");
  await expect(overdue).toHaveAttribute("data-due", "overdue");
  await expect(overdue).toContainText("Проверка тормозов");

  // Rescheduled by dragging once hydrated, by the entry's form without JavaScript.
  if (hydrated(testInfo)) {
    await expect(page.getByTestId("calendar")).toHaveAttribute("data-live", "true");
    // Grabbed by its edge: headless Chromium starts no drag from the text or the button inside.
    await overdue.dragTo(booked, { sourcePosition: { x: 5, y: 5 } });
  } else {
    await overdue.getByTestId("reschedule-open").click();
    await overdue.getByTestId("reschedule-date").fill(day(3));
    await overdue.getByTestId("reschedule-submit").click();
  }
  await expect(booked.getByTestId("calendar-entry")).toHaveCount(2);
  await expect(page.getByTestId("overdue-before")).toHaveCount(0);
  await expect(booked.getByTestId("calendar-entry").filter({ hasText: "Проверка тормозов" })).toHaveAttribute("data-due", "due_soon");

  // The month holding it, and back to the board.
  await page.getByTestId("view-month").click();
  await expect(page.getByTestId("calendar")).toHaveAttribute("data-span", "month");
  await expect(page.locator(`[data-testid=calendar-day][data-date="${day(3)}"]`).getByTestId("calendar-entry")).toHaveCount(2);
});

test("in Arabic the calendar names its month and days and reads right to left", async ({ page }, testInfo) => {
  await signInOk(page, testInfo, "manager@atlastours.demo");
  await open(page, testInfo, "/maintenance/calendar?on=2027-01-15");
  await expect(page.locator("h1")).toHaveText("تقويم الصيانة");
  await expect(page.getByTestId("calendar-heading")).toHaveText("يناير 2027");
  const monday = (await page.locator(".calendar-weekday").first().boundingBox())!;
  const tuesday = (await page.locator(".calendar-weekday").nth(1).boundingBox())!;
  await expect(page.locator(".calendar-weekday").first()).toHaveText("الاثنين");
  expect(monday.x).toBeGreaterThan(tuesday.x);
  // January 2027 starts on a Friday: the grid opens on Monday 28 December.
  await expect(page.getByTestId("calendar-day").first()).toHaveAttribute("data-date", "2026-12-28");
  await expect(page.getByTestId("calendar-day").first()).toHaveAttribute("data-outside", "true");
});
