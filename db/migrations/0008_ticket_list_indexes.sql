DROP INDEX `tickets_requester_idx`;--> statement-breakpoint
DROP INDEX `tickets_company_idx`;--> statement-breakpoint
DROP INDEX `tickets_requester_created_idx`;--> statement-breakpoint
DROP INDEX `tickets_company_created_idx`;--> statement-breakpoint
CREATE INDEX `tickets_requester_activity_idx` ON `tickets` (`account_id`,`requester_contact_id`,(status = 'closed'),`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_company_activity_idx` ON `tickets` (`account_id`,`company_id`,(status = 'closed'),`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_requester_created_idx` ON `tickets` (`account_id`,`requester_contact_id`,(status = 'closed'),`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_company_created_idx` ON `tickets` (`account_id`,`company_id`,(status = 'closed'),`created_at`,`id`);