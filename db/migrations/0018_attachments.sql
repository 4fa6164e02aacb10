CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`message_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`object_key` text NOT NULL,
	`file_name` text NOT NULL,
	`size` integer NOT NULL,
	`mime` text NOT NULL,
	`kind` text NOT NULL,
	`checksum` text NOT NULL,
	`uploader_contact_id` text,
	`uploader_user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `ticket_messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploader_contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploader_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "attachments_status_check" CHECK(status in ('pending', 'attached')),
	CONSTRAINT "attachments_attached_check" CHECK((status = 'attached') = (message_id is not null)),
	CONSTRAINT "attachments_one_uploader_check" CHECK((uploader_contact_id is null) <> (uploader_user_id is null)),
	CONSTRAINT "attachments_size_check" CHECK(size >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_object_key_unique` ON `attachments` (`object_key`);--> statement-breakpoint
CREATE INDEX `attachments_ticket_idx` ON `attachments` (`account_id`,`ticket_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `attachments_account_size_idx` ON `attachments` (`account_id`,`size`);--> statement-breakpoint
CREATE INDEX `attachments_pending_idx` ON `attachments` (`created_at`) WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE `accounts` ADD `attachment_kinds` text;