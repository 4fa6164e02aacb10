// `#remix-build` (package.json "imports") is the server build `remix vite:build` writes to build/server.
declare const build: import("@remix-run/cloudflare").ServerBuild;
export = build;
