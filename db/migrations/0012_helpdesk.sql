ALTER TABLE `inboxes` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `version` integer DEFAULT 1 NOT NULL;