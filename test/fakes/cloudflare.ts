// Cloudflare's custom-hostnames API on 127.0.0.1 (the model in cloudflare-model.ts behind a real
// HTTP server), with an outage on demand: HTTP 500s, or no answer at all.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeCloudflareModel, type FakeCloudflareOptions } from "./cloudflare-model";

export type FakeCloudflareServer = {
  /** For CLOUDFLARE_API_URL. */
  apiUrl: string;
  model: FakeCloudflareModel;
  /** While true, requests get no answer (a timeout for the client). */
  setHanging: (hanging: boolean) => void;
  close: () => Promise<void>;
};

export async function startFakeCloudflare(
  options: FakeCloudflareOptions = {},
): Promise<FakeCloudflareServer> {
  const model = new FakeCloudflareModel(options);
  const hanging = new Set<ServerResponse>();
  let hang = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (hang) {
        hanging.add(res);
        return;
      }
      const answer = model.handle(
        req.method ?? "GET",
        new URL(req.url ?? "/", "http://fake"),
        req.headers.authorization ?? null,
        chunks.length ? Buffer.concat(chunks).toString("utf8") : null,
      );
      res
        .writeHead(answer.status, { "content-type": "application/json" })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: model.apiUrl(`http://127.0.0.1:${port}`),
    model,
    setHanging: (next) => {
      hang = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
