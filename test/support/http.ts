// Requests to the app worker the way a browser on that origin sends them.
import { SELF } from "cloudflare:test";

export function originOf(url: string): string {
  return new URL(url).origin;
}

export type FormOptions = {
  cookie?: string;
  origin?: string | null;
  headers?: Record<string, string>;
};

/** A form POST as a browser on that origin sends it. */
export function formRequest(
  url: string,
  fields: Record<string, string>,
  options: FormOptions = {},
) {
  // As on the edge, the Host header names the host (Remix compares it with Origin on actions).
  const headers: Record<string, string> = { Host: new URL(url).host, ...options.headers };
  const origin = options.origin === undefined ? originOf(url) : options.origin;
  if (origin) headers.Origin = origin;
  if (options.cookie) headers.Cookie = options.cookie;
  return new Request(url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers,
    redirect: "manual",
  });
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
  options: FormOptions = {},
) {
  const response = await SELF.fetch(formRequest(url, fields, options));
  return { response, body: await response.text() };
}

export async function getPage(url: string, cookie?: string) {
  const response = await SELF.fetch(url, {
    headers: cookie ? { Cookie: cookie } : {},
    redirect: "manual",
  });
  return { response, body: await response.text() };
}

/** `name=value` of the Set-Cookie header, ready to send back. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  return header.split(";")[0] ?? "";
}

/** Signs in on a portal and returns the session cookie (`name=value`). */
export async function signInPortal(base: string, email: string, password: string): Promise<string> {
  const { response, body } = await postForm(`${base}/sign-in`, { email, password });
  if (response.status !== 302)
    throw new Error(`sign-in failed with ${response.status}: ${body.slice(0, 200)}`);
  return cookieFrom(response);
}
