-- The portal's search index, rebuilt so that every lookup is indexed:
-- * the account is part of the match: the `account` column holds one token per account (the hex of
--   its id: one token whatever the id's characters), and every portal search matches it, so a
--   search reads only that account's rows of each term;
-- * prefix indexes for 2 and 3 characters, the shortest terms a search uses;
-- * `ticket_search_docs` names each indexed text by its source (the ticket for its subject, or the
--   message) and gives it the FTS rowid, so the triggers find a row by key, not by scanning the
--   index.
-- The index holds what a customer may read and nothing else: subjects and public messages. Internal
-- notes are never indexed; a help-desk note search gets an index of its own.
DROP TRIGGER IF EXISTS `ticket_search_ticket_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `ticket_search_ticket_subject`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `ticket_search_message_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `ticket_search_message_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `ticket_search_message_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `ticket_search_ticket_delete`;
--> statement-breakpoint
DROP TABLE `ticket_search`;
--> statement-breakpoint
CREATE TABLE `ticket_search_docs` (
  -- The rowid of the text's row in `ticket_search`.
  `id` integer PRIMARY KEY,
  -- The ticket id for its subject, the message id for a message.
  `source` text NOT NULL UNIQUE,
  `account_id` text NOT NULL,
  `ticket_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ticket_search_docs_ticket_idx` ON `ticket_search_docs` (`account_id`, `ticket_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `ticket_search` USING fts5(
  `account`,
  `text`,
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_insert` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO `ticket_search_docs` (`source`, `account_id`, `ticket_id`)
  VALUES (new.`id`, new.`account_id`, new.`id`);
  INSERT INTO `ticket_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`subject` FROM `ticket_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_subject` AFTER UPDATE OF `subject` ON `tickets` BEGIN
  DELETE FROM `ticket_search`
  WHERE `rowid` = (SELECT `id` FROM `ticket_search_docs` WHERE `source` = old.`id`);
  INSERT INTO `ticket_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`subject` FROM `ticket_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_delete` AFTER DELETE ON `tickets` BEGIN
  DELETE FROM `ticket_search` WHERE `rowid` IN (
    SELECT `id` FROM `ticket_search_docs`
    WHERE `account_id` = old.`account_id` AND `ticket_id` = old.`id`
  );
  DELETE FROM `ticket_search_docs` WHERE `account_id` = old.`account_id` AND `ticket_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_message_insert` AFTER INSERT ON `ticket_messages`
WHEN new.`visibility` = 'public' BEGIN
  INSERT INTO `ticket_search_docs` (`source`, `account_id`, `ticket_id`)
  VALUES (new.`id`, new.`account_id`, new.`ticket_id`);
  INSERT INTO `ticket_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`body` FROM `ticket_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
-- Edited, made internal or made public: the old text leaves, the new one enters if it is public.
CREATE TRIGGER `ticket_search_message_update` AFTER UPDATE OF `body`, `visibility` ON `ticket_messages` BEGIN
  DELETE FROM `ticket_search`
  WHERE `rowid` = (SELECT `id` FROM `ticket_search_docs` WHERE `source` = old.`id`);
  DELETE FROM `ticket_search_docs` WHERE `source` = old.`id`;
  INSERT INTO `ticket_search_docs` (`source`, `account_id`, `ticket_id`)
  SELECT new.`id`, new.`account_id`, new.`ticket_id` WHERE new.`visibility` = 'public';
  INSERT INTO `ticket_search` (`rowid`, `account`, `text`)
  SELECT `id`, hex(`account_id`), new.`body` FROM `ticket_search_docs` WHERE `source` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_message_delete` AFTER DELETE ON `ticket_messages` BEGIN
  DELETE FROM `ticket_search`
  WHERE `rowid` = (SELECT `id` FROM `ticket_search_docs` WHERE `source` = old.`id`);
  DELETE FROM `ticket_search_docs` WHERE `source` = old.`id`;
END;
--> statement-breakpoint
INSERT INTO `ticket_search_docs` (`source`, `account_id`, `ticket_id`)
SELECT `id`, `account_id`, `id` FROM `tickets`;
--> statement-breakpoint
INSERT INTO `ticket_search_docs` (`source`, `account_id`, `ticket_id`)
SELECT `id`, `account_id`, `ticket_id` FROM `ticket_messages` WHERE `visibility` = 'public';
--> statement-breakpoint
INSERT INTO `ticket_search` (`rowid`, `account`, `text`)
SELECT d.`id`, hex(d.`account_id`), t.`subject`
FROM `ticket_search_docs` d JOIN `tickets` t ON t.`id` = d.`source`;
--> statement-breakpoint
INSERT INTO `ticket_search` (`rowid`, `account`, `text`)
SELECT d.`id`, hex(d.`account_id`), m.`body`
FROM `ticket_search_docs` d JOIN `ticket_messages` m ON m.`id` = d.`source`;
