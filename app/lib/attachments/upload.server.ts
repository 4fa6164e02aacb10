// Reading a form that carries files, without ever holding the whole body: the multipart stream is
// parsed part by part; text fields are kept, and each file is buffered alone (R2 needs an object's
// length), checked, stored pending (store.server.ts) and let go before the next one is read.
//
// A limit passed is a `problem`, not an exception: reading goes on (file parts are then dropped
// unread into R2), so the fields typed next to the files come back with the message. Only a part
// past the per-file limit, or a body past the message's, stops the parser; the rest of the body is
// then drained, and the fields read before it (forms put the file input after the text) come back.
import {
  MaxFileSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseMultipartStream,
} from "@remix-run/multipart-parser";
import type { AttachmentLimits } from "../config";
import { type AttachmentKind, detectType, SNIFF_BYTES } from "./detect";
import { isAllowedKind } from "./policy";
import type { StoredFile } from "./store.server";

/** The form field of file inputs. */
export const FILES_FIELD = "files";

/** What a form's text fields may take in all, apart from files (a message of 20 000 characters). */
export const FORM_TEXT_BYTES = 256 * 1024;

/** Room for part headers and boundaries: per file and for the text fields. */
const PART_OVERHEAD_BYTES = 1024;
const MAX_TEXT_PARTS = 100;

/** The most a form with files may send; past it the body is not read (body-limit.ts). */
export function uploadBodyLimit(limits: AttachmentLimits): number {
  return (
    limits.maxMessageBytes +
    FORM_TEXT_BYTES +
    (limits.maxFiles + MAX_TEXT_PARTS) * PART_OVERHEAD_BYTES
  );
}

export type UploadProblem =
  | { code: "too_many"; max: number }
  | { code: "file_too_large"; max: number; fileName: string | null }
  | { code: "message_too_large"; max: number }
  | { code: "type_not_allowed"; fileName: string }
  | { code: "storage_full" }
  | { code: "unreadable" };

export type UploadedForm = {
  /** The text fields, as a FormData for conform's parseWithZod. */
  fields: FormData;
  /** Files stored pending, in the order sent; empty when there is a problem. */
  files: StoredFile[];
  problem: UploadProblem | null;
};

/** Stores one checked file (store.server.ts `storeFile`), or says the account is full. */
export type FileSink = (file: {
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
  type: ReturnType<typeof detectType>;
}) => Promise<StoredFile | "storage_full">;

/**
 * Reads a form write: multipart parsed as a stream, with files stored through `sink` as they come;
 * any other form (the body already read by the worker, small) through `formData()`. On a problem,
 * files stored so far are handed to `discard` and none are returned.
 */
export async function readUploadForm(
  request: Request,
  options: {
    limits: AttachmentLimits;
    allowedKinds: readonly AttachmentKind[];
    sink: FileSink;
    discard: (files: StoredFile[]) => Promise<void>;
  },
): Promise<UploadedForm> {
  const type = request.headers.get("Content-Type") ?? "";
  const boundary = /^multipart\/form-data/i.test(type) ? multipartBoundary(type) : null;
  if (!boundary || !request.body) {
    // Not multipart: a small form the worker already read into memory (body-limit.ts).
    return { fields: await request.formData(), files: [], problem: null };
  }
  const { limits } = options;
  const fields = new FormData();
  const files: StoredFile[] = [];
  let problem: UploadProblem | null = null;
  let fileCount = 0;
  let fileBytes = 0;
  let textBytes = 0;
  const body = request.body;
  try {
    for await (const part of parseMultipartStream(body, {
      boundary,
      maxFileSize: limits.maxFileBytes,
      maxTotalSize: uploadBodyLimit(limits),
      maxParts: limits.maxFiles + MAX_TEXT_PARTS,
    })) {
      const name = part.name;
      if (!name) continue;
      if (!part.isFile) {
        textBytes += part.size;
        if (textBytes > FORM_TEXT_BYTES) throw new MultipartParseError("text fields too large");
        fields.append(name, part.text);
        continue;
      }
      // An empty file input still sends a part, with no name and no bytes.
      if (name !== FILES_FIELD || (part.size === 0 && !part.filename)) continue;
      fileCount += 1;
      fileBytes += part.size;
      if (problem) continue;
      const fileName = (part.filename ?? "").slice(0, 1000);
      if (fileCount > limits.maxFiles) {
        problem = { code: "too_many", max: limits.maxFiles };
      } else if (fileBytes > limits.maxMessageBytes) {
        problem = { code: "message_too_large", max: limits.maxMessageBytes };
      } else {
        const bytes = part.bytes as Uint8Array<ArrayBuffer>;
        const detected = detectType(bytes.subarray(0, SNIFF_BYTES), fileName);
        if (!isAllowedKind(detected.kind, options.allowedKinds)) {
          problem = { code: "type_not_allowed", fileName };
        } else {
          const stored = await options.sink({ fileName, bytes, type: detected });
          if (stored === "storage_full") problem = { code: "storage_full" };
          else files.push(stored);
        }
      }
    }
  } catch (error) {
    problem = problemOf(error, limits);
    await drain(body, uploadBodyLimit(limits) * 2);
  }
  if (problem) {
    await options.discard(files);
    return { fields, files: [], problem };
  }
  return { fields, files, problem: null };
}

function problemOf(error: unknown, limits: AttachmentLimits): UploadProblem {
  if (error instanceof MaxFileSizeExceededError) {
    return { code: "file_too_large", max: limits.maxFileBytes, fileName: null };
  }
  if (error instanceof MaxTotalSizeExceededError) {
    return { code: "message_too_large", max: limits.maxMessageBytes };
  }
  if (error instanceof MaxPartsExceededError) return { code: "too_many", max: limits.maxFiles };
  if (error instanceof MultipartParseError || error instanceof TypeError) {
    return { code: "unreadable" };
  }
  throw error;
}

function multipartBoundary(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return (match?.[1] ?? match?.[2])?.trim() || null;
}

/**
 * Reads what is left of a body and discards it, up to `limit` bytes: a request stream left unread
 * comes back from wrangler's dev proxy as a 503 instead of our answer (body-limit.ts).
 */
async function drain(body: ReadableStream<Uint8Array>, limit: number): Promise<void> {
  if (body.locked) return;
  const reader = body.getReader();
  let read = 0;
  try {
    while (read <= limit) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away, or the stream had already failed: nothing more to read.
  } finally {
    reader.releaseLock();
  }
}
