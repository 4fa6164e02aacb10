// Where to send someone after signing in: only a path on the same site, never anywhere else.
// Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` would
// become `//evil.example`; such targets are refused, not cleaned.

/** True for a plain absolute path on this origin (`/x`, not `//x`, no control characters). */
export function isLocalPath(target: string | null | undefined): target is string {
  if (!target || target.length > 2000 || !target.startsWith("/")) return false;
  const unsafe = [...target].some(
    (char) => char.charCodeAt(0) < 32 || char === "\u007f" || char === "\\",
  );
  if (unsafe) return false;
  return !target.startsWith("//");
}

/** `target` when it is a local path inside `prefix` (e.g. `/support/`), else `fallback`. */
export function safeRedirect(
  target: string | null | undefined,
  prefix: string,
  fallback: string,
): string {
  return isLocalPath(target) && target.startsWith(prefix) && !target.includes("//")
    ? target
    : fallback;
}

/** Only paths on the dashboard itself are places to return to. */
export function safeDashboardRedirect(target: string | null | undefined): string {
  return safeRedirect(target, "/", "/");
}
