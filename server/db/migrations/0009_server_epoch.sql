CREATE TABLE `server_identity` (
	`id` integer PRIMARY KEY NOT NULL,
	`epoch` text NOT NULL,
	`created_at` text NOT NULL,
	`backup_taken_at` text,
	`restored_at` text,
	`restored_from_backup_at` text
);
