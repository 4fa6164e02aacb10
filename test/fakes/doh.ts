// A DNS-over-HTTPS JSON server on 127.0.0.1, answering from records a test sets, with the failure
// modes of real resolvers on demand (SERVFAIL, an HTTP error, no answer at all). It answers in the
// same wire format as the local DNS of `npm start` (app/lib/domains/dev-dns.ts).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type DevRecord, dohReply } from "../../app/lib/domains/dev-dns";

export type DohMode = "answer" | "servfail" | "http-500" | "hang";

export type FakeDohServer = {
  /** For DOH_URL. */
  url: string;
  records: DevRecord[];
  setMode: (mode: DohMode) => void;
  /** The questions asked, `name type`, in order. */
  asked: string[];
  close: () => Promise<void>;
};

export async function startFakeDoh(): Promise<FakeDohServer> {
  const records: DevRecord[] = [];
  const asked: string[] = [];
  const hanging = new Set<ServerResponse>();
  let mode: DohMode = "answer";
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const name = url.searchParams.get("name") ?? "";
    const type = url.searchParams.get("type") ?? "A";
    asked.push(`${name} ${type}`);
    if (url.pathname !== "/dns-query" || req.headers.accept !== "application/dns-json") {
      res.writeHead(415).end();
      return;
    }
    if (mode === "hang") {
      hanging.add(res);
      return;
    }
    if (mode === "http-500") {
      res.writeHead(500, { "content-type": "text/plain" }).end("upstream error");
      return;
    }
    const reply =
      mode === "servfail"
        ? { Status: 2, Question: [{ name, type: 16 }] }
        : dohReply(records, name, type);
    res.writeHead(200, { "content-type": "application/dns-json" }).end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dns-query`,
    records,
    asked,
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
