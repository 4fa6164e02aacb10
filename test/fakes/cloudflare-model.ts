// Cloudflare's custom-hostnames API as a model: the zone's hostnames and the JSON answers the API
// gives ({ success, errors, messages, result }), for a request described by method, URL, headers
// and body. test/fakes/cloudflare.ts serves it over real HTTP; workers tests hand `fetch` to the
// client directly. A test moves a hostname along as Cloudflare would (`activate`).

export type WireHostname = {
  id: string;
  hostname: string;
  status: string;
  ssl: { id: string; status: string; method: string; type: string };
  verification_errors: string[];
  ownership_verification: { type: string; name: string; value: string };
  created_at: string;
};

export type FakeCloudflareOptions = { zoneId?: string; apiToken?: string };

export type ApiAnswer = { status: number; body: unknown };

const API_PREFIX = "/client/v4";

function envelope(result: unknown, status = 200): ApiAnswer {
  return { status, body: { success: true, errors: [], messages: [], result } };
}

function failure(status: number, code: number, message: string): ApiAnswer {
  return {
    status,
    body: { success: false, errors: [{ code, message }], messages: [], result: null },
  };
}

export class FakeCloudflareModel {
  readonly zoneId: string;
  readonly apiToken: string;
  readonly hostnames = new Map<string, WireHostname>();
  /** Requests as `METHOD path?query`, in order. */
  readonly requests: string[] = [];
  /** "http-500": every request fails as an outage would. */
  mode: "answer" | "http-500" = "answer";

  constructor(options: FakeCloudflareOptions = {}) {
    this.zoneId = options.zoneId ?? "023e105f4ecef8ad9ca31a8372d0c353";
    this.apiToken = options.apiToken ?? "cf-test-token";
  }

  /** Cloudflare has validated the hostname and deployed its certificate. */
  activate(hostname: string): void {
    const entry = this.hostnames.get(hostname);
    if (!entry) throw new Error(`no custom hostname ${hostname}`);
    entry.status = "active";
    entry.ssl.status = "active";
    entry.verification_errors = [];
  }

  handle(method: string, url: URL, authorization: string | null, body: string | null): ApiAnswer {
    this.requests.push(`${method} ${url.pathname}${url.search}`);
    if (this.mode === "http-500") return failure(500, 10000, "Internal server error");
    if (authorization !== `Bearer ${this.apiToken}`) {
      return failure(403, 10000, "Authentication error");
    }
    const base = `${API_PREFIX}/zones/${this.zoneId}/custom_hostnames`;
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) {
      return failure(
        404,
        7003,
        "Could not route to /zones, perhaps your object identifier is invalid?",
      );
    }
    const id = url.pathname.slice(base.length + 1);
    if (!id) {
      if (method === "GET") {
        const wanted = url.searchParams.get("hostname");
        const result = [...this.hostnames.values()].filter(
          (entry) => wanted === null || entry.hostname === wanted,
        );
        return {
          status: 200,
          body: {
            success: true,
            errors: [],
            messages: [],
            result,
            result_info: {
              page: 1,
              per_page: 20,
              count: result.length,
              total_count: result.length,
            },
          },
        };
      }
      if (method === "POST") return this.create(body);
      return failure(405, 10000, "Method not allowed");
    }
    const entry = [...this.hostnames.values()].find((candidate) => candidate.id === id);
    if (!entry) return failure(404, 1436, "The custom hostname was not found.");
    if (method === "GET") return envelope(entry);
    if (method === "DELETE") {
      this.hostnames.delete(entry.hostname);
      return envelope({ id: entry.id });
    }
    return failure(405, 10000, "Method not allowed");
  }

  private create(body: string | null): ApiAnswer {
    let input: { hostname?: unknown; ssl?: { method?: unknown; type?: unknown } };
    try {
      input = JSON.parse(body ?? "") as typeof input;
    } catch {
      return failure(400, 1400, "Invalid JSON");
    }
    if (typeof input.hostname !== "string" || !input.hostname) {
      return failure(400, 1411, "Hostname is required.");
    }
    if (this.hostnames.has(input.hostname)) {
      return failure(409, 1406, "Duplicate custom hostname found.");
    }
    const entry: WireHostname = {
      id: crypto.randomUUID().replaceAll("-", ""),
      hostname: input.hostname,
      status: "pending",
      ssl: {
        id: crypto.randomUUID().replaceAll("-", ""),
        status: "initializing",
        method: String(input.ssl?.method ?? ""),
        type: String(input.ssl?.type ?? ""),
      },
      verification_errors: ["custom hostname does not CNAME to this zone."],
      ownership_verification: {
        type: "txt",
        name: `_cf-custom-hostname.${input.hostname}`,
        value: crypto.randomUUID(),
      },
      created_at: new Date().toISOString(),
    };
    this.hostnames.set(entry.hostname, entry);
    return envelope(entry);
  }

  /** The API as a fetch function, for a client running in the same process. */
  fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const answer = this.handle(
      init.method ?? "GET",
      new URL(input),
      headers.get("authorization"),
      typeof init.body === "string" ? init.body : null,
    );
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "content-type": "application/json" },
    });
  };

  /** The API's base URL as the client takes it, on `origin`. */
  apiUrl(origin: string): string {
    return `${origin}${API_PREFIX}`;
  }
}
