// The database's identity (epoch), which a restore from backup changes: made at first open, made
// anew when a backup copy (marked when taken) is first opened in place of the database.
import { randomUUID } from 'node:crypto';
import type { Sqlite } from './open.ts';

interface IdentityRow {
	epoch: string;
	backup_taken_at: string | null;
}

/** Called by openDatabase after migrating; returns the epoch now in force. */
export function ensureEpoch(sqlite: Sqlite, now = new Date()): string {
	return sqlite.transaction((): string => {
		const row = sqlite
			.prepare('select epoch, backup_taken_at from server_identity where id = 1')
			.get() as IdentityRow | undefined;
		if (!row) {
			const epoch = randomUUID();
			sqlite
				.prepare('insert into server_identity (id, epoch, created_at) values (1, ?, ?)')
				.run(epoch, now.toISOString());
			return epoch;
		}
		if (row.backup_taken_at === null) return row.epoch;
		// A backup copy opened as the database: what tablets hold may be newer than it.
		const epoch = randomUUID();
		sqlite
			.prepare(
				`update server_identity set epoch = ?, backup_taken_at = null, restored_at = ?,
				 restored_from_backup_at = ? where id = 1`
			)
			.run(epoch, now.toISOString(), row.backup_taken_at);
		return epoch;
	})();
}

/** Marks a backup copy, so that the database restored from it takes a new epoch. */
export function markAsBackup(copy: Sqlite, at: Date): void {
	copy.prepare('update server_identity set backup_taken_at = ? where id = 1').run(at.toISOString());
}

export function currentEpoch(sqlite: Sqlite): string {
	const row = sqlite.prepare('select epoch from server_identity where id = 1').get() as
		{ epoch: string } | undefined;
	return row?.epoch ?? ensureEpoch(sqlite);
}
