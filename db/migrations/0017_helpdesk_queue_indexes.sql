DROP INDEX `ticket_messages_ticket_idx`;--> statement-breakpoint
CREATE INDEX `ticket_messages_ticket_idx` ON `ticket_messages` (`account_id`,`ticket_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_queue_inbox_activity_idx` ON `tickets` (`account_id`,`inbox_id`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_queue_inbox_created_idx` ON `tickets` (`account_id`,`inbox_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_queue_assignee_activity_idx` ON `tickets` (`account_id`,`assignee_user_id`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_queue_assignee_created_idx` ON `tickets` (`account_id`,`assignee_user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_queue_account_activity_idx` ON `tickets` (`account_id`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_queue_account_created_idx` ON `tickets` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_queue_account_status_idx` ON `tickets` (`account_id`,`status`);