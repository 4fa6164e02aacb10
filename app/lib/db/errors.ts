// What a failed statement says about why it failed. D1 reports a broken constraint only in the
// error's message (drizzle wraps it, keeping D1's error as the cause), so the message is what we read.

function messages(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    found.push(current.message);
    current = current.cause;
  }
  return found;
}

/** True when a UNIQUE constraint (or a primary key) of `table` refused the write. */
export function isUniqueViolation(error: unknown, table: string): boolean {
  return messages(error).some(
    (message) => message.includes("UNIQUE constraint failed") && message.includes(`${table}.`),
  );
}
