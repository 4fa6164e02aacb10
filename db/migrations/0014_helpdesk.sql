CREATE TABLE `agents` (
	`account_id` text NOT NULL,
	`user_id` text NOT NULL,
	`display_name` text NOT NULL,
	`left_at` integer,
	`notify_new_ticket` integer DEFAULT true NOT NULL,
	`notify_customer_replied` integer DEFAULT true NOT NULL,
	`keyboard_shortcuts` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`account_id`, `user_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `inboxes` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Backfill: every member of an account is one of its agents under their current name.
INSERT INTO `agents` (`account_id`, `user_id`, `display_name`, `created_at`)
SELECT m.`account_id`, m.`user_id`, u.`name`, m.`created_at`
FROM `memberships` m JOIN `users` u ON u.`id` = m.`user_id`;
--> statement-breakpoint
-- Teammates who left but wrote in a thread keep their name there.
INSERT INTO `agents` (`account_id`, `user_id`, `display_name`, `left_at`)
SELECT DISTINCT tm.`account_id`, tm.`author_user_id`, u.`name`, cast(unixepoch('subsec') * 1000 as integer)
FROM `ticket_messages` tm JOIN `users` u ON u.`id` = tm.`author_user_id`
WHERE tm.`author_user_id` IS NOT NULL
ON CONFLICT DO NOTHING;
