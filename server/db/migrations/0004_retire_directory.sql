ALTER TABLE `categories` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `units` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `wards` ADD `active` integer DEFAULT true NOT NULL;