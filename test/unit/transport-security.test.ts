import { describe, expect, it } from "vitest";
import { dashboardCookieName } from "../../app/lib/auth/cookies";
import { strictTransportSecurity } from "../../app/lib/security/headers";

describe("strictTransportSecurity", () => {
  it.each([
    ["https://app.portico.dev/sign-in", "max-age=63072000; includeSubDomains"],
    ["https://APP.Portico.dev./", "max-age=63072000; includeSubDomains"],
    // Portal hosts: a tenant's own domain, or a system domain; never their subdomains.
    ["https://help.acme.com/portal", "max-age=31536000"],
    ["https://acme.portico-sites.com/support", "max-age=31536000"],
    // Plain http: nothing (local development).
    ["http://app.localhost/", null],
    ["http://acme.portico-sites.localhost/support", null],
  ])("%s -> %s", (url, expected) => {
    expect(strictTransportSecurity(url, "app.portico.dev")).toBe(expected);
  });
});

describe("dashboardCookieName", () => {
  it("carries the __Host- prefix exactly when the cookie is Secure", () => {
    expect(dashboardCookieName(true)).toBe("__Host-portico_dashboard");
    expect(dashboardCookieName(false)).toBe("portico_dashboard");
  });
});
