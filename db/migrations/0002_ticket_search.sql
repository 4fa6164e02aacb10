-- Full-text search over what a customer may read: ticket subjects and public messages. Internal
-- notes are never indexed, so a search can never reveal them, not even by which tickets it finds.
-- One row per document; `source` is 'subject' or the message id, so rows can be replaced.
CREATE VIRTUAL TABLE `ticket_search` USING fts5(
  `source` UNINDEXED,
  `ticket_id` UNINDEXED,
  `account_id` UNINDEXED,
  `text`,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_insert` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO `ticket_search` (`source`, `ticket_id`, `account_id`, `text`)
  VALUES ('subject', new.`id`, new.`account_id`, new.`subject`);
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_subject` AFTER UPDATE OF `subject` ON `tickets` BEGIN
  DELETE FROM `ticket_search` WHERE `source` = 'subject' AND `ticket_id` = old.`id`;
  INSERT INTO `ticket_search` (`source`, `ticket_id`, `account_id`, `text`)
  VALUES ('subject', new.`id`, new.`account_id`, new.`subject`);
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_message_insert` AFTER INSERT ON `ticket_messages`
WHEN new.`visibility` = 'public' BEGIN
  INSERT INTO `ticket_search` (`source`, `ticket_id`, `account_id`, `text`)
  VALUES (new.`id`, new.`ticket_id`, new.`account_id`, new.`body`);
END;
