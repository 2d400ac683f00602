// Scheduled backups in the server process (started by server/main.ts): every few hours a checked
// copy into the backup folder, the oldest beyond `keep` deleted, and admins e-mailed on a failure.
import type { AppDeps } from '../context.ts';
import { notifyBackupFailed } from '../mail/admin-alerts.ts';
import { backupDatabase, pruneBackups } from './backup.ts';
import type { StorageHealth } from './storage-health.ts';

export interface BackupScheduleOptions {
	deps: Pick<AppDeps, 'db' | 'sqlite' | 'clock' | 'ids' | 'mail'>;
	health: StorageHealth;
	dir: string;
	everyMs: number;
	keep: number;
	log: (message: string) => void;
}

export class BackupSchedule {
	private timer: ReturnType<typeof setInterval> | null = null;
	private running: Promise<boolean> | null = null;

	constructor(private readonly options: BackupScheduleOptions) {
		Object.assign(options.health.backup, {
			dir: options.dir,
			everyHours: options.everyMs / 3_600_000,
			keep: options.keep
		});
	}

	start(): void {
		this.timer = setInterval(() => void this.runNow(), this.options.everyMs);
		this.timer.unref();
	}

	stop(): Promise<boolean> | null {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		return this.running;
	}

	/** One backup now (a second call while one runs waits for it); true when it was good. */
	runNow(): Promise<boolean> {
		this.running ??= this.backUp().finally(() => {
			this.running = null;
		});
		return this.running;
	}

	private async backUp(): Promise<boolean> {
		const { deps, health, dir, keep, log } = this.options;
		const at = deps.clock();
		const status = health.backup;
		try {
			const copy = await backupDatabase(deps.sqlite, dir, at);
			const pruned = pruneBackups(dir, keep);
			Object.assign(status, {
				lastAt: at.toISOString(),
				lastOk: true,
				lastPath: copy.path,
				lastError: null,
				failuresInARow: 0
			});
			log(
				`Backed up the database to ${copy.path} (integrity_check: ${copy.integrity})` +
					(pruned.length > 0 ? `; deleted ${pruned.length} older backup(s)` : '')
			);
			return true;
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			Object.assign(status, { lastAt: at.toISOString(), lastOk: false, lastError: reason });
			status.failuresInARow += 1;
			log(`Backup into ${dir} failed: ${reason}`);
			try {
				// One e-mail per failed run's day, however often it is tried.
				notifyBackupFailed(deps, { reason, key: at.toISOString().slice(0, 10) });
			} catch (mailError) {
				log(`Could not queue the e-mail about the failed backup: ${String(mailError)}`);
			}
			return false;
		}
	}
}
