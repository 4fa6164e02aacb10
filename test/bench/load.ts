// The load generator, in its own process so it does not share a core's event loop with the
// runtime it measures. The parent sends one job at a time over IPC; the answer is autocannon's
// figures for it.
import autocannon from "autocannon";

export type LoadJob = {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
};

export type LoadResult = {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers by status code, e.g. { "200": 812 }. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
};

async function run(job: LoadJob): Promise<LoadResult> {
  const result = await autocannon({
    url: job.url,
    method: job.method,
    headers: job.headers,
    body: job.body,
    connections: job.connections,
    duration: job.seconds,
    timeout: 30,
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[code] = (stat as { count: number }).count;
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.on("message", (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
