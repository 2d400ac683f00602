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
-- Existing installs: the categories about a person's home or conduct leave the feed at once.
INSERT INTO `open311_never_public` (`category_id`)
	SELECT `id` FROM `categories`
	WHERE lower(`name`) LIKE '%anti-social%' OR lower(`name`) LIKE '%antisocial%'
		OR lower(`name`) LIKE '%damp%' OR lower(`name`) LIKE '%mould%';
