CREATE TABLE `import_rows` (
	`import_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`account_id` text NOT NULL,
	`data` text NOT NULL,
	`name` text,
	`email` text,
	`membership_email` text,
	`job_title` text,
	`company_id` text,
	`properties` text DEFAULT '{}' NOT NULL,
	`error` text,
	`done` integer DEFAULT false NOT NULL,
	`contact_id` text,
	PRIMARY KEY(`import_id`, `row_number`),
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_rows_error_idx` ON `import_rows` (`import_id`,`error`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`file_name` text NOT NULL,
	`status` text DEFAULT 'ready' NOT NULL,
	`mode` text,
	`header` text NOT NULL,
	`mapping` text NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`error_rows` integer DEFAULT 0 NOT NULL,
	`imported_rows` integer DEFAULT 0 NOT NULL,
	`skipped_rows` integer DEFAULT 0 NOT NULL,
	`created_by_user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "imports_status_check" CHECK(status in ('ready', 'importing', 'done')),
	CONSTRAINT "imports_mode_check" CHECK(mode is null or mode in ('all', 'valid'))
);
--> statement-breakpoint
CREATE INDEX `imports_account_idx` ON `imports` (`account_id`,`created_at`);