// A message's attachments: each name links to its download (through the worker, after the same
// visibility check as the ticket), with its size; raster images also show inline, scaled down by
// CSS (the server never resizes). Names are cleaned and isolated in <bdi>, so a right-to-left or
// control character in a name cannot reorder the text around it.
import { displayName } from "../lib/attachments/names";
import { servedInline } from "../lib/attachments/policy";
import { formatBytes } from "../lib/attachments/sizes";

export type ListedAttachment = {
  id: string;
  fileName: string;
  size: number;
  /** The detected type (never the browser's claim). */
  mime: string;
  /** The download URL, on the page's own surface (portal or dashboard). */
  href: string;
};

export function AttachmentList({
  attachments,
  locale,
  label,
}: {
  attachments: readonly ListedAttachment[];
  /** For sizes: the page's language. */
  locale: string;
  /** The list's accessible name, e.g. "Attachments". */
  label: string;
}) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachment-list" aria-label={label}>
      {attachments.map((attachment) => {
        const name = displayName(attachment.fileName);
        return (
          <li key={attachment.id}>
            {servedInline(attachment.mime) ? (
              // A preview, not a second link: the name below is the one link to the file.
              <img
                className="attachment-preview"
                src={attachment.href}
                alt={name}
                loading="lazy"
                decoding="async"
              />
            ) : null}
            <a href={attachment.href} download={name}>
              <bdi>{name}</bdi>
            </a>{" "}
            <span className="attachment-size">{formatBytes(attachment.size, locale)}</span>
          </li>
        );
      })}
    </ul>
  );
}
