// A download, after the caller's visibility check found the file: the object from R2, whole or one
// byte range, with policy.ts's headers (sandboxing CSP, nosniff, inline only for raster images).
import { downloadHeaders, unsatisfiableRangeHeaders } from "./policy";
import { parseRange } from "./range";
import type { DownloadableFile } from "./store.server";

export async function serveDownload(
  bucket: R2Bucket,
  file: DownloadableFile,
  request: Request,
): Promise<Response> {
  const range = parseRange(request.headers.get("Range"), file.size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: unsatisfiableRangeHeaders(file.size) });
  }
  const object = await bucket.get(
    file.objectKey,
    range ? { range: { offset: range.offset, length: range.length } } : undefined,
  );
  // The row says the file is attached; a missing object is our fault, not the visitor's.
  if (!object) throw new Error(`attachment object missing: ${file.objectKey}`);
  const headers = downloadHeaders({
    mime: file.mime,
    fileName: file.fileName,
    size: file.size,
    range,
    checksum: file.checksum,
  });
  if (request.method === "HEAD") return new Response(null, { status: range ? 206 : 200, headers });
  return new Response(object.body, { status: range ? 206 : 200, headers });
}
