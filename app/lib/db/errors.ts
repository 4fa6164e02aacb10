// What a failed write says about itself. A UNIQUE index is how a race is decided (decision 005);
// the loser needs to know which one it ran into to answer the user.

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
