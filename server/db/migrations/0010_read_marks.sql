CREATE TABLE `read_marks` (
	`user_id` text NOT NULL,
	`referral_id` text NOT NULL,
	`responded_at` text NOT NULL,
	`marked_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `referral_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action
);
