// The app worker with a meter on its D1 binding. It answers every request with a JSON report: the
// app's status, headers and body, and the D1 round trips the request made (including work the app
// handed to waitUntil). The benchmark and the budgets test read counts from it; load is measured on
// the unmetered worker.

import type { Env } from "../../app/lib/config";
import app from "../../workers/app";
import { meteredD1, type Trip } from "./meter";

export type MeteredResponse = {
  status: number;
  headers: [string, string][];
  body: string;
  trips: Trip[];
};

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const meter = meteredD1(env.DB);
    const pending: Promise<unknown>[] = [];
    const context = {
      waitUntil: (promise: Promise<unknown>) => {
        pending.push(promise);
      },
      passThroughOnException: () => ctx.passThroughOnException(),
      props: ctx.props,
    } as ExecutionContext;
    const response = await app.fetch(
      request as Parameters<typeof app.fetch>[0],
      { ...env, DB: meter.d1 },
      context,
    );
    const body = await response.text();
    await Promise.allSettled(pending);
    const report: MeteredResponse = {
      status: response.status,
      headers: [...response.headers],
      body,
      trips: meter.trips,
    };
    return Response.json(report);
  },
} satisfies ExportedHandler<Env>;
