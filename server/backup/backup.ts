// Backups of the live database: SQLite's online backup (the server keeps running and writing),
// each copy checked with integrity_check before it counts, marked so that a copy put back in
// place takes a new epoch when opened (server/db/epoch.ts), and the oldest copies pruned.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { markAsBackup } from '../db/epoch.ts';
import type { Sqlite } from '../db/open.ts';

export interface BackupCopy {
	path: string;
	/** integrity_check's answer: 'ok' for a good copy. */
	integrity: string;
	bytes: number;
}

const prefix = 'wardline-';
const suffix = '.db';

/** A file name that sorts by time: wardline-2026-03-02T09-00-00-000Z.db */
function backupName(at: Date): string {
	return `${prefix}${at.toISOString().replace(/[:.]/g, '-')}${suffix}`;
}

/** The backups in `dir`, oldest first (their names sort by time). */
export function listBackups(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((name) => name.startsWith(prefix) && name.endsWith(suffix))
		.sort()
		.map((name) => join(dir, name));
}

export class BackupFailed extends Error {}

/**
 * Copies the database into `dir` while it stays in use. The copy is written under a temporary
 * name, marked, checked, and only then given its final name; a copy that fails the check is
 * deleted and the backup fails.
 */
export async function backupDatabase(
	sqlite: Sqlite,
	dir: string,
	at: Date,
	check: (copy: Sqlite) => string = checkIntegrity
): Promise<BackupCopy> {
	mkdirSync(dir, { recursive: true });
	const path = join(dir, backupName(at));
	const partial = `${path}.partial`;
	rmSync(partial, { force: true });
	try {
		await sqlite.backup(partial);
		const copy = new Database(partial);
		let integrity: string;
		try {
			// One self-contained file (no -wal beside it), marked as a backup, then checked.
			copy.pragma('journal_mode = DELETE');
			markAsBackup(copy, at);
			integrity = check(copy);
		} finally {
			copy.close();
		}
		if (integrity !== 'ok')
			throw new BackupFailed(`the copy failed its integrity check: ${integrity}`);
		renameSync(partial, path);
		return { path, integrity, bytes: statSync(path).size };
	} catch (error) {
		rmSync(partial, { force: true });
		rmSync(`${partial}-journal`, { force: true });
		if (error instanceof BackupFailed) throw error;
		throw new BackupFailed(error instanceof Error ? error.message : String(error));
	}
}

export function checkIntegrity(db: Sqlite): string {
	const rows = db.pragma('integrity_check') as { integrity_check: string }[];
	return rows.map((row) => row.integrity_check).join('; ');
}

/** Deletes the oldest backups beyond `keep`; returns the paths deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
	const all = listBackups(dir);
	const doomed = all.slice(0, Math.max(0, all.length - keep));
	for (const path of doomed) rmSync(path, { force: true });
	return doomed;
}
