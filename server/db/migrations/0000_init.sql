CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`referral_id` text,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`data` blob NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_referral_idx` ON `attachments` (`referral_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` text NOT NULL,
	`action` text NOT NULL,
	`referral_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_referral_idx` ON `audit_log` (`referral_id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit_id` text NOT NULL,
	`crm_service_code` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `change_counter` (
	`id` integer PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `processed_mutations` (
	`id` text PRIMARY KEY NOT NULL,
	`referral_id` text NOT NULL,
	`user_id` text NOT NULL,
	`device_id` text NOT NULL,
	`result` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `referral_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`owner_id` text NOT NULL,
	`created_by_id` text NOT NULL,
	`device_id` text NOT NULL,
	`ward_id` text NOT NULL,
	`category_id` text NOT NULL,
	`unit_id` text,
	`channel` text NOT NULL,
	`urgency` text NOT NULL,
	`status` text NOT NULL,
	`description` text NOT NULL,
	`location_address` text NOT NULL,
	`location_postcode` text NOT NULL,
	`lat` real,
	`lng` real,
	`resident_name` text NOT NULL,
	`resident_address` text,
	`resident_phone` text,
	`resident_email` text,
	`resident_preferred_contact` text,
	`resident_consent_to_share` integer DEFAULT false NOT NULL,
	`resident_share_with` text,
	`photo_ids` text DEFAULT '[]' NOT NULL,
	`captured_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`routed_at` text,
	`due_at` text,
	`responded_at` text,
	`resident_told_at` text,
	`rating` integer,
	`rating_comment` text,
	`closed_at` text,
	`change_no` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ward_id`) REFERENCES `wards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referrals_reference_unique` ON `referrals` (`reference`);--> statement-breakpoint
CREATE INDEX `referrals_owner_change_idx` ON `referrals` (`owner_id`,`change_no`);--> statement-breakpoint
CREATE INDEX `referrals_unit_status_idx` ON `referrals` (`unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `referrals_ward_idx` ON `referrals` (`ward_id`);--> statement-breakpoint
CREATE INDEX `referrals_change_idx` ON `referrals` (`change_no`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `support_members` (
	`support_id` text NOT NULL,
	`member_id` text NOT NULL,
	PRIMARY KEY(`support_id`, `member_id`),
	FOREIGN KEY (`support_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `timeline_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`referral_id` text NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`by_user_id` text,
	`by_name` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_referral_idx` ON `timeline_entries` (`referral_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`target_days` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`ward_id` text,
	`unit_id` text,
	`email` text,
	`phone` text,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`ward_id`) REFERENCES `wards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `wards` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
