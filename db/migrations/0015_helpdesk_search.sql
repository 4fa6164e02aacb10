-- The help desk's own search index: subjects, public messages AND internal notes, for agents only.
-- Kept apart from the portal's `ticket_search` (0006), which holds only what a customer may read, so
-- no portal query can ever reach a note. Same design as 0006: the account is one token of every row
-- and part of every match; `helpdesk_search_docs` maps each text to its FTS rowid for the triggers.
CREATE TABLE `helpdesk_search_docs` (
  `id` integer PRIMARY KEY,
  `source` text NOT NULL UNIQUE,
  `account_id` text NOT NULL,
  `ticket_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `helpdesk_search_docs_ticket_idx` ON `helpdesk_search_docs` (`account_id`, `ticket_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `helpdesk_search` USING fts5(
  `account`,
  `text`,
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `helpdesk_search_ticket_insert` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO `helpdesk_search_docs` (`source`, `account_id`, `ticket_id`)
  VALUES (new.`id`, new.`account_id`, new.`id`);
  INSERT INTO `helpdesk_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`subject` FROM `helpdesk_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `helpdesk_search_ticket_subject` AFTER UPDATE OF `subject` ON `tickets` BEGIN
  DELETE FROM `helpdesk_search`
  WHERE `rowid` = (SELECT `id` FROM `helpdesk_search_docs` WHERE `source` = old.`id`);
  INSERT INTO `helpdesk_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`subject` FROM `helpdesk_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `helpdesk_search_ticket_delete` AFTER DELETE ON `tickets` BEGIN
  DELETE FROM `helpdesk_search` WHERE `rowid` IN (
    SELECT `id` FROM `helpdesk_search_docs`
    WHERE `account_id` = old.`account_id` AND `ticket_id` = old.`id`
  );
  DELETE FROM `helpdesk_search_docs` WHERE `account_id` = old.`account_id` AND `ticket_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `helpdesk_search_message_insert` AFTER INSERT ON `ticket_messages` BEGIN
  INSERT INTO `helpdesk_search_docs` (`source`, `account_id`, `ticket_id`)
  VALUES (new.`id`, new.`account_id`, new.`ticket_id`);
  INSERT INTO `helpdesk_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`body` FROM `helpdesk_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `helpdesk_search_message_update` AFTER UPDATE OF `body` ON `ticket_messages` BEGIN
  DELETE FROM `helpdesk_search`
  WHERE `rowid` = (SELECT `id` FROM `helpdesk_search_docs` WHERE `source` = old.`id`);
  INSERT INTO `helpdesk_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`body` FROM `helpdesk_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `helpdesk_search_message_delete` AFTER DELETE ON `ticket_messages` BEGIN
  DELETE FROM `helpdesk_search`
  WHERE `rowid` = (SELECT `id` FROM `helpdesk_search_docs` WHERE `source` = old.`id`);
  DELETE FROM `helpdesk_search_docs` WHERE `source` = old.`id`;
END;
--> statement-breakpoint
INSERT INTO `helpdesk_search_docs` (`source`, `account_id`, `ticket_id`)
SELECT `id`, `account_id`, `id` FROM `tickets`;
--> statement-breakpoint
INSERT INTO `helpdesk_search_docs` (`source`, `account_id`, `ticket_id`)
SELECT `id`, `account_id`, `ticket_id` FROM `ticket_messages`;
--> statement-breakpoint
INSERT INTO `helpdesk_search` (`rowid`, `account`, `text`)
SELECT d.`id`, hex(d.`account_id`), t.`subject`
FROM `helpdesk_search_docs` d JOIN `tickets` t ON t.`id` = d.`source`;
--> statement-breakpoint
INSERT INTO `helpdesk_search` (`rowid`, `account`, `text`)
SELECT d.`id`, hex(d.`account_id`), m.`body`
FROM `helpdesk_search_docs` d JOIN `ticket_messages` m ON m.`id` = d.`source`;
