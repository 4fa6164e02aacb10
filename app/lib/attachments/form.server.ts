// What a route's action calls to read a message form with files: the account's limits and allowed
// kinds, the bucket and the database wired into upload.server.ts and store.server.ts.
import type { AppLoadContext } from "@remix-run/cloudflare";
import type { Account } from "../../../db/schema";
import type { AttachmentLimits } from "../config";
import type { AttachmentKind } from "./detect";
import { displayName } from "./names";
import { ATTACHMENT_KINDS, DEFAULT_ALLOWED_KINDS } from "./policy";
import { formatBytes } from "./sizes";
import { discardFiles, type StoredFile, storeFile, type Uploader } from "./store.server";
import { readUploadForm, type UploadedForm, type UploadProblem } from "./upload.server";

/** The kinds this account accepts: its own list when set, else the default. */
export function allowedKinds(account: Pick<Account, "attachmentKinds">): AttachmentKind[] {
  const own = account.attachmentKinds?.filter((kind): kind is AttachmentKind =>
    ATTACHMENT_KINDS.includes(kind as AttachmentKind),
  );
  return own ? own : [...DEFAULT_ALLOWED_KINDS];
}

/** Reads the form; its files are stored pending under `{account}/{ticket}/…` as they arrive. */
export function readMessageForm(
  request: Request,
  context: AppLoadContext,
  target: {
    account: Pick<Account, "id" | "attachmentKinds">;
    ticketId: string;
    uploader: Uploader;
  },
): Promise<UploadedForm> {
  const deps = { db: context.db, bucket: context.env.ATTACHMENTS };
  const limits = context.config.attachments;
  return readUploadForm(request, {
    limits,
    allowedKinds: allowedKinds(target.account),
    sink: (file) =>
      storeFile(deps, {
        accountId: target.account.id,
        ticketId: target.ticketId,
        uploader: target.uploader,
        fileName: file.fileName,
        bytes: file.bytes,
        type: file.type,
        capBytes: limits.storageCapBytes,
      }),
    discard: (files) => discardFiles(deps, target.account.id, files),
  });
}

/** Files of a form that was not saved after all (its text was refused): removed now. */
export function discardMessageFiles(
  context: AppLoadContext,
  accountId: string,
  files: StoredFile[],
): Promise<void> {
  return discardFiles({ db: context.db, bucket: context.env.ATTACHMENTS }, accountId, files);
}

/** The limits as the file input shows and checks them before sending. */
export function limitsForPage(limits: AttachmentLimits) {
  return {
    maxFiles: limits.maxFiles,
    maxFileBytes: limits.maxFileBytes,
    maxMessageBytes: limits.maxMessageBytes,
  };
}

/** A problem as a message key and its values, for the portal's catalogs and the dashboard's. */
export function problemMessage(
  problem: UploadProblem,
  locale: string,
): {
  key: `attachments.error.${UploadProblem["code"]}`;
  values: Record<string, string | number>;
} {
  const values: Record<string, string | number> = {};
  if (problem.code === "too_many") values.max = problem.max;
  else if ("max" in problem) values.max = formatBytes(problem.max, locale);
  if ("fileName" in problem && problem.fileName) values.name = displayName(problem.fileName);
  return { key: `attachments.error.${problem.code}`, values };
}
