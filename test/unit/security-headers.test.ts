import { describe, expect, it } from "vitest";
import { DOWNLOAD_CSP, downloadHeaders } from "../../app/lib/attachments/policy";
import { contentSecurityPolicy, withSecurityHeaders } from "../../app/lib/security/headers";

const NONCE = "AAAAAAAAAAAAAAAAAAAAAA==";

describe("withSecurityHeaders", () => {
  it("gives a response without a policy the page policy and the other headers", () => {
    const secured = withSecurityHeaders(new Response("<p>hi</p>"), NONCE);
    expect(secured.headers.get("Content-Security-Policy")).toBe(contentSecurityPolicy(NONCE));
    expect(secured.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(secured.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("keeps a response's own policy (a sandboxed download) and still adds the rest", async () => {
    const download = new Response("<script>alert(1)</script>", {
      headers: downloadHeaders({ mime: "text/html", fileName: "page.html", size: 25 }),
    });
    const secured = withSecurityHeaders(download, NONCE);
    expect(secured.headers.get("Content-Security-Policy")).toBe(DOWNLOAD_CSP);
    expect(secured.headers.get("Content-Security-Policy")).not.toContain(NONCE);
    expect(secured.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(secured.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(secured.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(secured.headers.get("X-Frame-Options")).toBe("DENY");
    expect(await secured.text()).toBe("<script>alert(1)</script>");
  });

  it("keeps the status and headers of a partial response", () => {
    const partial = new Response("abc", {
      status: 206,
      headers: downloadHeaders({
        mime: "application/zip",
        fileName: "a.zip",
        size: 10,
        range: { offset: 0, length: 3 },
      }),
    });
    const secured = withSecurityHeaders(partial, NONCE);
    expect(secured.status).toBe(206);
    expect(secured.headers.get("Content-Range")).toBe("bytes 0-2/10");
    expect(secured.headers.get("Content-Security-Policy")).toBe(DOWNLOAD_CSP);
  });
});
