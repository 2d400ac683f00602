ALTER TABLE `referrals` ADD `assignee_id` text REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `referrals_unit_assignee_idx` ON `referrals` (`unit_id`,`assignee_id`);