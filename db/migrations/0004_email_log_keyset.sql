DROP INDEX `email_log_account_idx`;--> statement-breakpoint
CREATE INDEX `email_log_account_idx` ON `email_log` (`account_id`,`created_at`,`id`);