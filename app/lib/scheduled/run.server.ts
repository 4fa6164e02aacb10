// The app worker's scheduled run (wrangler.toml: every 5 minutes). Each task does a bounded number
// of rows, never "as much as time allows": inside a Worker, Date.now() only advances on I/O, so a
// time budget would not hold. A task that fails is logged and the others still run; the run ends
// with one line saying what each did, e.g.
//   scheduled: sessions=12 links=3 rate_limits=40 domains_checked=4 domains_changed=1 challenges=2
//     attachments_swept=0 emails_requeued=1 emails_relinked=0 emails_failed=0
import type { Database } from "../../../db/client";
import { sweepPendingFiles } from "../attachments/store.server";
import type { CustomHostnames } from "../domains/cloudflare.server";
import type { DnsResolver } from "../domains/doh";
import { recheckDomains } from "../domains/recheck.server";
import type { EmailMessage } from "../email/messages";
import { requeueStuckEmails } from "../email/requeue.server";
import type { ScheduledConfig } from "./config";
import { purgeChallenges, purgeLinks, purgeRateLimits, purgeSessions } from "./purge.server";

export type ScheduledDeps = {
  db: Database;
  queue: Queue<EmailMessage>;
  config: ScheduledConfig;
  /** The run's time: the cron's scheduled time. */
  now: number;
  /** Where domain re-checks ask DNS, and the CNAME target they advise. */
  dns: { resolver: DnsResolver; cnameTarget: string; hostnames: CustomHostnames | null };
  /** Called for each hostname whose status changed, so this isolate serves the change at once. */
  forgetHost?: (hostname: string) => void;
  /** Attachments' objects: pending uploads that never joined a message are removed. */
  attachments: R2Bucket;
};

export type ScheduledReport = Record<string, number | "error">;

export async function runScheduledTasks(deps: ScheduledDeps): Promise<ScheduledReport> {
  const { db, queue, config, now } = deps;
  const report: ScheduledReport = {};
  const task = async <T extends Record<string, number>>(
    names: (keyof T & string)[],
    run: () => Promise<T>,
  ) => {
    try {
      Object.assign(report, await run());
    } catch (error) {
      console.error(`scheduled: ${names.join(", ")} failed`, error);
      for (const name of names) report[name] = "error";
    }
  };
  const limit = config.purgeBatchSize;
  await task(["sessions"], async () => ({ sessions: await purgeSessions(db, now, limit) }));
  await task(["links"], async () => ({ links: await purgeLinks(db, now, limit) }));
  await task(["rate_limits"], async () => ({
    rate_limits: await purgeRateLimits(db, now, limit),
  }));
  await task(["domains_checked", "domains_changed"], async () => {
    const result = await recheckDomains({
      db,
      resolver: deps.dns.resolver,
      cnameTarget: deps.dns.cnameTarget,
      hostnames: deps.dns.hostnames,
      queue,
      now,
      batchSize: config.domainCheckBatchSize,
    });
    for (const hostname of result.hostnames) deps.forgetHost?.(hostname);
    return { domains_checked: result.checked, domains_changed: result.changed };
  });
  await task(["challenges"], async () => ({
    challenges: await purgeChallenges(db, now, limit),
  }));
  await task(["attachments_swept"], async () => ({
    attachments_swept: await sweepPendingFiles(
      { db, bucket: deps.attachments },
      now,
      config.attachmentPendingMs,
      limit,
    ),
  }));
  await task(["emails_requeued", "emails_relinked", "emails_failed"], async () => {
    const result = await requeueStuckEmails({
      db,
      queue,
      now,
      staleMs: config.emailStaleMs,
      batchSize: config.emailRequeueBatchSize,
      maxRequeues: config.emailMaxRequeues,
    });
    return {
      emails_requeued: result.requeued,
      emails_relinked: result.relinked,
      emails_failed: result.failed,
    };
  });
  console.log(formatReport(report));
  return report;
}

export function formatReport(report: ScheduledReport): string {
  const parts = Object.entries(report).map(([name, value]) => `${name}=${value}`);
  return `scheduled: ${parts.join(" ")}`;
}
