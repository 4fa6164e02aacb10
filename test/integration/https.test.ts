import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed";
import { cookieFrom, getPage, postForm } from "../support/http";

const DASHBOARD_HTTPS = "https://app.localhost";
const DASHBOARD_HTTP = "http://app.localhost";

describe("the dashboard cookie", () => {
  it("on https is a __Host- cookie: Secure, Path=/, no Domain, and it signs in", async () => {
    const { response } = await postForm(`${DASHBOARD_HTTPS}/sign-in`, {
      email: "owner@acme.example",
      password: DEMO_PASSWORD,
    });
    expect(response.status).toBe(302);
    const header = response.headers.get("set-cookie") ?? "";
    expect(header).toMatch(/^__Host-portico_dashboard=[a-z2-7]{24}\.[a-z2-7]{32};/);
    expect(header).toContain("Path=/;");
    expect(header).toContain("Secure");
    expect(header).not.toMatch(/Domain=/i);
    const cookie = cookieFrom(response);
    expect((await getPage(`${DASHBOARD_HTTPS}/`, cookie)).body).toContain("Welcome,");
    // The same token under the unprefixed name is no session on https.
    const plain = cookie.replace("__Host-", "");
    expect((await getPage(`${DASHBOARD_HTTPS}/`, plain)).body).not.toContain("Welcome,");
  });

  it("on plain-http *.localhost in development keeps the plain name, without Secure", async () => {
    const { response } = await postForm(`${DASHBOARD_HTTP}/sign-in`, {
      email: "owner@acme.example",
      password: DEMO_PASSWORD,
    });
    const header = response.headers.get("set-cookie") ?? "";
    expect(header).toMatch(/^portico_dashboard=/);
    expect(header).not.toContain("Secure");
    expect((await getPage(`${DASHBOARD_HTTP}/`, cookieFrom(response))).body).toContain("Welcome,");
  });
});

describe("Strict-Transport-Security", () => {
  it.each([
    [`${DASHBOARD_HTTPS}/sign-in`, "max-age=63072000; includeSubDomains"],
    ["https://help.acme.localhost/portal", "max-age=31536000"],
    ["https://acme.portico-sites.localhost/support", "max-age=31536000"],
    // Also on a page that is not there.
    ["https://help.acme.localhost/no-such-portal", "max-age=31536000"],
    [`${DASHBOARD_HTTP}/sign-in`, null],
    ["http://help.acme.localhost/portal", null],
  ])("%s -> %s", async (url, expected) => {
    const { response } = await getPage(url);
    expect(response.headers.get("strict-transport-security")).toBe(expected);
  });
});
