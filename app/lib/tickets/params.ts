/** A ticket number from a URL, or null: anything else is a number no ticket has. */
export function ticketNumberParam(raw: string | undefined): number | null {
  const number = /^\d{1,9}$/.test(raw ?? "") ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(number) ? number : null;
}
