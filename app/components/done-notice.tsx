import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { useDoneNotice } from "../lib/portals/settings-page";

/** After a save: what happened, announced to screen readers as the page loads. */
export function DoneNotice() {
  const t = useDashboardTranslate();
  const notice = useDoneNotice();
  return notice ? (
    <p role="status" className="notice">
      {t(notice)}
    </p>
  ) : null;
}
