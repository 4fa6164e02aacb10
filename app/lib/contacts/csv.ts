// CSV cells as spreadsheets read them safely: quoted when needed (RFC 4180), and a cell that a
// spreadsheet would run as a formula (= + - @, or a tab or carriage return before one) starts with
// an apostrophe, so an exported name like `=HYPERLINK(…)` stays text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null | undefined): string {
  let text = value ?? "";
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: (string | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
