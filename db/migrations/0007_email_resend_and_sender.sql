ALTER TABLE `accounts` ADD `sender_name` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `support_reply_to` text;--> statement-breakpoint
ALTER TABLE `accounts` DROP COLUMN `default_sender`;--> statement-breakpoint
ALTER TABLE `email_log` ADD `payload` text;--> statement-breakpoint
ALTER TABLE `email_log` ADD `requeues` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `email_log_unfinished_idx` ON `email_log` (`status`,`updated_at`);--> statement-breakpoint
ALTER TABLE `rate_limits` ADD `window_ends_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `rate_limits_window_ends_idx` ON `rate_limits` (`window_ends_at`);--> statement-breakpoint
CREATE INDEX `one_time_tokens_expires_idx` ON `one_time_tokens` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);