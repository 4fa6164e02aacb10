/** Email addresses are compared and stored trimmed and lower-cased, on every surface. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}
