CREATE TABLE `device_keys` (
	`user_id` text NOT NULL,
	`device_id` text NOT NULL,
	`secret` blob NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `device_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referrals_created_idx` ON `referrals` (`created_at`,`ward_id`,`category_id`);--> statement-breakpoint
CREATE INDEX `timeline_referral_kind_idx` ON `timeline_entries` (`referral_id`,`kind`,`at`);