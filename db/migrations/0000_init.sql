CREATE TABLE `access_group_members` (
	`account_id` text NOT NULL,
	`access_group_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`access_group_id`, `contact_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`access_group_id`) REFERENCES `access_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_group_members_contact_idx` ON `access_group_members` (`account_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `access_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_groups_account_name_unique` ON `access_groups` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`default_sender` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_slug_unique` ON `accounts` (`slug`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`actor_user_id` text,
	`action` text NOT NULL,
	`target` text,
	`details` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_account_idx` ON `audit_log` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`web_domain` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `companies_account_name_idx` ON `companies` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `contact_companies` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`company_id` text NOT NULL,
	PRIMARY KEY(`contact_id`, `company_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_companies_company_idx` ON `contact_companies` (`account_id`,`company_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`email` text NOT NULL,
	`membership_email` text,
	`sign_in_email` text GENERATED ALWAYS AS (coalesce(membership_email, email)) VIRTUAL,
	`name` text NOT NULL,
	`job_title` text,
	`primary_company_id` text,
	`properties` text DEFAULT '{}' NOT NULL,
	`password_hash` text,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`notify_on_agent_reply` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`primary_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_account_email_unique` ON `contacts` (`account_id`,`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_account_sign_in_email_unique` ON `contacts` (`account_id`,`sign_in_email`);--> statement-breakpoint
CREATE INDEX `contacts_account_company_idx` ON `contacts` (`account_id`,`primary_company_id`);--> statement-breakpoint
CREATE INDEX `contacts_account_name_idx` ON `contacts` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `domains` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`hostname` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`primary_language` text DEFAULT 'en' NOT NULL,
	`verification_token` text NOT NULL,
	`status_changed_at` integer NOT NULL,
	`last_checked_at` integer,
	`next_check_at` integer,
	`check_failures` integer DEFAULT 0 NOT NULL,
	`last_check_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "domains_kind_check" CHECK(kind in ('system', 'custom')),
	CONSTRAINT "domains_status_check" CHECK(status in ('pending', 'active', 'misconfigured', 'removed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domains_live_hostname_unique` ON `domains` (`hostname`) WHERE status <> 'removed';--> statement-breakpoint
CREATE INDEX `domains_account_idx` ON `domains` (`account_id`,`status`,`hostname`);--> statement-breakpoint
CREATE INDEX `domains_next_check_idx` ON `domains` (`status`,`next_check_at`);--> statement-breakpoint
CREATE TABLE `email_log` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`kind` text NOT NULL,
	`account_id` text,
	`portal_id` text,
	`recipient` text,
	`subject` text,
	`html` text,
	`text` text,
	`status` text NOT NULL,
	`reason` text,
	`provider_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`portal_id`) REFERENCES `portals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "email_log_status_check" CHECK(status in ('queued', 'sending', 'sent', 'skipped', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_log_idempotency_key_unique` ON `email_log` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `email_log_account_idx` ON `email_log` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `email_log_recipient_idx` ON `email_log` (`recipient`,`created_at`);--> statement-breakpoint
CREATE TABLE `inboxes` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inboxes_account_name_unique` ON `inboxes` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`account_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`account_id`, `user_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "memberships_role_check" CHECK(role in ('owner', 'admin', 'agent'))
);
--> statement-breakpoint
CREATE INDEX `memberships_user_idx` ON `memberships` (`user_id`);--> statement-breakpoint
CREATE TABLE `one_time_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`account_id` text,
	`contact_id` text,
	`user_id` text,
	`portal_id` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`portal_id`) REFERENCES `portals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "one_time_tokens_kind_check" CHECK(kind in ('registration', 'password_reset', 'access_group_invite', 'dashboard_invite', 'dashboard_password_reset'))
);
--> statement-breakpoint
CREATE INDEX `one_time_tokens_contact_idx` ON `one_time_tokens` (`account_id`,`contact_id`,`kind`);--> statement-breakpoint
CREATE TABLE `portal_access_groups` (
	`account_id` text NOT NULL,
	`portal_id` text NOT NULL,
	`access_group_id` text NOT NULL,
	PRIMARY KEY(`portal_id`, `access_group_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`portal_id`) REFERENCES `portals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`access_group_id`) REFERENCES `access_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `portal_access_groups_group_idx` ON `portal_access_groups` (`account_id`,`access_group_id`);--> statement-breakpoint
CREATE TABLE `portal_members` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`portal_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`invite_status` text NOT NULL,
	`invited_at` integer,
	`accepted_at` integer,
	`last_sign_in_at` integer,
	`revoked_at` integer,
	`consent_version` integer,
	`consented_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`portal_id`) REFERENCES `portals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "portal_members_invite_status_check" CHECK(invite_status in ('pending', 'accepted', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `portal_members_portal_contact_unique` ON `portal_members` (`portal_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `portal_members_account_portal_idx` ON `portal_members` (`account_id`,`portal_id`,`invite_status`);--> statement-breakpoint
CREATE TABLE `portals` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`domain_id` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`default_inbox_id` text NOT NULL,
	`ticket_permission` text DEFAULT 'own' NOT NULL,
	`permission_filter` text DEFAULT '[]' NOT NULL,
	`access_mode` text DEFAULT 'anyone_with_ticket' NOT NULL,
	`display_settings` text NOT NULL,
	`consent_settings` text NOT NULL,
	`support_form` text DEFAULT '[]' NOT NULL,
	`logo_url` text,
	`accent_color` text DEFAULT '#1d4ed8' NOT NULL,
	`knowledge_base_url` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`domain_id`) REFERENCES `domains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`default_inbox_id`) REFERENCES `inboxes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "portals_ticket_permission_check" CHECK(ticket_permission in ('own', 'company', 'company_filtered')),
	CONSTRAINT "portals_access_mode_check" CHECK(access_mode in ('anyone_with_ticket', 'access_groups'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `portals_domain_slug_unique` ON `portals` (`domain_id`,`slug`);--> statement-breakpoint
CREATE INDEX `portals_account_idx` ON `portals` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`account_id` text,
	`user_id` text,
	`contact_id` text,
	`portal_id` text,
	`host` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`portal_id`) REFERENCES `portals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sessions_kind_check" CHECK((kind = 'dashboard' and user_id is not null and contact_id is null and portal_id is null)
        or (kind = 'portal' and contact_id is not null and portal_id is not null and account_id is not null and user_id is null))
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_contact_idx` ON `sessions` (`account_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `ticket_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`visibility` text NOT NULL,
	`author_contact_id` text,
	`author_user_id` text,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ticket_messages_visibility_check" CHECK(visibility in ('public', 'internal')),
	CONSTRAINT "ticket_messages_one_author_check" CHECK((author_contact_id is null) <> (author_user_id is null))
);
--> statement-breakpoint
CREATE INDEX `ticket_messages_ticket_idx` ON `ticket_messages` (`account_id`,`ticket_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`number` integer NOT NULL,
	`subject` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`priority` text,
	`category` text,
	`requester_contact_id` text NOT NULL,
	`company_id` text,
	`inbox_id` text NOT NULL,
	`assignee_user_id` text,
	`portal_id` text,
	`source` text NOT NULL,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`idempotency_key` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_activity_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbox_id`) REFERENCES `inboxes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`portal_id`) REFERENCES `portals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tickets_status_check" CHECK(status in ('new', 'waiting_on_us', 'waiting_on_contact', 'closed')),
	CONSTRAINT "tickets_source_check" CHECK(source in ('portal', 'email', 'agent')),
	CONSTRAINT "tickets_priority_check" CHECK(priority is null or priority in ('low', 'medium', 'high', 'urgent'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_account_number_unique` ON `tickets` (`account_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_account_idempotency_unique` ON `tickets` (`account_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `tickets_requester_idx` ON `tickets` (`account_id`,`requester_contact_id`,`status`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_company_idx` ON `tickets` (`account_id`,`company_id`,`status`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_inbox_idx` ON `tickets` (`account_id`,`inbox_id`,`status`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_assignee_idx` ON `tickets` (`account_id`,`assignee_user_id`,`status`,`last_activity_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);