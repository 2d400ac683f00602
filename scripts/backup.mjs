// `npm run backup [folder]`: a checked copy of the database, taken while the server runs (SQLite's
// online backup). The folder is the argument, else WARDLINE_BACKUP_DIR, else <data dir>/backups.
// Prints where it wrote and integrity_check's answer; exits 1 when the backup failed.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupDatabase, pruneBackups } from '../server/backup/backup.ts';

const dataDir = resolve(process.env.WARDLINE_DATA_DIR ?? './data');
const file = join(dataDir, 'wardline.db');
const dir = resolve(process.argv[2] ?? process.env.WARDLINE_BACKUP_DIR ?? join(dataDir, 'backups'));
const keepRaw = process.env.WARDLINE_BACKUP_KEEP;
const keep = keepRaw && /^\d+$/.test(keepRaw) && Number(keepRaw) > 0 ? Number(keepRaw) : null;

if (!existsSync(file)) {
	console.error(`No database at ${file}; set WARDLINE_DATA_DIR to the server's data folder.`);
	process.exit(1);
}
const sqlite = new Database(file, { fileMustExist: true });
sqlite.pragma('busy_timeout = 5000');
try {
	const copy = await backupDatabase(sqlite, dir, new Date());
	console.log(`Backed up ${file}`);
	console.log(`  to ${copy.path} (${(copy.bytes / 2 ** 20).toFixed(1)} MB)`);
	console.log(`  integrity_check: ${copy.integrity}`);
	if (keep !== null)
		for (const old of pruneBackups(dir, keep)) console.log(`  deleted the older ${old}`);
} catch (error) {
	console.error(`The backup failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
} finally {
	sqlite.close();
}
