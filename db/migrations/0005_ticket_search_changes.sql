-- Keep search in step when a message is edited, deleted or made internal: only public text stays.
CREATE TRIGGER `ticket_search_message_update` AFTER UPDATE OF `body`, `visibility` ON `ticket_messages` BEGIN
  DELETE FROM `ticket_search` WHERE `source` = old.`id`;
  INSERT INTO `ticket_search` (`source`, `ticket_id`, `account_id`, `text`)
  SELECT new.`id`, new.`ticket_id`, new.`account_id`, new.`body` WHERE new.`visibility` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_message_delete` AFTER DELETE ON `ticket_messages` BEGIN
  DELETE FROM `ticket_search` WHERE `source` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_delete` AFTER DELETE ON `tickets` BEGIN
  DELETE FROM `ticket_search` WHERE `ticket_id` = old.`id`;
END;
