// What the benchmark requests, and how each answer proves it is the page meant: a status and a
// marker (with a minimum number of matches where a full page of rows is the point), so a redirect
// or a 404 is never measured by mistake.
import { PAGE_SIZE } from "../../app/lib/tickets/list-params";
import { type BenchAccount, SEARCH_TERM, THREAD_MESSAGES } from "./seed";

export const FLOOR_HOST = "floor.bench.localhost";
export const UNKNOWN_HOST = "nobody.bench.example";

export type Scenario = {
  name: string;
  label: string;
  /** Baselines are what every other figure is divided by. */
  kind: "floor" | "baseline" | "page";
  host: string;
  path: string;
  method: "GET" | "POST";
  /** A form body (POST), sent same-origin like a browser's. */
  form?: Record<string, string>;
  /** Sends the account's session cookie. */
  signedIn?: BenchAccount;
  status: number;
  /** Must occur in the body (or, for a redirect, in its Location) at least `min` times. */
  marker: RegExp;
  min?: number;
  /** A portal page whose client JS and CSS are counted. */
  page?: boolean;
};

export function scenarios(accounts: BenchAccount[]): Scenario[] {
  const largest = accounts.reduce((a, b) => (b.tickets > a.tickets ? b : a));
  const base = `/${largest.slug}`;
  const rows = /Question \d+ about/g;
  return [
    {
      name: "floor",
      label: "Trivial worker (runtime floor)",
      kind: "floor",
      host: FLOOR_HOST,
      path: "/",
      method: "GET",
      status: 200,
      marker: /^ok$/,
    },
    {
      name: "not-found",
      label: "Unknown host's 404 (baseline)",
      kind: "baseline",
      host: UNKNOWN_HOST,
      path: "/",
      method: "GET",
      status: 404,
      marker: /<h1>Page not found<\/h1>/,
    },
    {
      name: "home",
      label: "Portal home, signed out",
      kind: "page",
      host: largest.host,
      path: base,
      method: "GET",
      status: 200,
      marker: /<h1>Bench [^<]+ Help<\/h1>/,
      page: true,
    },
    {
      name: "sign-in",
      label: "Sign-in page",
      kind: "page",
      host: largest.host,
      path: `${base}/sign-in`,
      method: "GET",
      status: 200,
      marker: /name="password"/,
      page: true,
    },
    {
      // The same page's loaders alone (single fetch): the difference to the HTML is rendering.
      name: "data-sign-in",
      label: "Sign-in page, loader data only (.data)",
      kind: "page",
      host: largest.host,
      path: `${base}/sign-in.data`,
      method: "GET",
      status: 200,
      marker: /routes\/\$slug\.sign-in/,
    },
    ...accounts.map(
      (account): Scenario => ({
        name: `list-${account.tickets}`,
        label: `Ticket list, ${account.tickets.toLocaleString("en")} tickets (company, one page)`,
        kind: "page",
        host: account.host,
        path: `/${account.slug}/tickets`,
        method: "GET",
        signedIn: account,
        status: 200,
        marker: rows,
        min: PAGE_SIZE,
        page: account === largest,
      }),
    ),
    {
      // The largest list's loaders alone: session and page data in D1, no React render.
      name: "data-list",
      label: `Ticket list, ${largest.tickets.toLocaleString("en")} tickets, loader data only (.data)`,
      kind: "page",
      host: largest.host,
      path: `${base}/tickets.data`,
      method: "GET",
      signedIn: largest,
      status: 200,
      marker: rows,
      min: PAGE_SIZE,
    },
    {
      name: "search",
      label: `Search "${SEARCH_TERM}", ${largest.tickets.toLocaleString("en")} tickets`,
      kind: "page",
      host: largest.host,
      path: `${base}/tickets?q=${SEARCH_TERM}`,
      method: "GET",
      signedIn: largest,
      status: 200,
      marker: new RegExp(`Question \\d+ about the ${SEARCH_TERM}`, "g"),
      min: PAGE_SIZE,
    },
    {
      name: "detail",
      label: `Ticket detail, ${THREAD_MESSAGES} messages`,
      kind: "page",
      host: largest.host,
      path: `${base}/tickets/${largest.threadNumber}`,
      method: "GET",
      signedIn: largest,
      status: 200,
      marker: /Message \d+ of the thread/g,
      min: THREAD_MESSAGES - 1,
      page: true,
    },
    {
      name: "reply",
      label: "Posting a reply",
      kind: "page",
      host: largest.host,
      path: `${base}/tickets/${largest.replyNumber}`,
      method: "POST",
      form: { intent: "reply", body: "Thanks, that helped. One more detail for the record." },
      signedIn: largest,
      status: 302,
      marker: /done=replied/,
    },
  ];
}

/** Why the answer is not the page the scenario meant, or null when it is. */
export function mismatch(
  scenario: Scenario,
  status: number,
  headers: Headers,
  body: string,
): string | null {
  if (status !== scenario.status) {
    const where = headers.get("location") ? ` to ${headers.get("location")}` : "";
    return `${scenario.name}: status ${status}${where}, expected ${scenario.status}`;
  }
  const text = status >= 300 && status < 400 ? (headers.get("location") ?? "") : body;
  const found = text.match(new RegExp(scenario.marker.source, "g"))?.length ?? 0;
  if (found < (scenario.min ?? 1)) {
    return `${scenario.name}: ${found} × ${scenario.marker} in the answer, expected at least ${scenario.min ?? 1}`;
  }
  return null;
}
