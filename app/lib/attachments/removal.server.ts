// Removing files when what they belong to goes away: a contact's own uploads when the contact is
// deleted (data rights), every file of an account when the account is deleted. The rows go in the
// caller's batch (with RETURNING, so the batch itself says which objects to remove); the objects
// go right after it commits. A failure there leaves objects that no row names and no download can
// reach; they are logged by key for removal by hand.
import { sql } from "drizzle-orm";

/** R2 deletes at most 1000 keys per call. */
const R2_DELETE_BATCH = 1000;

/** The statement that deletes a contact's own uploads, returning their object keys. */
export function deleteContactFilesStatement(accountId: string, contactId: string) {
  return sql`delete from attachments
    where account_id = ${accountId} and uploader_contact_id = ${contactId}
    returning object_key`;
}

/** The object keys a `… returning object_key` statement's batch result names. */
export function objectKeysOf(result: D1Result | undefined): string[] {
  return ((result?.results ?? []) as { object_key?: unknown }[])
    .map((row) => row.object_key)
    .filter((key): key is string => typeof key === "string");
}

export async function deleteObjects(bucket: R2Bucket, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += R2_DELETE_BATCH) {
    const chunk = keys.slice(start, start + R2_DELETE_BATCH);
    try {
      await bucket.delete(chunk);
    } catch (error) {
      console.error("attachments: objects left after their rows were deleted", chunk, error);
      throw error;
    }
  }
}

/**
 * Every object under the account's prefix (`{account}/`): object keys start with the account id,
 * so this finds pending uploads and files whose rows are already gone alike.
 */
export async function deleteAccountObjects(bucket: R2Bucket, accountId: string): Promise<number> {
  let removed = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: `${accountId}/`, cursor, limit: R2_DELETE_BATCH });
    const keys = page.objects.map((object) => object.key);
    await deleteObjects(bucket, keys);
    removed += keys.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return removed;
}
