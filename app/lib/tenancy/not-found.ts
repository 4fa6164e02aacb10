// The 404 for an unknown host, a domain that does not serve, or an unknown portal. It is the same
// page in every case and names no tenant, so probing hostnames and slugs learns nothing.
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Page not found</title></head>
<body><main><h1>Page not found</h1><p>There is no page at this address.</p></main></body>
</html>`;

export function notFoundPage(): Response {
  return new Response(PAGE, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
