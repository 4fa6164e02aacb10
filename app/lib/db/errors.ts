// What a failed write says about itself. A UNIQUE index is how a race is decided (decision 005);
// the loser needs to know which one it ran into to answer the user. D1 reports a broken constraint
// only in the error's message (Drizzle wraps it, keeping D1's error as the cause).

/**
 * The columns of the UNIQUE constraint a write broke (`["accounts.slug"]`), or an empty list when
 * the error is anything else. D1 and Drizzle wrap SQLite's message; every cause is read.
 */
export function uniqueViolation(error: unknown): string[] {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    const match = /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec(message);
    if (match?.[1]) return match[1].split(", ");
    current = current instanceof Error ? current.cause : undefined;
  }
  return [];
}

/** True when a UNIQUE constraint (or a primary key) of `table` refused the write. */
export function isUniqueViolation(error: unknown, table: string): boolean {
  return uniqueViolation(error).some((column) => column.startsWith(`${table}.`));
}
