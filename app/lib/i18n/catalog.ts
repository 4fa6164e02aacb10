import type { en } from "./catalogs/en";

export type MessageKey = keyof typeof en;
/** Every language has every key; TypeScript checks it, and a unit test checks it at run time too. */
export type Catalog = { [K in MessageKey]: string };
