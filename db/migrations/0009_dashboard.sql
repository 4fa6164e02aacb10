CREATE TABLE `team_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`account_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`invited_by_user_id` text,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "team_invites_role_check" CHECK(role in ('admin', 'agent'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `team_invites_open_unique` ON `team_invites` (`account_id`,`email`) WHERE accepted_at is null and revoked_at is null;--> statement-breakpoint
CREATE INDEX `team_invites_account_idx` ON `team_invites` (`account_id`,`created_at`);--> statement-breakpoint
-- Rebuilt for its new kinds; no table references one_time_tokens.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_one_time_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`account_id` text,
	`contact_id` text,
	`user_id` text,
	`portal_id` text,
	`email` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`portal_id`) REFERENCES `portals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "one_time_tokens_kind_check" CHECK(kind in ('registration', 'password_reset', 'access_group_invite', 'dashboard_invite', 'dashboard_password_reset', 'dashboard_email_verification', 'dashboard_email_change'))
);
--> statement-breakpoint
INSERT INTO `__new_one_time_tokens`("id", "secret_hash", "kind", "account_id", "contact_id", "user_id", "portal_id", "email", "expires_at", "used_at", "created_at") SELECT "id", "secret_hash", "kind", "account_id", "contact_id", "user_id", "portal_id", NULL, "expires_at", "used_at", "created_at" FROM `one_time_tokens`;--> statement-breakpoint
DROP TABLE `one_time_tokens`;--> statement-breakpoint
ALTER TABLE `__new_one_time_tokens` RENAME TO `one_time_tokens`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `one_time_tokens_contact_idx` ON `one_time_tokens` (`account_id`,`contact_id`,`kind`);--> statement-breakpoint
CREATE INDEX `one_time_tokens_expires_idx` ON `one_time_tokens` (`expires_at`);--> statement-breakpoint
DROP INDEX `audit_log_account_idx`;--> statement-breakpoint
CREATE INDEX `audit_log_account_action_idx` ON `audit_log` (`account_id`,`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_account_idx` ON `audit_log` (`account_id`,`created_at`,`id`);--> statement-breakpoint
-- Not the generated rebuild: every tenant table references portals, and dropping it would trip their
-- foreign keys. SQLite adds a column with its CHECK in place.
ALTER TABLE `portals` ADD `status` text DEFAULT 'live' NOT NULL CONSTRAINT "portals_status_check" CHECK(status in ('draft', 'live', 'unpublished'));--> statement-breakpoint
ALTER TABLE `portals` ADD `setup_step` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email_verified_at` integer;