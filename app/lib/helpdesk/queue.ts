// The queue's options, shared by its server module and its page.
export const QUEUE_SORTS = ["last_activity", "created"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
