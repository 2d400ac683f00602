CREATE TABLE `crm_applied_updates` (
	`update_id` text PRIMARY KEY NOT NULL,
	`service_request_id` text NOT NULL,
	`applied_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `crm_status_map` (
	`crm_status` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`mapped` integer DEFAULT true NOT NULL,
	`first_seen_at` text,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `open311_feed` (
	`id` integer PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`publish_descriptions` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `open311_never_public` (
	`category_id` text PRIMARY KEY NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- The values councils' CRMs use (GeoReport v2's open and closed, FixMyStreet's extended ones).
INSERT INTO `crm_status_map` (`crm_status`, `action`, `mapped`) VALUES
	('open', 'none', 1),
	('investigating', 'in_progress', 1),
	('in_progress', 'in_progress', 1),
	('action_scheduled', 'in_progress', 1),
	('fixed', 'responded', 1),
	('closed', 'responded', 1),
	('duplicate', 'responded', 1),
	('not_councils_responsibility', 'responded', 1),
	('unable_to_fix', 'responded', 1),
	('no_further_action', 'responded', 1),
	('internal_referral', 'responded', 1);
--> statement-breakpoint
-- Existing installs: the categories about a person's home or conduct leave the feed at once.
INSERT INTO `open311_never_public` (`category_id`)
	SELECT `id` FROM `categories`
	WHERE lower(`name`) LIKE '%anti-social%' OR lower(`name`) LIKE '%antisocial%'
		OR lower(`name`) LIKE '%damp%' OR lower(`name`) LIKE '%mould%';
