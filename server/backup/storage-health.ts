// What admins are told about the server's storage: the last backup (when, and whether it was
// good) and whether the disk was found full. Held in memory by the process; main.ts fills it.

export interface BackupStatus {
	/** WARDLINE_BACKUP_DIR; null: scheduled backups are off. */
	dir: string | null;
	everyHours: number | null;
	keep: number;
	lastAt: string | null;
	lastOk: boolean | null;
	lastPath: string | null;
	lastError: string | null;
	/** Failed backups in a row since the last good one. */
	failuresInARow: number;
}

export class StorageHealth {
	/** Set when a write met a full disk; cleared by the next write that succeeds. */
	diskFullSince: string | null = null;
	backup: BackupStatus = {
		dir: null,
		everyHours: null,
		keep: 0,
		lastAt: null,
		lastOk: null,
		lastPath: null,
		lastError: null,
		failuresInARow: 0
	};

	diskFull(at: Date): void {
		this.diskFullSince ??= at.toISOString();
	}

	wroteOk(): void {
		this.diskFullSince = null;
	}

	view() {
		return {
			disk: { full: this.diskFullSince !== null, since: this.diskFullSince },
			backup: { ...this.backup }
		};
	}
}
