ALTER TABLE `referrals` ADD `duplicate_of_id` text;--> statement-breakpoint
CREATE INDEX `referrals_duplicate_of_idx` ON `referrals` (`duplicate_of_id`);