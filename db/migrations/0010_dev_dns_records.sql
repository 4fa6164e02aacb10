CREATE TABLE `dev_dns_records` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "dev_dns_records_type_check" CHECK(type in ('TXT', 'CNAME'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dev_dns_records_unique` ON `dev_dns_records` (`name`,`type`,`value`);