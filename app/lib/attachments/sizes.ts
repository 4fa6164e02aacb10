// File sizes as people read them, and the limits a browser checks before sending files (the
// server counts again as the bytes arrive; these checks only spare a doomed upload).

/** Sizes are binary (a limit of 10 × 1024 × 1024 bytes reads "10 MB"), as file managers show them. */
const UNITS = [
  { unit: "gigabyte", bytes: 1024 ** 3 },
  { unit: "megabyte", bytes: 1024 ** 2 },
  { unit: "kilobyte", bytes: 1024 },
] as const;

/** "2.4 MB", "512 kB", "12 byte" in the given language (Intl unit formatting). */
export function formatBytes(bytes: number, locale: string): string {
  for (const { unit, bytes: size } of UNITS) {
    if (bytes >= size) {
      return new Intl.NumberFormat(locale, {
        style: "unit",
        unit,
        unitDisplay: "short",
        maximumFractionDigits: bytes >= 10 * size ? 0 : 1,
      }).format(bytes / size);
    }
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: "byte",
    unitDisplay: "short",
  }).format(bytes);
}

export type ChosenFile = { name: string; size: number };

export type UploadLimits = { maxFiles: number; maxFileBytes: number; maxMessageBytes: number };

export type LimitProblem =
  | { kind: "tooManyFiles" }
  | { kind: "fileTooLarge"; name: string }
  | { kind: "messageTooLarge" };

/** What is wrong with a message's files before they are sent: every problem, in file order. */
export function limitProblems(files: readonly ChosenFile[], limits: UploadLimits): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (files.length > limits.maxFiles) problems.push({ kind: "tooManyFiles" });
  for (const file of files) {
    if (file.size > limits.maxFileBytes) problems.push({ kind: "fileTooLarge", name: file.name });
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > limits.maxMessageBytes) problems.push({ kind: "messageTooLarge" });
  return problems;
}
