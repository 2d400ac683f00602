import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open.ts';
import { seedDemoData } from '../demo/seed.ts';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'wardline-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const clock = () => new Date('2026-03-02T09:00:00Z');

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** A database file as an older release left it: migrated up to and including `lastTag`. */
function databaseAt(path: string, lastTag: string): Database.Database {
	const folder = join(dir, 'migrations');
	cpSync(migrationsFolder, folder, { recursive: true });
	const journalPath = join(folder, 'meta', '_journal.json');
	const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
	const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
	expect(last).toBeGreaterThanOrEqual(0);
	journal.entries = journal.entries.slice(0, last + 1);
	writeFileSync(journalPath, JSON.stringify(journal));
	const sqlite = new Database(path);
	migrate(drizzle(sqlite), { migrationsFolder: folder });
	return sqlite;
}

describe('opening the database', () => {
	it('migrates a new file in WAL mode with foreign keys on', () => {
		const { sqlite } = openDatabase(join(dir, 'w.db'));
		expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
		// FULL (2): a commit is synced to disk before the server answers "applied".
		expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
		expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		const tables = (
			sqlite.prepare("select name from sqlite_master where type = 'table'").all() as {
				name: string;
			}[]
		).map((t) => t.name);
		expect(tables).toEqual(
			expect.arrayContaining(['referrals', 'processed_mutations', 'audit_log', 'sessions'])
		);
		sqlite.close();
	});

	it('brings a database from before retiring up to date, with every row in use', () => {
		const path = join(dir, 'w.db');
		const old = databaseAt(path, '0003_privacy');
		old.exec(`
			insert into wards (id, name) values ('ward-belah', 'Belah');
			insert into units (id, name, target_days) values ('unit-parks', 'Parks', 10);
			insert into categories (id, name, unit_id, crm_service_code)
				values ('cat-trees', 'Overgrown trees', 'unit-parks', 'PK-TRE');
		`);
		expect(() => old.prepare('select active from wards').get()).toThrow(/no such column/);
		old.close();

		const { sqlite } = openDatabase(path);
		for (const table of ['wards', 'units', 'categories'])
			expect(sqlite.prepare(`select active from ${table}`).all(), table).toEqual([{ active: 1 }]);
		// Rows added later are in use unless said otherwise.
		sqlite.prepare(`insert into wards (id, name) values ('ward-castle', 'Castle')`).run();
		expect(sqlite.prepare(`select active from wards where id = 'ward-castle'`).get()).toEqual({
			active: 1
		});
		sqlite.close();
	});

	it('brings a database from before urgent lines up to date, with no line on any category', () => {
		const path = join(dir, 'w.db');
		const old = databaseAt(path, '0015_crm_status_map_and_feed');
		old.exec(`
			insert into units (id, name, target_days) values ('unit-parks', 'Parks', 10);
			insert into categories (id, name, unit_id, crm_service_code)
				values ('cat-trees', 'Overgrown trees', 'unit-parks', 'PK-TRE');
		`);
		expect(() => old.prepare('select urgent_line from categories').get()).toThrow(/no such column/);
		old.close();
		const { sqlite } = openDatabase(path);
		expect(sqlite.prepare('select id, urgent_line from categories').all()).toEqual([
			{ id: 'cat-trees', urgent_line: null }
		]);
		sqlite.close();
	});

	it('reopens an existing file and seeds demo data only once', () => {
		const first = openDatabase(join(dir, 'w.db'));
		expect(seedDemoData(first.db, { clock })).toBe(true);
		first.sqlite.close();
		const second = openDatabase(join(dir, 'w.db'));
		expect(seedDemoData(second.db, { clock })).toBe(false);
		const count = (table: string) =>
			(second.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
		expect([count('users'), count('wards'), count('units'), count('categories')]).toEqual([
			5, 12, 10, 20
		]);
		second.sqlite.close();
	});
});
