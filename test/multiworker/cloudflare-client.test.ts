// The custom-hostnames client over real HTTP (Node's fetch) against the fake Cloudflare API: what
// it sends, how it reads Cloudflare's answers, and each way asking can fail.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cloudflareActive, cloudflareClient } from "../../app/lib/domains/cloudflare.server";
import { type FakeCloudflareServer, startFakeCloudflare } from "../fakes/cloudflare";

let cf: FakeCloudflareServer;

beforeAll(async () => {
  cf = await startFakeCloudflare();
});

afterAll(async () => {
  await cf.close();
});

beforeEach(() => {
  cf.setHanging(false);
  cf.model.mode = "answer";
});

const client = (overrides: { apiToken?: string; zoneId?: string; timeoutMs?: number } = {}) =>
  cloudflareClient({
    apiToken: cf.model.apiToken,
    zoneId: cf.model.zoneId,
    apiUrl: cf.apiUrl,
    ...overrides,
  });

describe("the custom-hostnames client against the API", () => {
  it("creates a hostname with an HTTP-validated DV certificate, reads it, and removes it", async () => {
    const hostname = "help.created.example";
    const created = await client().create(hostname);
    expect(created).toMatchObject({
      kind: "found",
      status: "pending",
      sslStatus: "initializing",
      verificationErrors: ["custom hostname does not CNAME to this zone."],
    });
    expect(cf.model.hostnames.get(hostname)?.ssl).toMatchObject({ method: "http", type: "dv" });
    expect(cf.model.requests.at(-1)).toBe(
      `POST /client/v4/zones/${cf.model.zoneId}/custom_hostnames`,
    );
    expect(cloudflareActive(created)).toBe(false);

    cf.model.activate(hostname);
    const read = await client().read(hostname);
    expect(read).toEqual({
      kind: "found",
      id: cf.model.hostnames.get(hostname)?.id,
      status: "active",
      sslStatus: "active",
      verificationErrors: [],
    });
    expect(cloudflareActive(read)).toBe(true);

    expect(await client().remove(hostname)).toBe(true);
    expect(cf.model.hostnames.has(hostname)).toBe(false);
    expect(cf.model.requests.at(-1)).toBe(
      `DELETE /client/v4/zones/${cf.model.zoneId}/custom_hostnames/${read.kind === "found" ? read.id : ""}`,
    );
    expect(await client().read(hostname)).toEqual({ kind: "missing" });
    // Removing what is not there is done already.
    expect(await client().remove(hostname)).toBe(true);
  });

  it("reads Cloudflare's refusals as 'could not ask', with its words", async () => {
    await client().create("help.twice.example");
    expect(await client().create("help.twice.example")).toEqual({
      kind: "unknown",
      reason: "HTTP 409: 1406 Duplicate custom hostname found.",
    });
    expect(await client({ apiToken: "wrong" }).read("help.twice.example")).toEqual({
      kind: "unknown",
      reason: "HTTP 403: 10000 Authentication error",
    });
  });

  it.each([
    [
      "an outage (HTTP 500)",
      () => (cf.model.mode = "http-500"),
      "HTTP 500: 10000 Internal server error",
    ],
    ["no answer", () => cf.setHanging(true), "timed out"],
  ])("%s is 'could not ask', and removing then reports not done", async (_, fail, reason) => {
    await client().create("help.outage.example");
    fail();
    expect(await client({ timeoutMs: 200 }).read("help.outage.example")).toEqual({
      kind: "unknown",
      reason,
    });
    expect(await client({ timeoutMs: 200 }).remove("help.outage.example")).toBe(false);
  });

  it("a server that is not there is 'could not ask'", async () => {
    const closed = await startFakeCloudflare();
    await closed.close();
    const unreachable = cloudflareClient({ apiToken: "t", zoneId: "z", apiUrl: closed.apiUrl });
    expect(await unreachable.read("x.example")).toEqual({
      kind: "unknown",
      reason: "could not connect",
    });
  });
});
