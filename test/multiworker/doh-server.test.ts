// The DoH resolver over real HTTP (Node's fetch) against the fake DoH server: what it asks, how it
// reads answers, and each way asking can fail, including a resolver that never answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDomain } from "../../app/lib/domains/check";
import { dohResolver } from "../../app/lib/domains/doh";
import { type FakeDohServer, startFakeDoh } from "../fakes/doh";

let doh: FakeDohServer;

beforeAll(async () => {
  doh = await startFakeDoh();
  doh.records.push(
    { name: "_portico-verify.help.newco.localhost", type: "TXT", value: "portico-verify-1" },
    { name: "help.newco.localhost", type: "CNAME", value: "customers.portico.dev" },
  );
});

afterAll(async () => {
  await doh.close();
});

describe("the DoH resolver against a DoH server", () => {
  it("verifies a domain whose records are right", async () => {
    doh.setMode("answer");
    const resolver = dohResolver({ url: doh.url });
    const result = await checkDomain(
      resolver,
      { hostname: "help.newco.localhost", verificationToken: "portico-verify-1" },
      "customers.portico.dev",
    );
    expect(result).toEqual({ outcome: "verified", findings: [] });
    expect(doh.asked).toEqual(
      expect.arrayContaining([
        "_portico-verify.help.newco.localhost TXT",
        "help.newco.localhost A",
      ]),
    );
  });

  it("reads a missing name as NXDOMAIN", async () => {
    doh.setMode("answer");
    expect(await dohResolver({ url: doh.url }).txt("_portico-verify.nobody.localhost")).toEqual({
      kind: "nxdomain",
    });
  });

  it.each([
    { mode: "servfail" as const, reason: "SERVFAIL" },
    { mode: "http-500" as const, reason: "HTTP 500" },
    { mode: "hang" as const, reason: "timed out" },
  ])("$mode is 'could not ask'", async ({ mode, reason }) => {
    doh.setMode(mode);
    const resolver = dohResolver({ url: doh.url, timeoutMs: 200 });
    expect(await resolver.txt("_portico-verify.help.newco.localhost")).toEqual({
      kind: "unknown",
      reason,
    });
  });

  it("a server that is not there is 'could not ask'", async () => {
    const closed = await startFakeDoh();
    await closed.close();
    expect(await dohResolver({ url: closed.url }).txt("x.localhost")).toEqual({
      kind: "unknown",
      reason: "could not connect",
    });
  });
});
