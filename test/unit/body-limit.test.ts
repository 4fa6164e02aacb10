import { describe, expect, it } from "vitest";
import {
  BODY_LIMITS,
  bodyLimit,
  FORM_BODY_LIMIT,
  readFormBody,
  refuse,
} from "../../app/lib/security/body-limit";
import { MESSAGE_MAX, SUBJECT_MAX } from "../../app/lib/tickets/limits";

const TICKET_LIMIT = 256 * 1024;

describe("bodyLimit", () => {
  it.each([
    ["a portal sign-in", "/support/sign-in", FORM_BODY_LIMIT],
    ["its data URL", "/support/sign-in.data", FORM_BODY_LIMIT],
    ["the dashboard sign-in", "/sign-in", FORM_BODY_LIMIT],
    ["a profile", "/support/profile", FORM_BODY_LIMIT],
    ["the root", "/", FORM_BODY_LIMIT],
    ["a new ticket", "/support/tickets/new", TICKET_LIMIT],
    ["a new ticket's data URL", "/support/tickets/new.data", TICKET_LIMIT],
    ["a reply", "/portal/tickets/42", TICKET_LIMIT],
    ["a reply's data URL", "/portal/tickets/42.data", TICKET_LIMIT],
    ["the ticket list", "/support/tickets", FORM_BODY_LIMIT],
    ["deeper than a ticket", "/support/tickets/42/extra", FORM_BODY_LIMIT],
  ])("%s (%s) -> %i bytes", (_, pathname, expected) => {
    expect(bodyLimit(pathname)).toBe(expected);
  });

  const table = [
    { path: "/a/:account/contacts/import", bytes: 5_000_000 },
    { path: "/a/:account/*", bytes: 100_000 },
  ];
  it.each([
    ["a registered route", "/a/acme/contacts/import", 5_000_000],
    ["the first match wins", "/a/acme/contacts/import.data", 5_000_000],
    ["a wider pattern", "/a/acme/settings", 100_000],
    ["no pattern", "/b/acme/contacts/import", FORM_BODY_LIMIT],
  ])("a route registers its own limit: %s (%s)", (_, pathname, expected) => {
    expect(bodyLimit(pathname, table)).toBe(expected);
  });

  it("fits a ticket of the longest message in three-byte characters, which a form's limit does not", () => {
    const form = new URLSearchParams({
      idempotencyKey: "frm_abcdefgh12345678",
      subject: "件".repeat(SUBJECT_MAX),
      description: "件".repeat(MESSAGE_MAX),
    });
    const bytes = new TextEncoder().encode(form.toString()).byteLength;
    expect(bytes).toBeGreaterThan(FORM_BODY_LIMIT);
    expect(bytes).toBeLessThan(bodyLimit("/support/tickets/new"));
    expect(BODY_LIMITS.every((limit) => limit.bytes >= FORM_BODY_LIMIT)).toBe(true);
  });
});

/** A request body sent in chunks, recording how far it was read and whether it was cancelled. */
function watchedBody(chunks: number, chunkSize: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) {
        controller.close();
        return;
      }
      seen.pulled += 1;
      controller.enqueue(new Uint8Array(chunkSize).fill(0x61));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe("refuse", () => {
  it("drains the whole body and never cancels it", async () => {
    const { stream, seen } = watchedBody(100, 1000);
    const response = await refuse(stream, 403);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Forbidden");
    expect(seen).toEqual({ pulled: 100, cancelled: false });
  });

  it("stops draining past its limit, and still does not cancel", async () => {
    const { stream, seen } = watchedBody(100, 1000);
    const response = await refuse(stream, 415, 2500);
    expect(response.status).toBe(415);
    expect(seen).toEqual({ pulled: 3, cancelled: false });
  });

  it("answers a request without a body", async () => {
    expect((await refuse(null, 403)).status).toBe(403);
  });
});

const URL_ = "http://acme.portico-sites.localhost/support/sign-in";
const MULTIPART_BODY =
  '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nsam@solo.example\r\n--xyz--\r\n';

function post(body: BodyInit | null, headers: Record<string, string>) {
  return new Request(URL_, { method: "POST", body, headers });
}

describe("readFormBody", () => {
  it.each<[string, () => Request, number | "form"]>([
    [
      "a small urlencoded form",
      () =>
        post("email=sam%40solo.example", { "Content-Type": "application/x-www-form-urlencoded" }),
      "form",
    ],
    [
      "a multipart form with its boundary",
      () => post(MULTIPART_BODY, { "Content-Type": "multipart/form-data; boundary=xyz" }),
      "form",
    ],
    [
      "multipart without a boundary",
      () => post(MULTIPART_BODY, { "Content-Type": "multipart/form-data" }),
      400,
    ],
    [
      "multipart whose body does not match its boundary",
      () => post("not multipart at all", { "Content-Type": "multipart/form-data; boundary=xyz" }),
      400,
    ],
    [
      "exactly the limit",
      () =>
        post(`email=${"a".repeat(1000 - "email=".length)}`, {
          "Content-Type": "application/x-www-form-urlencoded",
        }),
      "form",
    ],
    [
      "one byte past the limit, by Content-Length",
      () =>
        post(`email=${"a".repeat(1001 - "email=".length)}`, {
          "Content-Type": "application/x-www-form-urlencoded",
        }),
      413,
    ],
    [
      "past the limit without a Content-Length",
      () =>
        post(watchedBody(3, 400).stream, { "Content-Type": "application/x-www-form-urlencoded" }),
      413,
    ],
    [
      "within the limit without a Content-Length",
      () =>
        post(watchedBody(2, 400).stream, { "Content-Type": "application/x-www-form-urlencoded" }),
      "form",
    ],
  ])("%s", async (_, request, expected) => {
    const result = await readFormBody(request(), 1000);
    if (expected === "form") {
      expect(result).toBeInstanceOf(Request);
      await expect((result as Request).formData()).resolves.toBeInstanceOf(FormData);
    } else {
      expect(result).toBeInstanceOf(Response);
      expect((result as Response).status).toBe(expected);
    }
  });

  it("drains an oversize body to its end rather than cancel it", async () => {
    const { stream, seen } = watchedBody(10, 400);
    const request = post(stream, { "Content-Type": "application/x-www-form-urlencoded" });
    expect(((await readFormBody(request, 1000)) as Response).status).toBe(413);
    expect(seen).toEqual({ pulled: 10, cancelled: false });
  });

  it("hands Remix the same form, method, URL and headers", async () => {
    const original = post("email=sam%40solo.example&password=x", {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: "http://acme.portico-sites.localhost",
    });
    const result = (await readFormBody(original, FORM_BODY_LIMIT)) as Request;
    expect(result.method).toBe("POST");
    expect(result.url).toBe(URL_);
    expect(result.headers.get("Origin")).toBe("http://acme.portico-sites.localhost");
    const form = await result.formData();
    expect(form.get("email")).toBe("sam@solo.example");
    expect(form.get("password")).toBe("x");
  });
});
