// The DoH resolver against DNS-over-HTTPS JSON as public resolvers send it (shapes recorded from
// cloudflare-dns.com and dns.google), through an injected fetch: no network.
import { describe, expect, it } from "vitest";
import { checkDomain } from "../../app/lib/domains/check";
import { dohReply, quotedTxt } from "../../app/lib/domains/dev-dns";
import { dohResolver, type Fetcher, txtValue } from "../../app/lib/domains/doh";

const URL_ = "https://dns.example/dns-query";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/dns-json" },
  });
}

/** A fetch that answers every question with `reply`, keeping what was asked. */
function answering(reply: (url: URL) => Response | Promise<Response>) {
  const asked: { url: URL; accept: string | null }[] = [];
  const fetcher: Fetcher = async (input, init) => {
    const url = new URL(input);
    asked.push({ url, accept: new Headers(init.headers).get("accept") });
    return reply(url);
  };
  return { asked, fetcher };
}

// Recorded: `curl -H 'accept: application/dns-json' 'https://cloudflare-dns.com/dns-query?name=…&type=TXT'`
const CLOUDFLARE_TXT = {
  Status: 0,
  TC: false,
  RD: true,
  RA: true,
  AD: false,
  CD: false,
  Question: [{ name: "_portico-verify.help.acme.com", type: 16 }],
  Answer: [
    { name: "_portico-verify.help.acme.com", type: 16, TTL: 300, data: '"portico-verify-abc"' },
    { name: "_portico-verify.help.acme.com", type: 16, TTL: 300, data: '"v=other"' },
  ],
};
// A value longer than 255 bytes arrives as several character-strings in one record.
const SPLIT_TXT = {
  Status: 0,
  Question: [{ name: "_portico-verify.help.acme.com.", type: 16 }],
  Answer: [
    {
      name: "_portico-verify.help.acme.com.",
      type: 16,
      TTL: 60,
      data: `"${"a".repeat(255)}" "${"b".repeat(10)}"`,
    },
  ],
};
// dns.google sends a single string unquoted.
const GOOGLE_TXT = {
  Status: 0,
  Question: [{ name: "_portico-verify.help.acme.com.", type: 16 }],
  Answer: [
    { name: "_portico-verify.help.acme.com.", type: 16, TTL: 299, data: "portico-verify-abc" },
  ],
};
const CNAME_CHAIN = {
  Status: 0,
  Question: [{ name: "help.acme.com", type: 1 }],
  Answer: [
    { name: "help.acme.com", type: 5, TTL: 300, data: "acme.edge.example." },
    { name: "acme.edge.example", type: 5, TTL: 300, data: "customers.portico.dev." },
    { name: "customers.portico.dev", type: 1, TTL: 300, data: "104.18.0.1" },
  ],
};
const NXDOMAIN = {
  Status: 3,
  Question: [{ name: "_portico-verify.nope.example", type: 16 }],
  Authority: [{ name: "example", type: 6, TTL: 900, data: "a.iana-servers.net. …" }],
};
const NODATA = { Status: 0, Question: [{ name: "help.acme.com", type: 16 }] };
const SERVFAIL = { Status: 2, Question: [{ name: "help.acme.com", type: 16 }] };

describe("txtValue", () => {
  it.each([
    { data: '"abc"', expected: "abc" },
    { data: '"abc" "def"', expected: "abcdef" },
    { data: "abc", expected: "abc" },
    { data: '"say \\"hi\\""', expected: 'say "hi"' },
    { data: '"back\\\\slash"', expected: "back\\slash" },
    { data: '"caf\\195\\169"', expected: "caf\u00c3\u00a9" },
    { data: '""', expected: "" },
  ])("$data -> $expected", ({ data, expected }) => {
    expect(txtValue(data)).toBe(expected);
  });
});

