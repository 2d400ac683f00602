CREATE TABLE `privacy_keys` (
	`id` integer PRIMARY KEY NOT NULL,
	`resident_key_secret` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `referrals` ADD `personal_data_removed_at` text;--> statement-breakpoint
-- Written by hand: the secret residentKey is made with, random per installation.
INSERT INTO `privacy_keys` (`id`, `resident_key_secret`) VALUES (1, lower(hex(randomblob(32))));
