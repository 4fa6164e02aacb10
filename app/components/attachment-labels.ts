// The attachment field's texts in the portal's language: its limits in the hint, and the plain
// word that files are not scanned for malware.

import { formatBytes } from "../lib/attachments/sizes";
import type { Language, Translate } from "../lib/i18n";
import type { AttachmentInputLabels } from "./attachment-input";

export function attachmentLabels(
  t: Translate,
  limits: { maxFiles: number; maxFileBytes: number; maxMessageBytes: number },
  language: Language,
): AttachmentInputLabels {
  const hint = t("attachments.hint", {
    files: limits.maxFiles,
    size: formatBytes(limits.maxFileBytes, language),
    total: formatBytes(limits.maxMessageBytes, language),
  });
  return {
    label: t("attachments.label"),
    hint: `${hint} ${t("attachments.notScanned")}`,
    remove: t("attachments.remove"),
    // {max} and {name} stay for the field to fill in (a count, a size, a file's name).
    tooManyFiles: t("attachments.error.too_many"),
    fileTooLarge: t("attachments.error.file_too_large"),
    messageTooLarge: t("attachments.error.message_too_large"),
    uploading: t("attachments.uploading"),
    failed: t("attachments.failed"),
  };
}
