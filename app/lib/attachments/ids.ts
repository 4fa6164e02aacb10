/** An attachment id from a URL (`att_…`, app/lib/db/ids.ts), or null: no file has another shape. */
export function attachmentId(raw: string | undefined): string | null {
  return raw && /^att_[a-z2-7]{1,40}$/.test(raw) ? raw : null;
}

/** Where a file is downloaded: the portal's ticket page or the dashboard's, plus its id. */
export function attachmentHref(ticketPath: string, id: string): string {
  return `${ticketPath}/attachments/${id}`;
}
