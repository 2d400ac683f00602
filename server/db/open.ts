// Opens the SQLite file the server keeps everything in, and brings its tables up to date.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import { ensureEpoch } from './epoch.ts';
import { schema } from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export function openDatabase(path: string): { db: Db; sqlite: Sqlite } {
	const sqlite = new Database(path);
	// WAL with synchronous=FULL: a commit is on disk before it returns, so "applied" survives a
	// power cut too (NORMAL survives only a killed process). A push batch is one commit, one sync.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder });
	ensureEpoch(sqlite);
	return { db, sqlite };
}
