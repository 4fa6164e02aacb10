// The dev mailbox: in local development without RESEND_API_KEY nothing leaves the machine, and the
// email worker stores each rendered email in the log instead. These pages read it back, so every
// flow that sends a link can be finished locally. They list every account's emails and live links,
// so they exist only on the dashboard host, with DEV_MODE on AND a local dashboard host: one stray
// variable in a deployed environment is not enough to open them.
import type { AppLoadContext } from "@remix-run/cloudflare";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { emailLog } from "../../../db/schema";
import type { Config } from "../config";
import { notFound, requireDashboardHost } from "../tenancy/guards.server";
import { isLocalHostname } from "../tenancy/host";
import {
  type EmailLogEntry,
  entryColumns,
  olderThan,
  type Page,
  pageSize,
  toPage,
} from "./log.server";

export type DevEmail = EmailLogEntry & { html: string; text: string | null };

/** Whether this deployment has a dev mailbox at all. */
export function devMailboxOpen(config: Pick<Config, "devMode" | "dashboardHost">): boolean {
  return config.devMode && isLocalHostname(config.dashboardHost);
}

export function requireDevMailbox(context: AppLoadContext): void {
  requireDashboardHost(context);
  if (!devMailboxOpen(context.config)) throw notFound();
}

/** Emails with a stored body (only ever stored in dev mode), newest first. */
export async function listDevMailbox(
  db: Database,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<Page<EmailLogEntry>> {
  const limit = pageSize(options.limit);
  // Development data only, so a scan of the log is fine here.
  const rows = await db
    .select(entryColumns)
    .from(emailLog)
    .where(and(isNotNull(emailLog.html), olderThan(options.cursor)))
    .orderBy(desc(emailLog.createdAt), desc(emailLog.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}

export async function getDevEmail(db: Database, id: string): Promise<DevEmail | null> {
  const [row] = await db
    .select({ ...entryColumns, html: emailLog.html, text: emailLog.text })
    .from(emailLog)
    .where(and(eq(emailLog.id, id), isNotNull(emailLog.html)));
  return row?.html ? { ...row, html: row.html } : null;
}

/** A dev tool's timestamp: UTC, to the second. */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const ENTITIES: Record<string, string> = {
  "&quot;": '"',
  "&#39;": "'",
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
};

/**
 * The email's inline styles as a stylesheet. The frame that shows the email inherits the mailbox
 * page's Content-Security-Policy, which blocks style attributes but allows a same-origin
 * stylesheet: each `style="…"` becomes a `data-inline-style` attribute and a rule for it. The same
 * stored HTML always gives the same numbering, so the page and the stylesheet agree.
 */
export function extractInlineStyles(html: string): { html: string; css: string } {
  const rules: string[] = [];
  const rewritten = html.replace(/ style="([^"]*)"/g, (_, value: string) => {
    const index = rules.length;
    const declarations = value
      .replace(/&(quot|#39|lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? "")
      // Declarations only: nothing that could close the rule or start another.
      .replace(/[{}<]/g, "");
    rules.push(`[data-inline-style="${index}"] { ${declarations} }`);
    return ` data-inline-style="${index}"`;
  });
  return { html: rewritten, css: `${rules.join("\n")}\n` };
}

/** The document for the mailbox's frame: styles from `stylesheetHref`, links in a new tab. */
export function framedEmail(html: string, stylesheetHref: string): string {
  // Portal pages refuse to be framed, so links must leave the frame.
  const head = `<base target="_blank"><link rel="stylesheet" href="${stylesheetHref}">`;
  const body = extractInlineStyles(html).html;
  return /<head>/i.test(body) ? body.replace(/<head>/i, `<head>${head}`) : `${head}${body}`;
}

export function devEmailStylesheetPath(id: string): string {
  return `/dev/mailbox/${encodeURIComponent(id)}/styles.css`;
}