describe("dohResolver", () => {
  it("asks for TXT in DoH JSON and reads every record", async () => {
    const { asked, fetcher } = answering(() => json(CLOUDFLARE_TXT));
    const resolver = dohResolver({ url: URL_, fetch: fetcher });
    expect(await resolver.txt("_portico-verify.Help.Acme.com.")).toEqual({
      kind: "answer",
      values: ["portico-verify-abc", "v=other"],
    });
    expect(asked[0]?.accept).toBe("application/dns-json");
    expect(asked[0]?.url.searchParams.get("name")).toBe("_portico-verify.help.acme.com");
    expect(asked[0]?.url.searchParams.get("type")).toBe("TXT");
  });

  it("joins the chunks of a split TXT record", async () => {
    const resolver = dohResolver({ url: URL_, fetch: answering(() => json(SPLIT_TXT)).fetcher });
    expect(await resolver.txt("_portico-verify.help.acme.com")).toEqual({
      kind: "answer",
      values: [`${"a".repeat(255)}${"b".repeat(10)}`],
    });
  });

  it("reads an unquoted TXT string", async () => {
    const resolver = dohResolver({ url: URL_, fetch: answering(() => json(GOOGLE_TXT)).fetcher });
    expect(await resolver.txt("_portico-verify.help.acme.com")).toEqual({
      kind: "answer",
      values: ["portico-verify-abc"],
    });
  });

  it("follows a CNAME chain, trailing dots removed", async () => {
    const { asked, fetcher } = answering(() => json(CNAME_CHAIN));
    const resolver = dohResolver({ url: URL_, fetch: fetcher });
    expect(await resolver.cnameChain("help.acme.com")).toEqual({
      kind: "answer",
      values: ["acme.edge.example", "customers.portico.dev"],
    });
    expect(asked[0]?.url.searchParams.get("type")).toBe("A");
  });

  it.each([
    { label: "NXDOMAIN", reply: () => json(NXDOMAIN), expected: { kind: "nxdomain" } },
    { label: "NODATA", reply: () => json(NODATA), expected: { kind: "nodata" } },
    {
      label: "SERVFAIL",
      reply: () => json(SERVFAIL),
      expected: { kind: "unknown", reason: "SERVFAIL" },
    },
    {
      label: "REFUSED",
      reply: () => json({ Status: 5 }),
      expected: { kind: "unknown", reason: "DNS status 5" },
    },
    {
      label: "HTTP 500",
      reply: () => new Response("oops", { status: 500 }),
      expected: { kind: "unknown", reason: "HTTP 500" },
    },
    {
      label: "not JSON",
      reply: () => new Response("<html>"),
      expected: { kind: "unknown", reason: "not a DNS answer" },
    },
    {
      label: "JSON but no status",
      reply: () => json({ kind: "answer", values: ["x"] }),
      expected: { kind: "unknown", reason: "not a DNS answer" },
    },
  ])("$label", async ({ reply, expected }) => {
    const resolver = dohResolver({ url: URL_, fetch: answering(reply).fetcher });
    expect(await resolver.txt("_portico-verify.help.acme.com")).toEqual(expected);
    expect(await resolver.cnameChain("help.acme.com")).toEqual(
      expected.kind === "answer" ? expect.anything() : expected,
    );
  });

  it("a resolver that never answers times out as 'could not ask'", async () => {
    const hanging: Fetcher = (_input, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const resolver = dohResolver({ url: URL_, fetch: hanging, timeoutMs: 20 });
    expect(await resolver.txt("_portico-verify.help.acme.com")).toEqual({
      kind: "unknown",
      reason: "timed out",
    });
  });

  it("a connection that fails is 'could not ask'", async () => {
    const resolver = dohResolver({
      url: URL_,
      fetch: async () => {
        throw new TypeError("Network connection lost.");
      },
    });
    expect(await resolver.txt("x.example")).toEqual({
      kind: "unknown",
      reason: "could not connect",
    });
  });
});

describe("the local DNS's replies", () => {
  const records = [
    { name: "_portico-verify.help.newco.localhost", type: "TXT" as const, value: "x".repeat(300) },
    { name: "help.newco.localhost", type: "CNAME" as const, value: "edge.newco.localhost." },
    { name: "edge.newco.localhost", type: "CNAME" as const, value: "customers.portico.dev" },
  ];
  const local = answering((url) =>
    json(dohReply(records, url.searchParams.get("name") ?? "", url.searchParams.get("type") ?? "")),
  );
  const resolver = dohResolver({ url: URL_, fetch: local.fetcher });

  it("split long TXT values into quoted chunks the resolver joins", async () => {
    expect(quotedTxt("x".repeat(300))).toBe(`"${"x".repeat(255)}" "${"x".repeat(45)}"`);
    expect(await resolver.txt("_portico-verify.help.newco.localhost")).toEqual({
      kind: "answer",
      values: ["x".repeat(300)],
    });
  });

  it("answer chains, NXDOMAIN and NODATA as a public resolver does", async () => {
    expect(await resolver.cnameChain("help.newco.localhost")).toEqual({
      kind: "answer",
      values: ["edge.newco.localhost", "customers.portico.dev"],
    });
    expect(await resolver.txt("_portico-verify.other.localhost")).toEqual({ kind: "nxdomain" });
    expect(await resolver.txt("help.newco.localhost")).toEqual({ kind: "nodata" });
  });
});

describe("checkDomain", () => {
  const domain = { hostname: "help.acme.com", verificationToken: "portico-verify-abc" };
  const TARGET = "customers.portico.dev";

  function resolverWith(txt: unknown, a: unknown) {
    return dohResolver({
      url: URL_,
      fetch: async (input) =>
        new URL(input).searchParams.get("type") === "TXT"
          ? txt instanceof Response
            ? txt
            : json(txt)
          : a instanceof Response
            ? a
            : json(a),
    });
  }

  it.each([
    {
      label: "TXT right, CNAME to the target -> verified, nothing to say",
      txt: CLOUDFLARE_TXT,
      a: CNAME_CHAIN,
      expected: { outcome: "verified", findings: [] },
    },
    {
      label: "TXT right, no CNAME (an apex) -> verified, CNAME advice only",
      txt: GOOGLE_TXT,
      a: NODATA,
      expected: { outcome: "verified", findings: [{ code: "cname.missing", expected: TARGET }] },
    },
    {
      label: "TXT missing -> failed",
      txt: NXDOMAIN,
      a: CNAME_CHAIN,
      expected: {
        outcome: "failed",
        findings: [{ code: "txt.missing", name: "_portico-verify.help.acme.com" }],
      },
    },
    {
      label: "TXT value does not match, CNAME elsewhere -> failed, with both",
      txt: {
        ...GOOGLE_TXT,
        Answer: [{ name: "_portico-verify.help.acme.com", type: 16, data: '"old-token"' }],
      },
      a: { Status: 0, Answer: [{ name: "help.acme.com.", type: 5, data: "x.example." }] },
      expected: {
        outcome: "failed",
        findings: [
          { code: "txt.mismatch", name: "_portico-verify.help.acme.com", found: "old-token" },
          { code: "cname.wrong", found: "x.example", expected: TARGET },
        ],
      },
    },
    {
      label: "SERVFAIL -> unknown",
      txt: SERVFAIL,
      a: SERVFAIL,
      expected: {
        outcome: "unknown",
        findings: [
          { code: "dns.unknown", reason: "SERVFAIL" },
          { code: "cname.unknown", reason: "SERVFAIL" },
        ],
      },
    },
  ])("$label", async ({ txt, a, expected }) => {
    expect(await checkDomain(resolverWith(txt, a), domain, TARGET)).toEqual(expected);
  });
});
