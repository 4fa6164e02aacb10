import { describe, expect, it } from "vitest";
import { devMailboxOpen } from "../../app/lib/email/dev-mailbox.server";

describe("devMailboxOpen", () => {
  it.each([
    { devMode: true, dashboardHost: "app.localhost", expected: true },
    { devMode: true, dashboardHost: "localhost", expected: true },
    { devMode: false, dashboardHost: "app.localhost", expected: false },
    // A stray DEV_MODE in a deployed environment is not enough.
    { devMode: true, dashboardHost: "app.portico.dev", expected: false },
    { devMode: true, dashboardHost: "app.localhost.portico.dev", expected: false },
    { devMode: false, dashboardHost: "app.portico.dev", expected: false },
  ])("DEV_MODE $devMode on $dashboardHost -> $expected", ({ devMode, dashboardHost, expected }) => {
    expect(devMailboxOpen({ devMode, dashboardHost })).toBe(expected);
  });
});
