// What each row of an imported file becomes under a column mapping, and why a row cannot be
// imported. Pure: the caller brings the account's addresses and companies, so the rules are tested
// as a table (test/unit/csv.test.ts) and the same function runs at upload and at every new mapping.
import { EmailSchema } from "../forms/schemas";

/** Row errors the preview lists. */
export const PREVIEW_ERRORS = 100;

/** What a CSV column may be imported as. */
export const IMPORT_TARGETS = [
  "ignore",
  "name",
  "email",
  "membershipEmail",
  "company",
  "jobTitle",
  "property",
] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

/** One target per column of the file, in the file's order. */
export type ColumnMapping = ImportTarget[];

/** Targets a mapping may use at most once (a custom property may take many columns). */
export const SINGLE_TARGETS: readonly ImportTarget[] = [
  "name",
  "email",
  "membershipEmail",
  "company",
  "jobTitle",
];

export type RowError =
  | "imports.row.columns"
  | "imports.row.emailMissing"
  | "imports.row.email"
  | "imports.row.membershipEmail"
  | "imports.row.duplicateInFile"
  | "imports.row.duplicateInAccount"
  | "imports.row.unknownCompany";

/** A row as it will be imported (or why it will not be). */
export type StagedRow = {
  rowNumber: number;
  data: string[];
  name: string | null;
  email: string | null;
  membershipEmail: string | null;
  jobTitle: string | null;
  companyId: string | null;
  properties: Record<string, string>;
  error: RowError | null;
};

export type AccountDirectory = {
  /** Every address the account's contacts already use, as email or membership email (lower-case). */
  addresses: ReadonlySet<string>;
  companies: readonly { id: string; name: string; webDomain: string | null }[];
};

/** A first mapping from the header's words, for the admin to correct on the preview. */
export function guessMapping(header: readonly string[]): ColumnMapping {
  const taken = new Set<ImportTarget>();
  return header.map((title) => {
    const word = title
      .trim()
      .toLowerCase()
      .replace(/[^a-z]/g, "");
    const guess: ImportTarget =
      word === "name" || word === "fullname" || word === "contactname"
        ? "name"
        : word === "email" || word === "emailaddress" || word === "mail"
          ? "email"
          : word === "membershipemail" || word === "signinemail" || word === "portalemail"
            ? "membershipEmail"
            : word === "company" ||
                word === "companyname" ||
                word === "organization" ||
                word === "companydomain" ||
                word === "domain"
              ? "company"
              : word === "jobtitle" || word === "title" || word === "position"
                ? "jobTitle"
                : "ignore";
    if (guess === "ignore" || taken.has(guess)) return "ignore";
    taken.add(guess);
    return guess;
  });
}

/** The mapping's own problem, as a catalog key, or null when rows can be read with it. */
export function mappingProblem(mapping: ColumnMapping): string | null {
  if (!mapping.includes("email")) return "imports.mapping.emailRequired";
  for (const target of SINGLE_TARGETS) {
    if (mapping.filter((each) => each === target).length > 1) return "imports.mapping.twice";
  }
  return null;
}

/** `https://www.Example.com/about` → `example.com`: how a company's web domain is compared. */
export function domainKey(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/?#].*$/, "")
    .replace(/\.$/, "");
}

function address(value: string): { ok: true; value: string | null } | { ok: false } {
  if (value.trim() === "") return { ok: true, value: null };
  const parsed = EmailSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

/**
 * Every data row under `mapping`. The first row that uses an address keeps it; later rows with
 * the same address (as email or membership email) are duplicates in the file.
 */
export function stageRows(
  header: readonly string[],
  records: readonly string[][],
  mapping: ColumnMapping,
  directory: AccountDirectory,
  firstRowNumber = 2,
): StagedRow[] {
  const byName = new Map<string, string>();
  const byDomain = new Map<string, string>();
  for (const company of directory.companies) {
    const name = company.name.trim().toLowerCase();
    if (!byName.has(name)) byName.set(name, company.id);
    if (company.webDomain) {
      const domain = domainKey(company.webDomain);
      if (!byDomain.has(domain)) byDomain.set(domain, company.id);
    }
  }
  const seen = new Set<string>();
  return records.map((data, index) => {
    const row: StagedRow = {
      rowNumber: firstRowNumber + index,
      data,
      name: null,
      email: null,
      membershipEmail: null,
      jobTitle: null,
      companyId: null,
      properties: {},
      error: null,
    };
    const fail = (error: RowError) => Object.assign(row, { error });
    if (data.length !== header.length) return fail("imports.row.columns");
    let companyValue = "";
    let emailCell = "";
    let membershipCell = "";
    mapping.forEach((target, column) => {
      const cell = data[column] ?? "";
      if (target === "name") row.name = cell.trim() || null;
      else if (target === "email") emailCell = cell;
      else if (target === "membershipEmail") membershipCell = cell;
      else if (target === "jobTitle") row.jobTitle = cell.trim() || null;
      else if (target === "company") companyValue = cell.trim();
      else if (target === "property" && cell.trim() !== "") {
        row.properties[(header[column] ?? "").trim()] = cell.trim();
      }
    });
    const email = address(emailCell);
    if (!email.ok) return fail("imports.row.email");
    if (!email.value) return fail("imports.row.emailMissing");
    row.email = email.value;
    const membership = address(membershipCell);
    if (!membership.ok) return fail("imports.row.membershipEmail");
    // The same address twice is one address: the contact signs in with its email.
    row.membershipEmail = membership.value === email.value ? null : membership.value;
    row.name ??= email.value;
    const addresses = [row.email, row.membershipEmail].filter((each) => each !== null);
    if (addresses.some((each) => directory.addresses.has(each))) {
      return fail("imports.row.duplicateInAccount");
    }
    if (addresses.some((each) => seen.has(each))) return fail("imports.row.duplicateInFile");
    for (const each of addresses) seen.add(each);
    if (companyValue !== "") {
      const companyId =
        byName.get(companyValue.toLowerCase()) ?? byDomain.get(domainKey(companyValue));
      if (!companyId) return fail("imports.row.unknownCompany");
      row.companyId = companyId;
    }
    return row;
  });
}
