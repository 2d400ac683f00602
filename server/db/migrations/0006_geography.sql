CREATE TABLE `geography_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`by_user_id` text,
	`report` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `location_checks` (
	`referral_id` text PRIMARY KEY NOT NULL,
	`ward_id` text,
	`basis` text NOT NULL,
	`checked_at` text NOT NULL,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ward_id`) REFERENCES `wards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `postcodes` (
	`postcode` text PRIMARY KEY NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`ward_id` text NOT NULL,
	`street` text,
	FOREIGN KEY (`ward_id`) REFERENCES `wards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `postcodes_ward_idx` ON `postcodes` (`ward_id`);--> statement-breakpoint
CREATE TABLE `ward_boundaries` (
	`ward_id` text PRIMARY KEY NOT NULL,
	`geometry` text NOT NULL,
	`min_lng` real NOT NULL,
	`min_lat` real NOT NULL,
	`max_lng` real NOT NULL,
	`max_lat` real NOT NULL,
	`import_id` integer NOT NULL,
	FOREIGN KEY (`ward_id`) REFERENCES `wards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `wards` ADD `code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `wards_code_unique` ON `wards` (`code`);