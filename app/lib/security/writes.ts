// What a write must be before any action runs: same-origin (../auth/csrf.ts), an HTML form, and
// within its body limit (./body-limit.ts). Remix then reads the form from memory.
import { hasFormBody, isSameOrigin } from "../auth/csrf";
import { bodyLimit, readFormBody, refuse, takesFiles } from "./body-limit";

/**
 * The request Remix should handle, or the refusal to send instead. A multipart write to a route
 * that takes files goes on unread (its action streams it: app/lib/attachments/upload.server.ts).
 * Up to twice `fileBodyLimit`, so a form somewhat over the limit still gets its message and its
 * text back (the action reads the text, then drains the rest); past that, a plain 413 here.
 * Every other write is read here.
 */
export async function acceptWrite(
  request: Request,
  fileBodyLimit: number,
): Promise<Request | Response> {
  if (!isSameOrigin(request)) return refuse(request.body, 403);
  if (!hasFormBody(request)) return refuse(request.body, 415);
  const { pathname } = new URL(request.url);
  const type = request.headers.get("Content-Type") ?? "";
  if (takesFiles(pathname) && /^multipart\/form-data\s*;\s*boundary=/i.test(type)) {
    const declared = Number(request.headers.get("Content-Length") ?? 0);
    return declared > fileBodyLimit * 2 ? refuse(request.body, 413) : request;
  }
  return readFormBody(request, bodyLimit(pathname));
}
