import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open.ts';
import { seedDemoData } from './seed.ts';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'wardline-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const clock = () => new Date('2026-03-02T09:00:00Z');

describe('opening the database', () => {
	it('migrates a new file in WAL mode with foreign keys on', () => {
		const { sqlite } = openDatabase(join(dir, 'w.db'));
		expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
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
