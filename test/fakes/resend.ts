// The Resend fake as a real HTTP server on 127.0.0.1, for workers running in Miniflare.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeResendModel } from "./resend-model";

export type FakeResendServer = {
  /** For RESEND_BASE_URL. */
  url: string;
  model: FakeResendModel;
  close: () => Promise<void>;
};

export async function startFakeResend(): Promise<FakeResendServer> {
  const model = new FakeResendModel();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      const reply = model.handle({
        method: req.method ?? "GET",
        path: new URL(req.url ?? "/", "http://fake").pathname,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(reply.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    model,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
