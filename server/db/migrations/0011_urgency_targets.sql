ALTER TABLE `units` ADD `target_days_soon` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `units` ADD `target_days_urgent` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Hand-written backfill (the rule of defaultTargets in src/lib/domain/working-days.ts): soon is
-- half the routine target, urgent a fifth, each rounded up and at least one working day.
UPDATE `units` SET `target_days_soon` = max(1, (`target_days` + 1) / 2), `target_days_urgent` = max(1, (`target_days` + 4) / 5);
