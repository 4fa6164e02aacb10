import { describe, expect, it } from "vitest";
import { siteOrigin, siteUrl } from "../../app/lib/email/links";

describe("siteOrigin", () => {
  it.each([
    ["help.acme.com", null, "https://help.acme.com"],
    ["help.acme.com", 8787, "https://help.acme.com"],
    ["acme.portico-sites.com", null, "https://acme.portico-sites.com"],
    ["help.acme.localhost", null, "http://help.acme.localhost"],
    ["help.acme.localhost", 8787, "http://help.acme.localhost:8787"],
    ["app.localhost", 8787, "http://app.localhost:8787"],
    ["localhost", null, "http://localhost"],
    // Only the `.localhost` label counts, not a name that merely ends in the letters.
    ["notlocalhost", 8787, "https://notlocalhost"],
    ["xn--mnchen-3ya.example", null, "https://xn--mnchen-3ya.example"],
  ])("%s (port %s) -> %s", (hostname, port, expected) => {
    expect(siteOrigin(hostname, port)).toBe(expected);
  });
});

describe("siteUrl", () => {
  it("joins percent-encoded segments", () => {
    expect(siteUrl("help.acme.com", ["portal", "join", "a b/c?d"])).toBe(
      "https://help.acme.com/portal/join/a%20b%2Fc%3Fd",
    );
  });

  it("writes numbers as they are", () => {
    expect(siteUrl("help.acme.localhost", ["portal", "tickets", 1234], 8787)).toBe(
      "http://help.acme.localhost:8787/portal/tickets/1234",
    );
  });
});
