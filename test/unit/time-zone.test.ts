import { describe, expect, it } from "vitest";
import { dateTimeFormatter, isValidTimeZone, safeTimeZone } from "../../app/lib/i18n";

describe("account time zones", () => {
  it.each([
    ["UTC", true, "UTC"],
    ["Europe/Amsterdam", true, "Europe/Amsterdam"],
    ["America/Argentina/Buenos_Aires", true, "America/Argentina/Buenos_Aires"],
    ["Mars/Olympus", false, "UTC"],
    ["", false, "UTC"],
    ["Europe/Amsterdam ", false, "UTC"],
    ["../../etc/passwd", false, "UTC"],
  ])("%j: valid %s, formatted in %s", (timeZone, valid, used) => {
    expect(isValidTimeZone(timeZone)).toBe(valid);
    expect(safeTimeZone(timeZone)).toBe(used);
  });

  it("formats dates of an account with an unknown time zone in UTC", () => {
    const moment = Date.UTC(2026, 0, 2, 3, 4);
    expect(dateTimeFormatter("en", "Mars/Olympus").dateTime(moment)).toBe(
      dateTimeFormatter("en", "UTC").dateTime(moment),
    );
  });
});
