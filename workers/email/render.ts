// One layout for every email: a content model in, an HTML part and a text part out. All text is
// escaped here, once, so no template can forget it.
import { safeAccentColor } from "../../app/lib/portals/branding";

export type EmailContent = {
  /** `lang` of the HTML part. */
  language: string;
  dir: "ltr" | "rtl";
  subject: string;
  brand: { name: string; accentColor: string; logoUrl: string | null };
  greeting: string | null;
  paragraphs: string[];
  /** Quoted text, e.g. an agent's reply; line breaks are kept. */
  quote: string | null;
  /**
   * The quoted message's files, each linking to `url` (the ticket: downloads need a signed-in
   * session, so the email never carries a file or a file's address).
   */
  attachments?: EmailAttachments | null;
  action: { label: string; url: string };
  linkFallback: string;
  notes: string[];
  footer: string;
};

export type EmailAttachments = {
  heading: string;
  /** Names already cleaned for display (app/lib/attachments/names.ts), sizes formatted. */
  files: { name: string; size: string }[];
  url: string;
  note: string;
};

export type RenderedEmail = { subject: string; html: string; text: string };

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text into HTML (content and attribute values alike). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A subject is one line: collapse whitespace, so user text cannot break it up. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const DARK_TEXT = "#111827";

/** White or dark text, whichever contrasts more with the `#rrggbb` background (WCAG). */
export function textColorOn(hex: string): "#ffffff" | typeof DARK_TEXT {
  const background = luminance(hex) + 0.05;
  const withWhite = 1.05 / background;
  const withDark = background / (luminance(DARK_TEXT) + 0.05);
  return withWhite >= withDark ? "#ffffff" : DARK_TEXT;
}

function httpsUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    return new URL(value).protocol === "https:" ? value : null;
  } catch {
    return null;
  }
}

const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

export function renderEmail(content: EmailContent): RenderedEmail {
  return {
    subject: oneLine(content.subject),
    html: renderHtml(content),
    text: renderText(content),
  };
}

function renderHtml(content: EmailContent): string {
  const accent = safeAccentColor(content.brand.accentColor);
  const onAccent = textColorOn(accent);
  const url = escapeHtml(content.action.url);
  const logo = httpsUrl(content.brand.logoUrl);
  const paragraph = (text: string, style = "margin:0 0 16px;") =>
    `<p style="${style}">${escapeHtml(text)}</p>`;
  // Inline styles for mail clients, plus the old presentational attributes (bgcolor, width), which
  // still colour the layout in clients that strip styles.
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(content.language)}" dir="${content.dir}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(oneLine(content.subject))}</title></head>`,
    `<body style="margin:0;padding:0;background:#f3f4f6;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f4f6"><tr><td align="center" style="padding:24px 12px;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="max-width:560px;background:#ffffff;border-top:6px solid ${accent};${FONT}color:#1f2937;font-size:16px;line-height:1.5;">`,
    `<tr><td style="padding:24px 32px 0;font-size:18px;font-weight:bold;">`,
    logo
      ? `<img src="${escapeHtml(logo)}" alt="" height="32" style="height:32px;vertical-align:middle;margin-inline-end:12px;">`
      : "",
    `${escapeHtml(content.brand.name)}</td></tr>`,
    `<tr><td style="padding:16px 32px 24px;">`,
    content.greeting ? paragraph(content.greeting) : "",
    ...content.paragraphs.map((text) => paragraph(text)),
    content.quote
      ? `<blockquote style="margin:0 0 16px;padding:12px 16px;border-inline-start:4px solid ${accent};background:#f9fafb;">${escapeHtml(content.quote).replace(/\r?\n/g, "<br>")}</blockquote>`
      : "",
    content.attachments?.files.length ? attachmentsHtml(content.attachments) : "",
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;"><tr><td bgcolor="${accent}" style="border-radius:6px;background:${accent};">`,
    `<a href="${url}" style="display:inline-block;padding:12px 20px;color:${onAccent};font-weight:bold;text-decoration:none;">${escapeHtml(content.action.label)}</a>`,
    "</td></tr></table>",
    `<p style="margin:0 0 16px;font-size:14px;color:#4b5563;">${escapeHtml(content.linkFallback)}<br><a href="${url}" style="color:#1d4ed8;word-break:break-all;">${url}</a></p>`,
    ...content.notes.map((note) =>
      paragraph(note, "margin:0 0 16px;font-size:14px;color:#4b5563;"),
    ),
    "</td></tr>",
    `<tr><td style="padding:16px 32px;font-size:13px;color:#6b7280;border-top:1px solid #e5e7eb;">${escapeHtml(content.footer)}</td></tr>`,
    "</table>",
    "</td></tr></table>",
    "</body>",
    "</html>",
  ].join("\n");
}

/** Names in <bdi>: a right-to-left name cannot reorder the size or the text after it. */
function attachmentsHtml(attachments: EmailAttachments): string {
  const url = escapeHtml(attachments.url);
  const items = attachments.files.map(
    (file) =>
      `<li style="margin:0 0 4px;"><a href="${url}" style="color:#1d4ed8;"><bdi>${escapeHtml(file.name)}</bdi></a> <span style="color:#4b5563;">(${escapeHtml(file.size)})</span></li>`,
  );
  return [
    `<p style="margin:0 0 8px;font-weight:bold;">${escapeHtml(attachments.heading)}</p>`,
    `<ul style="margin:0 0 8px;padding-inline-start:20px;">${items.join("")}</ul>`,
    `<p style="margin:0 0 16px;font-size:14px;color:#4b5563;">${escapeHtml(attachments.note)}</p>`,
  ].join("\n");
}

function attachmentsText(attachments: EmailAttachments): string {
  const lines = attachments.files.map((file) => `- ${oneLine(file.name)} (${file.size})`);
  return [attachments.heading, ...lines, attachments.note].join("\n");
}

function renderText(content: EmailContent): string {
  const blocks = [
    content.greeting,
    ...content.paragraphs,
    content.quote
      ? content.quote
          .split(/\r?\n/)
          .map((line) => `> ${line}`.trimEnd())
          .join("\n")
      : null,
    content.attachments?.files.length ? attachmentsText(content.attachments) : null,
    `${content.action.label}:\n${content.action.url}`,
    ...content.notes,
    `-- \n${content.footer}`,
  ];
  return `${blocks.filter((block): block is string => Boolean(block)).join("\n\n")}\n`;
}
