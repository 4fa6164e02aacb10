// Asking DNS through DNS-over-HTTPS in its JSON form (`application/dns-json`, as Cloudflare and
// Google serve it). Behind an interface, so checks and tests never depend on the network; the one
// real implementation is a single fetch per question with a timeout.

/** What one question got: answers, a definite "no", or "could not ask" (which must never downgrade). */
export type Lookup =
  | { kind: "answer"; values: string[] }
  /** The name does not exist (NXDOMAIN, status 3). */
  | { kind: "nxdomain" }
  /** The name exists but has no record of that type (NOERROR, no answer). */
  | { kind: "nodata" }
  /** SERVFAIL, an HTTP error, a timeout, an answer that is not DoH JSON: nothing is known. */
  | { kind: "unknown"; reason: string };

export interface DnsResolver {
  /** The TXT strings at `name`, each record's chunks joined. */
  txt(name: string): Promise<Lookup>;
  /** The CNAME chain from `name`, in order (`a → b → c` gives `["b", "c"]`), no trailing dots. */
  cnameChain(name: string): Promise<Lookup>;
}

export type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

export type DohOptions = {
  url: string;
  fetch?: Fetcher;
  timeoutMs?: number;
};

const TYPE_CNAME = 5;
const TYPE_TXT = 16;

type DohAnswer = { name?: unknown; type?: unknown; data?: unknown };
type DohJson = { Status?: unknown; Answer?: unknown };

/** `Help.Example.com.` → `help.example.com`: how names compare in answers. */
export function dnsName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/**
 * A TXT record's data as DoH JSON carries it: one or more quoted character-strings (a long value is
 * split into chunks of at most 255 bytes: `"abc" "def"`), with `\"`, `\\` and `\DDD` escapes; some
 * resolvers send a single string unquoted. The chunks of one record join without a separator.
 */
export function txtValue(data: string): string {
  const trimmed = data.trim();
  if (!trimmed.startsWith('"')) return trimmed;
  let value = "";
  let i = 0;
  while (i < trimmed.length) {
    if (trimmed[i] !== '"') {
      i++;
      continue;
    }
    i++;
    while (i < trimmed.length && trimmed[i] !== '"') {
      const char = trimmed[i] as string;
      if (char === "\\" && i + 1 < trimmed.length) {
        const digits = trimmed.slice(i + 1, i + 4);
        if (/^\d{3}$/.test(digits)) {
          value += String.fromCharCode(Number(digits));
          i += 4;
        } else {
          value += trimmed[i + 1];
          i += 2;
        }
        continue;
      }
      value += char;
      i++;
    }
    i++;
  }
  return value;
}

function answersOf(json: DohJson): { name: string; type: number; data: string }[] {
  if (!Array.isArray(json.Answer)) return [];
  return (json.Answer as DohAnswer[]).flatMap((answer) =>
    typeof answer?.name === "string" &&
    typeof answer.type === "number" &&
    typeof answer.data === "string"
      ? [{ name: dnsName(answer.name), type: answer.type, data: answer.data }]
      : [],
  );
}

/** The outcome of a DoH JSON reply, before picking answers: status codes to the three kinds. */
function statusOf(json: DohJson): Lookup | null {
  if (typeof json.Status !== "number") return { kind: "unknown", reason: "not a DNS answer" };
  if (json.Status === 3) return { kind: "nxdomain" };
  if (json.Status === 2) return { kind: "unknown", reason: "SERVFAIL" };
  if (json.Status !== 0) return { kind: "unknown", reason: `DNS status ${json.Status}` };
  return null;
}

/** TXT values at `name` from a DoH JSON reply. */
export function parseTxt(json: DohJson, name: string): Lookup {
  const status = statusOf(json);
  if (status) return status;
  const target = dnsName(name);
  // A TXT question may be answered through a CNAME: the TXT records sit at the chain's end.
  const chain = followChain(answersOf(json), target);
  const owners = new Set([target, ...chain]);
  const values = answersOf(json)
    .filter((answer) => answer.type === TYPE_TXT && owners.has(answer.name))
    .map((answer) => txtValue(answer.data));
  return values.length ? { kind: "answer", values } : { kind: "nodata" };
}

function followChain(answers: { name: string; type: number; data: string }[], start: string) {
  const next = new Map(
    answers
      .filter((answer) => answer.type === TYPE_CNAME)
      .map((answer) => [answer.name, dnsName(answer.data)]),
  );
  const chain: string[] = [];
  let current = start;
  // Bounded: a looping chain stops where it repeats.
  while (next.has(current) && chain.length < 16) {
    current = next.get(current) as string;
    if (chain.includes(current)) break;
    chain.push(current);
  }
  return chain;
}

/** The CNAME chain from `name` in a DoH JSON reply. */
export function parseCnameChain(json: DohJson, name: string): Lookup {
  const status = statusOf(json);
  if (status) return status;
  const chain = followChain(answersOf(json), dnsName(name));
  return chain.length ? { kind: "answer", values: chain } : { kind: "nodata" };
}

/** The real resolver: one GET per question to a DoH JSON endpoint. */
export function dohResolver(options: DohOptions): DnsResolver {
  const fetcher: Fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 5000;

  type Asked = { json: DohJson } | { failed: Lookup };

  async function ask(name: string, type: string): Promise<Asked> {
    const url = new URL(options.url);
    url.searchParams.set("name", dnsName(name));
    url.searchParams.set("type", type);
    let response: Response;
    try {
      response = await fetcher(url.toString(), {
        headers: { accept: "application/dns-json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      return { failed: { kind: "unknown", reason: timedOut ? "timed out" : "could not connect" } };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { failed: { kind: "unknown", reason: `HTTP ${response.status}` } };
    }
    try {
      const json = (await response.json()) as unknown;
      if (json && typeof json === "object" && !Array.isArray(json)) return { json };
      return { failed: { kind: "unknown", reason: "not a DNS answer" } };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      return { failed: { kind: "unknown", reason: timedOut ? "timed out" : "not a DNS answer" } };
    }
  }

  return {
    async txt(name) {
      const asked = await ask(name, "TXT");
      return "json" in asked ? parseTxt(asked.json, name) : asked.failed;
    },
    async cnameChain(name) {
      // Asked as A: resolvers answer it with the whole chain, where a CNAME question gets one hop.
      const asked = await ask(name, "A");
      return "json" in asked ? parseCnameChain(asked.json, name) : asked.failed;
    },
  };
}
