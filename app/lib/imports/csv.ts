// A CSV reader after RFC 4180: fields separated by commas, records by CRLF or LF; a field in double
// quotes may hold commas, line breaks and doubled quotes (""). A UTF-8 byte-order mark (spreadsheets
// add one) is dropped. Small and without dependencies: the import needs nothing more, and each
// limit below keeps one uploaded file from costing more than its size.
//
// A broken quote makes the rest of the file unreadable as records (where would the next record
// start?), so it rejects the whole file with the line it was found on; a record with the wrong
// number of fields is still a record, and the import reports it on its row.

export const CSV_MAX_COLUMNS = 50;
export const CSV_MAX_FIELD_LENGTH = 2000;

export type CsvLimits = { maxColumns: number; maxFieldLength: number };

export type CsvProblem =
  | "imports.csv.quote" // a quote inside an unquoted field, or text after a closing quote
  | "imports.csv.unterminated" // a quoted field that never ends
  | "imports.csv.columns" // more fields than maxColumns
  | "imports.csv.fieldLength"; // a field longer than maxFieldLength

export type CsvResult =
  | { ok: true; records: string[][] }
  | { ok: false; problem: CsvProblem; line: number };

const DEFAULT_LIMITS: CsvLimits = {
  maxColumns: CSV_MAX_COLUMNS,
  maxFieldLength: CSV_MAX_FIELD_LENGTH,
};

/** Every record of `text`; blank lines (a trailing newline, an empty line) are not records. */
export function parseCsv(input: string, limits: CsvLimits = DEFAULT_LIMITS): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let line = 1;
  let i = 0;
  const fail = (problem: CsvProblem, at = line): CsvResult => ({ ok: false, problem, line: at });
  const skipBlankLines = () => {
    while (i < text.length && (text[i] === "\n" || text[i] === "\r")) {
      if (text[i] === "\n" || text[i + 1] !== "\n") line++;
      i++;
    }
  };
  skipBlankLines();

  while (i < text.length) {
    // At the start of a field.
    let field: string;
    if (text[i] === '"') {
      const startLine = line;
      let value = "";
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) return fail("imports.csv.unterminated", startLine);
        const chunk = text.slice(i, quote);
        for (const char of chunk) if (char === "\n") line++;
        value += chunk;
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
        if (value.length > limits.maxFieldLength) return fail("imports.csv.fieldLength");
      }
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        return fail("imports.csv.quote");
      }
      field = value;
    } else {
      let end = i;
      while (end < text.length) {
        const char = text[end];
        if (char === "," || char === "\n" || char === "\r") break;
        if (char === '"') return fail("imports.csv.quote");
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    if (field.length > limits.maxFieldLength) return fail("imports.csv.fieldLength");
    record.push(field);
    if (record.length > limits.maxColumns) return fail("imports.csv.columns");

    // After a field: a comma, the end of the record, or the end of the text.
    const char = text[i];
    if (char === ",") {
      i++;
      // A comma at the very end still opens an (empty) last field.
      if (i === text.length) record.push("");
      continue;
    }
    if (char === "\r" && text[i + 1] === "\n") i += 2;
    else if (char === "\r" || char === "\n") i++;
    records.push(record);
    record = [];
    line++;
    skipBlankLines();
  }
  if (record.length > 0) records.push(record);
  return { ok: true, records };
}
