// Writes to routes whose forms carry files: their multipart bodies go on to the action unread (it
// streams them, one file at a time), unless they declare more than twice the largest form; any
// other form there is read here like every form.
import { describe, expect, it } from "vitest";
import { takesFiles } from "../../app/lib/security/body-limit";
import { acceptWrite } from "../../app/lib/security/writes";

const LIMIT = 1_000_000;

describe("takesFiles", () => {
  it.each([
    ["a portal reply", "/support/tickets/42", true],
    ["its data URL", "/support/tickets/42.data", true],
    ["a new ticket", "/portal/tickets/new", true],
    ["an agent's reply or note", "/a/acme/tickets/7", true],
    ["a download URL", "/support/tickets/42/attachments/att_x", false],
    ["a sign-in", "/support/sign-in", false],
    ["the agent's ticket list", "/a/acme/tickets", false],
  ])("%s (%s): %s", (_, pathname, expected) => {
    expect(takesFiles(pathname)).toBe(expected);
  });
});

function write(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(`http://acme.localhost${path}`, {
    method: "POST",
    body,
    headers: { Origin: "http://acme.localhost", Host: "acme.localhost", ...headers },
  });
}

describe("acceptWrite on routes with files", () => {
  it("passes a multipart body on unread", async () => {
    const form = new FormData();
    form.append("body", "hello");
    form.append("files", new File(["x".repeat(100_000)], "a.txt"));
    const request = write("/support/tickets/42", form);
    const accepted = await acceptWrite(request, LIMIT);
    expect(accepted).toBe(request);
    expect(request.bodyUsed).toBe(false);
  });

  it("refuses a body declared past twice the limit, with a plain 413", async () => {
    const request = write("/support/tickets/42", "x", {
      "Content-Type": "multipart/form-data; boundary=abc",
      "Content-Length": String(2 * LIMIT + 1),
    });
    const accepted = await acceptWrite(request, LIMIT);
    expect((accepted as Response).status).toBe(413);
  });

  it("reads a URL-encoded form there as everywhere (the agent's fields form)", async () => {
    const request = write("/a/acme/tickets/7", new URLSearchParams({ intent: "fields" }));
    const accepted = await acceptWrite(request, LIMIT);
    expect(accepted).not.toBe(request);
    expect((await (accepted as Request).formData()).get("intent")).toBe("fields");
  });

  it("reads multipart elsewhere within the form limit", async () => {
    const form = new FormData();
    form.append("files", new File(["x".repeat(100_000)], "a.txt"));
    const accepted = await acceptWrite(write("/support/profile", form), LIMIT);
    expect((accepted as Response).status).toBe(413);
  });
});
