CREATE TABLE `sign_in_attempts` (
	`username` text NOT NULL,
	`address` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` text NOT NULL,
	`retry_at` text,
	`last_success_at` text,
	PRIMARY KEY(`username`, `address`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_attempts_address_idx` ON `sign_in_attempts` (`address`,`last_attempt_at`);--> statement-breakpoint
CREATE INDEX `sign_in_attempts_last_idx` ON `sign_in_attempts` (`last_attempt_at`);