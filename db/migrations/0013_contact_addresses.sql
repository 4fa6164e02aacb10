CREATE TABLE `contact_addresses` (
	`account_id` text NOT NULL,
	`address` text NOT NULL,
	`contact_id` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_addresses_account_address_unique` ON `contact_addresses` (`account_id`,`address`);--> statement-breakpoint
CREATE INDEX `contact_addresses_contact_idx` ON `contact_addresses` (`account_id`,`contact_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `placeholder` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_account_placeholder_unique` ON `contacts` (`account_id`) WHERE placeholder = 1;--> statement-breakpoint
-- Hand-written from here: the triggers keep `contact_addresses` in step with every write of a
-- contact, inside the writing statement itself, so a contact whose address another contact of the
-- account already has (as email or membership email) fails to insert or update as a whole.
CREATE TRIGGER `contact_addresses_contact_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `contact_addresses` (`account_id`, `address`, `contact_id`)
  SELECT new.`account_id`, new.`email`, new.`id`
  UNION
  SELECT new.`account_id`, new.`membership_email`, new.`id` WHERE new.`membership_email` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_addresses_contact_update` AFTER UPDATE OF `email`, `membership_email` ON `contacts` BEGIN
  DELETE FROM `contact_addresses` WHERE `account_id` = old.`account_id` AND `contact_id` = old.`id`;
  INSERT INTO `contact_addresses` (`account_id`, `address`, `contact_id`)
  SELECT new.`account_id`, new.`email`, new.`id`
  UNION
  SELECT new.`account_id`, new.`membership_email`, new.`id` WHERE new.`membership_email` IS NOT NULL;
END;
--> statement-breakpoint
-- BEFORE, so the contact's rows are gone when its own foreign keys are checked.
CREATE TRIGGER `contact_addresses_contact_delete` BEFORE DELETE ON `contacts` BEGIN
  DELETE FROM `contact_addresses` WHERE `account_id` = old.`account_id` AND `contact_id` = old.`id`;
END;
--> statement-breakpoint
-- Existing contacts. The unique indexes on email and sign-in email already hold; an address used
-- by one contact as email and by another as membership email stops this migration on purpose, to
-- be settled by hand (merge or edit) rather than silently picking one.
INSERT INTO `contact_addresses` (`account_id`, `address`, `contact_id`)
SELECT `account_id`, `email`, `id` FROM `contacts`
UNION
SELECT `account_id`, `membership_email`, `id` FROM `contacts` WHERE `membership_email` IS NOT NULL;
