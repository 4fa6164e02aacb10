// Cookie sessions need CSRF protection: SameSite=Lax alone lets a sibling subdomain (same site,
// other tenant) post to a portal. A mutating request must prove it comes from this very origin.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isMutating(request: Request): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase());
}

/** True when the browser says the request is same-origin, or its Origin is exactly ours. */
export function isSameOrigin(request: Request): boolean {
  if (request.headers.get("Sec-Fetch-Site") === "same-origin") return true;
  const origin = request.headers.get("Origin");
  return origin !== null && origin === new URL(request.url).origin;
}

/** Every write the app accepts is an HTML form; anything else is refused before an action runs. */
export function hasFormBody(request: Request): boolean {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  return (
    type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")
  );
}
