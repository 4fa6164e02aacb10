// Request bodies are capped in the worker, before Remix routes: an uncapped `request.formData()`
// lets one large POST exhaust the memory of the isolate, and with it every tenant it serves.
//
//   write ──► bodyLimit(path) ──► Content-Length over it? ──► 413, nothing kept
//                            └──► read it, counting ──► past the limit? ──► 413, nothing more kept
//                                                   └──► not a form? ──► 400
//                                                   └──► Remix gets a copy read from memory
//
// Reading the whole (small) body here is what makes an oversize chunked body a 413: an error from
// a stream Remix is reading would surface in an action as a 500.
//
// A refused body is drained (read and discarded, so memory stays flat), never cancelled nor left
// half read: under wrangler's dev proxy, a request stream the proxy is still sending that the
// worker cancels or leaves unread comes back as "503 Your worker restarted mid-request" instead
// of the refusal. Past DRAIN_LIMIT it is left unread all the same: such a body is not worth it.

/** Every form the app shows fits in this, with room to spare. */
export const FORM_BODY_LIMIT = 64 * 1024;

/** How much of a refused body is read and discarded before the rest is left unread. */
export const DRAIN_LIMIT = 8 * 1024 * 1024;

export type BodyLimit = { path: string; bytes: number };

/**
 * Routes that take more than a form's worth register their limit here by path pattern (URLPattern
 * syntax); the first match wins. Routes that take files (imports, attachments) belong here.
 */
export const BODY_LIMITS: readonly BodyLimit[] = [
  // A ticket message may be MESSAGE_MAX characters; in a script of three-byte characters
  // (Japanese), percent-encoded, that alone is 180 000 bytes.
  { path: "/:slug/tickets/new", bytes: 256 * 1024 },
  { path: "/:slug/tickets/:number", bytes: 256 * 1024 },
  // A contact import's CSV file: 50 000 rows (IMPORT_MAX_ROWS) of about 200 bytes, with room.
  { path: "/a/:account/imports/new", bytes: 10 * 1024 * 1024 },
];

/** The most bytes a write to `pathname` may send. */
export function bodyLimit(pathname: string, limits: readonly BodyLimit[] = BODY_LIMITS): number {
  // A form sent with JavaScript goes to the route's data URL (`/support/tickets/new.data`).
  const path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  const match = limits.find((limit) =>
    new URLPattern({ pathname: limit.path }).test({ pathname: path }),
  );
  return match?.bytes ?? FORM_BODY_LIMIT;
}

/**
 * Routes whose forms carry files (app/lib/attachments/upload.server.ts). Their multipart bodies are
 * not read here: the action parses them as a stream, one file in memory at a time, and answers a
 * passed limit with a message in the page. Only a body declared past `bytes` is refused here.
 * Their other forms (no files: URL-encoded) are read here like any form, within BODY_LIMITS.
 */
export const FILE_FORM_PATHS: readonly string[] = [
  "/:slug/tickets/new",
  "/:slug/tickets/:number",
  "/a/:account/tickets/:number",
];

/** Whether a write to `pathname` may carry files (a form with a file input). */
export function takesFiles(pathname: string, paths: readonly string[] = FILE_FORM_PATHS): boolean {
  const path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  return paths.some((pattern) => new URLPattern({ pathname: pattern }).test({ pathname: path }));
}

/**
 * Answers `status` to a write without using what it sent: its body is drained, up to
 * `drainLimit` bytes, and never cancelled (see the top of this file).
 */
export async function refuse(
  body: ReadableStream<Uint8Array> | null,
  status: number,
  drainLimit = DRAIN_LIMIT,
): Promise<Response> {
  if (body && !body.locked) {
    try {
      await read(body, drainLimit, { keep: false });
    } catch {
      // The client went away; the answer no longer matters.
    }
  }
  return plain(status);
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
};

function plain(status: number): Response {
  return new Response(STATUS_TEXT[status] ?? "Bad Request", { status });
}

/**
 * The form write as Remix should see it: a copy of `request` whose body was read into memory, at
 * most `limit` bytes; or the refusal (413 past the limit, 400 for a body that is not a form).
 */
export async function readFormBody(request: Request, limit: number): Promise<Request | Response> {
  const type = request.headers.get("Content-Type") ?? "";
  if (/^multipart\/form-data/i.test(type) && !/;\s*boundary=/i.test(type)) {
    return refuse(request.body, 400);
  }
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limit) return refuse(request.body, 413);

  let chunks: Uint8Array[] | null;
  try {
    chunks = request.body ? await read(request.body, limit, { keep: true }) : [];
  } catch {
    return plain(400);
  }
  if (!chunks) return refuse(request.body, 413);

  const body = concat(chunks);
  const buffered = new Request(request, { body });
  try {
    // Parsed once here on a copy, so a malformed multipart body is our 400, not an action's 500.
    await buffered.clone().formData();
  } catch {
    return plain(400);
  }
  return buffered;
}

/**
 * Reads `body` to its end, keeping its chunks or discarding them; null as soon as it passes
 * `limit` bytes, with the rest left in the stream.
 */
async function read(
  body: ReadableStream<Uint8Array>,
  limit: number,
  { keep }: { keep: boolean },
): Promise<Uint8Array[] | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return chunks;
      size += value.byteLength;
      if (size > limit) return null;
      if (keep) chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
