// What a write must be before any action runs: same-origin (../auth/csrf.ts), an HTML form, and
// within its body limit (./body-limit.ts). Remix then reads the form from memory.
import { hasFormBody, isSameOrigin } from "../auth/csrf";
import { bodyLimit, readFormBody, refuse } from "./body-limit";

/** The request Remix should handle, or the refusal to send instead. */
export async function acceptWrite(request: Request): Promise<Request | Response> {
  if (!isSameOrigin(request)) return refuse(request.body, 403);
  if (!hasFormBody(request)) return refuse(request.body, 415);
  return readFormBody(request, bodyLimit(new URL(request.url).pathname));
}
