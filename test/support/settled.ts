// Requests through the app worker's own fetch, with an execution context the test holds: it sees
// what a route handed to `waitUntil` (work done after the answer) and waits for it to finish.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../workers/app";
import { type FormOptions, formRequest } from "./http";

/** Posts a form; returns the answer, how many promises went to waitUntil, after they settled. */
export async function postFormSettled(
  url: string,
  fields: Record<string, string>,
  options: FormOptions = {},
) {
  const ctx = createExecutionContext();
  let deferred = 0;
  const waitUntil = ctx.waitUntil.bind(ctx);
  ctx.waitUntil = (promise) => {
    deferred += 1;
    waitUntil(promise);
  };
  const request = formRequest(url, fields, options) as Parameters<typeof worker.fetch>[0];
  const response = await worker.fetch(request, env, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, body, deferred };
}
