import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushResponse } from '#domain/sync-protocol';
import { openDatabase } from '../db/open.ts';
import { seedDemoData } from '../demo/seed.ts';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';
import { backupDatabase, listBackups, pruneBackups } from './backup.ts';
import { BackupSchedule } from './backup-schedule.ts';
import { StorageHealth } from './storage-health.ts';

let server: TestServer | undefined;
let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'wardline-backups-'));
});
afterEach(() => {
	server?.close();
	server = undefined;
	rmSync(dir, { recursive: true, force: true });
});

const referralsIn = (file: string) => {
	const copy = new Database(file, { readonly: true });
	try {
		return (copy.prepare('select count(*) as n from referrals').get() as { n: number }).n;
	} finally {
		copy.close();
	}
};

async function pushCreates(s: TestServer, cookie: string, n: number) {
	const mutations = Array.from({ length: n }, () => createMutation());
	const { results } = PushResponse.parse(await (await s.push(cookie, mutations)).json());
	expect(results.every((r) => r.status === 'applied')).toBe(true);
}

describe('a backup', () => {
	it('is a checked, self-contained copy of the database taken while it is in use', async () => {
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		await pushCreates(s, cookie, 3);
		const copy = await backupDatabase(s.sqlite, dir, new Date('2026-03-02T09:00:00Z'));
		// The server goes on writing; the copy stays as it was.
		await pushCreates(s, cookie, 2);
		expect(copy.integrity).toBe('ok');
		expect(copy.path).toBe(join(dir, 'wardline-2026-03-02T09-00-00-000Z.db'));
		expect(readdirSync(dir)).toEqual(['wardline-2026-03-02T09-00-00-000Z.db']);
		expect(referralsIn(copy.path)).toBe(3);
	});

	it('whose copy fails its integrity check is deleted and fails', async () => {
		const s = (server = createTestServer());
		await expect(
			backupDatabase(s.sqlite, dir, new Date(), () => 'Page 7 is never used')
		).rejects.toThrow(/integrity check: Page 7 is never used/);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('keeps the newest copies when pruned', () => {
		for (const day of ['01', '02', '03', '04'])
			writeFileSync(join(dir, `wardline-2026-03-${day}T09-00-00-000Z.db`), '');
		writeFileSync(join(dir, 'notes.txt'), 'not a backup');
		pruneBackups(dir, 2);
		expect(readdirSync(dir).sort()).toEqual([
			'notes.txt',
			'wardline-2026-03-03T09-00-00-000Z.db',
			'wardline-2026-03-04T09-00-00-000Z.db'
		]);
	});
});

describe('scheduled backups', () => {
	function schedule(s: TestServer, backupDir: string, health = new StorageHealth()) {
		const log: string[] = [];
		const backups = new BackupSchedule({
			deps: {
				db: s.db,
				sqlite: s.sqlite,
				clock: s.clock.read,
				ids: () => crypto.randomUUID(),
				mail: { enabled: true, publicUrl: 'https://wardline.example' }
			},
			health,
			dir: backupDir,
			everyMs: 3_600_000,
			keep: 2,
			log: (m) => log.push(m)
		});
		return { backups, health, log };
	}

	it('keep the newest copies, and the admin page shows the last one', async () => {
		const health = new StorageHealth();
		const s = (server = createTestServer({ storage: health }));
		const { backups } = schedule(s, dir, health);
		for (let i = 0; i < 3; i += 1) {
			expect(await backups.runNow()).toBe(true);
			s.clock.advance(3_600_000);
		}
		expect(listBackups(dir)).toHaveLength(2);
		const admin = await s.login('admin');
		const view = await (await s.request('/api/admin/storage', { cookie: admin })).json();
		expect(view).toMatchObject({
			disk: { full: false },
			backup: { dir, keep: 2, lastOk: true, lastPath: listBackups(dir)[1], failuresInARow: 0 }
		});
	});

	it('that fail are counted, shown, and e-mailed to the admins', async () => {
		const s = (server = createTestServer());
		s.sqlite.prepare("update users set email = 'admin@council.example' where role = 'admin'").run();
		// The backup folder cannot be made: a file is in its place.
		const blocked = join(dir, 'in-the-way');
		writeFileSync(blocked, '');
		const { backups, health } = schedule(s, blocked);
		expect(await backups.runNow()).toBe(false);
		expect(health.backup).toMatchObject({ lastOk: false, failuresInARow: 1 });
		expect(health.backup.lastError).toBeTruthy();
		const mails = s.sqlite
			.prepare("select subject from mail_outbox where kind = 'backup_failed'")
			.all() as { subject: string }[];
		expect(mails.map((m) => m.subject)).toEqual(['A backup of Wardline failed']);
	});
});

describe('npm run backup, and restoring as the README says', () => {
	it('copies the running database, and the copy put back in place is the database again', async () => {
		const dataDir = join(dir, 'data');
		const backupDir = join(dir, 'backups');
		const file = join(dataDir, 'wardline.db');
		rmSync(dataDir, { recursive: true, force: true });
		mkdirSync(dataDir);
		// "The server": the database open in WAL mode, with writes in its -wal file.
		let open = openDatabase(file);
		seedDemoData(open.db, { clock: () => new Date() });
		open.sqlite
			.prepare("update users set display_name = 'Before the backup' where username = 'admin'")
			.run();
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['--import', 'tsx', 'scripts/backup.mjs', backupDir],
			{ env: { ...process.env, WARDLINE_DATA_DIR: dataDir } }
		);
		expect(stdout).toMatch(/integrity_check: ok/);
		const [backup] = listBackups(backupDir);
		expect(stdout).toContain(backup);
		open.sqlite
			.prepare("update users set display_name = 'After the backup' where username = 'admin'")
			.run();

		// Restore: stop the server, copy the backup over wardline.db, remove -wal and -shm, start.
		open.sqlite.close();
		copyFileSync(backup, file);
		rmSync(`${file}-wal`, { force: true });
		rmSync(`${file}-shm`, { force: true });
		open = openDatabase(file);
		const name = open.sqlite
			.prepare("select display_name as name from users where username = 'admin'")
			.get() as { name: string };
		expect(name.name).toBe('Before the backup');
		expect(open.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
		open.sqlite.close();
		expect(existsSync(backup)).toBe(true);
	});
});
