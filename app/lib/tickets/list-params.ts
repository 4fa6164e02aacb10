import type { DisplaySettings } from "../../../db/schema";
import { searchTerms } from "./search";

export const STATUS_FILTERS = ["open", "closed", "all"] as const;
export const SORTS = ["last_activity", "created"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export type Sort = (typeof SORTS)[number];

export const PAGE_SIZE = 20;

/** The list's filters from the URL; anything unexpected falls back to the portal's defaults. */
export function listParams(url: URL, display: DisplaySettings) {
  const rawStatus = url.searchParams.get("status");
  const rawSort = url.searchParams.get("sort");
  let status: StatusFilter = STATUS_FILTERS.includes(rawStatus as StatusFilter)
    ? (rawStatus as StatusFilter)
    : "open";
  // A portal that does not list closed tickets shows open ones only.
  if (!display.listClosedTickets) status = "open";
  const sort: Sort = SORTS.includes(rawSort as Sort) ? (rawSort as Sort) : display.defaultSort;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  // What was typed goes back into the field; the terms are what the search uses. Input without a
  // usable term is no search at all.
  const terms = searchTerms(q);
  const cursor = url.searchParams.get("cursor");
  return { status, sort, q, terms, cursor };
}
