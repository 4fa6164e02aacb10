// The help desk's search over its own index (db/migrations/0013_helpdesk_search.sql): the same
// query shape as the portal's, on a table the portal never reads.
import { searchMatch } from "../tickets/search";

/** FTS5 MATCH text: the account's token and every term as a prefix (see tickets/search.ts). */
export function helpdeskMatch(accountId: string, terms: string[]): string {
  return searchMatch(accountId, terms);
}
