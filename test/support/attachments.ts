// A stored attachment for tests that need one without uploading through a form: the row as an
// upload leaves it (attached to a message, or pending) and its object in the bucket.
import { newId } from "../../app/lib/db/ids";
import type { Database } from "../../db/client";
import { attachments } from "../../db/schema";

export async function storeAttachment(
  db: Database,
  bucket: R2Bucket,
  input: {
    accountId: string;
    ticketId: string;
    /** Null for an upload not (yet) part of a message. */
    messageId: string | null;
    uploader: { contactId: string } | { userId: string };
    fileName?: string;
    bytes?: Uint8Array;
  },
): Promise<{ id: string; objectKey: string }> {
  const id = newId("att");
  const objectKey = `${input.accountId}/${input.ticketId}/${newId("obj")}`;
  const bytes = input.bytes ?? new TextEncoder().encode(`contents of ${id}`);
  await bucket.put(objectKey, bytes);
  await db.insert(attachments).values({
    id,
    accountId: input.accountId,
    ticketId: input.ticketId,
    messageId: input.messageId,
    status: input.messageId ? "attached" : "pending",
    objectKey,
    fileName: input.fileName ?? "notes.txt",
    size: bytes.byteLength,
    mime: "text/plain",
    kind: "text",
    checksum: "0".repeat(64),
    uploaderContactId: "contactId" in input.uploader ? input.uploader.contactId : null,
    uploaderUserId: "userId" in input.uploader ? input.uploader.userId : null,
  });
  return { id, objectKey };
}
