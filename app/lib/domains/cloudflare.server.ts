// Cloudflare for SaaS: the custom-hostnames API, which gives a tenant's hostname its certificate
// and sends its traffic to this worker. A few typed fetch calls rather than Cloudflare's SDK, to
// keep the worker small. Behind an interface: checks and tests never depend on the network, and
// without credentials (local development) there is no client at all.
import type { Config } from "../config";

/** What Cloudflare says of a hostname, or "could not ask" (which never changes a domain). */
export type HostnameState =
  | {
      kind: "found";
      id: string;
      /** The hostname's status: `active` once Cloudflare routes it. */
      status: string;
      /** The certificate's status: `active` once it is issued and deployed; null before any. */
      sslStatus: string | null;
      /** Why Cloudflare has not activated the hostname yet, in its words. */
      verificationErrors: readonly string[];
    }
  | { kind: "missing" }
  | { kind: "unknown"; reason: string };

export interface CustomHostnames {
  /** Asks Cloudflare for the hostname and a DV certificate validated over HTTP. */
  create(hostname: string): Promise<HostnameState>;
  read(hostname: string): Promise<HostnameState>;
  /** Stops Cloudflare serving the hostname; true when it is gone (or was never there). */
  remove(hostname: string): Promise<boolean>;
}

export type CloudflareOptions = {
  apiToken: string;
  zoneId: string;
  /** `https://api.cloudflare.com/client/v4` unless set; tests point it at a local fake. */
  apiUrl: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs?: number;
};

/** The API's envelope: every answer, success or not, has this shape. */
type Envelope = {
  success?: unknown;
  errors?: unknown;
  result?: unknown;
};

type WireHostname = {
  id?: unknown;
  hostname?: unknown;
  status?: unknown;
  ssl?: { status?: unknown } | null;
  verification_errors?: unknown;
};

/** A custom hostname object as the API sends it; null when it is not one. */
export function parseHostname(value: unknown): Extract<HostnameState, { kind: "found" }> | null {
  if (!value || typeof value !== "object") return null;
  const wire = value as WireHostname;
  if (typeof wire.id !== "string" || typeof wire.status !== "string") return null;
  const sslStatus =
    wire.ssl && typeof wire.ssl === "object" && typeof wire.ssl.status === "string"
      ? wire.ssl.status
      : null;
  const verificationErrors = Array.isArray(wire.verification_errors)
    ? wire.verification_errors.filter((error): error is string => typeof error === "string")
    : [];
  return { kind: "found", id: wire.id, status: wire.status, sslStatus, verificationErrors };
}

function errorText(envelope: Envelope): string {
  if (!Array.isArray(envelope.errors)) return "";
  const first = envelope.errors[0] as { code?: unknown; message?: unknown } | undefined;
  if (!first) return "";
  return [first.code, first.message].filter((part) => part !== undefined).join(" ");
}

export function cloudflareClient(options: CloudflareOptions): CustomHostnames {
  const fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = `${options.apiUrl.replace(/\/+$/, "")}/zones/${encodeURIComponent(options.zoneId)}/custom_hostnames`;

  type Answer = { ok: true; result: unknown } | { ok: false; reason: string };

  async function call(method: string, path: string, body?: unknown): Promise<Answer> {
    let response: Response;
    try {
      response = await fetcher(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.apiToken}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      return { ok: false, reason: timedOut ? "timed out" : "could not connect" };
    }
    let envelope: Envelope;
    try {
      envelope = (await response.json()) as Envelope;
    } catch {
      return { ok: false, reason: `HTTP ${response.status}` };
    }
    if (!response.ok || envelope?.success !== true) {
      const detail = errorText(envelope ?? {});
      return { ok: false, reason: `HTTP ${response.status}${detail ? `: ${detail}` : ""}` };
    }
    return { ok: true, result: envelope.result };
  }

  async function find(hostname: string): Promise<HostnameState> {
    const answer = await call("GET", `?${new URLSearchParams({ hostname })}`);
    if (!answer.ok) return { kind: "unknown", reason: answer.reason };
    if (!Array.isArray(answer.result)) return { kind: "unknown", reason: "not a list" };
    for (const item of answer.result) {
      const parsed = parseHostname(item);
      if (parsed && (item as WireHostname).hostname === hostname) return parsed;
    }
    return { kind: "missing" };
  }

  return {
    async create(hostname) {
      const answer = await call("POST", "", { hostname, ssl: { method: "http", type: "dv" } });
      if (!answer.ok) return { kind: "unknown", reason: answer.reason };
      return parseHostname(answer.result) ?? { kind: "unknown", reason: "not a custom hostname" };
    },
    read: find,
    async remove(hostname) {
      const found = await find(hostname);
      if (found.kind === "missing") return true;
      if (found.kind === "unknown") return false;
      const answer = await call("DELETE", `/${encodeURIComponent(found.id)}`);
      return answer.ok;
    },
  };
}

/** The client the configuration names, or null when Cloudflare is not configured. */
export function customHostnamesFor(config: Pick<Config, "cloudflare">): CustomHostnames | null {
  return config.cloudflare ? cloudflareClient(config.cloudflare) : null;
}

/** Whether Cloudflare serves the hostname with its certificate. */
export function cloudflareActive(state: HostnameState): boolean {
  return state.kind === "found" && state.status === "active" && state.sslStatus === "active";
}
