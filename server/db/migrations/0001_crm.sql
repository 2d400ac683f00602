CREATE TABLE `crm_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referral_id` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_sent_at` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`delivered_at` text,
	`service_request_id` text,
	`token` text,
	`crm_status` text,
	`crm_status_notes` text,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crm_outbox_referral_id_unique` ON `crm_outbox` (`referral_id`);--> statement-breakpoint
CREATE INDEX `crm_outbox_due_idx` ON `crm_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `crm_outbox_request_idx` ON `crm_outbox` (`service_request_id`);--> statement-breakpoint
CREATE TABLE `crm_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`last_success_at` text,
	`down_since` text,
	`last_error` text,
	`last_poll_at` text,
	`down_rounds` integer DEFAULT 0 NOT NULL,
	`resume_at` text
);
--> statement-breakpoint
ALTER TABLE `referrals` ADD `crm_service_request_id` text;