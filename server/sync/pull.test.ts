import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PullResponse } from '#domain/sync-protocol';
import { backupDatabase } from '../backup/backup.ts';
import { currentEpoch } from '../db/epoch.ts';
import { openDatabase } from '../db/open.ts';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer | undefined;
afterEach(() => {
	server?.close();
	server = undefined;
});

async function withTwoReferrals() {
	const s = (server = createTestServer());
	const cookie = await s.login('cllr.ahmed');
	await s.push(cookie, [createMutation(), createMutation()]);
	return { s, cookie };
}

async function pull(s: TestServer, cookie: string, query: string) {
	const res = await s.request(`/api/sync/pull?${query}`, { cookie });
	expect(res.status).toBe(200);
	return PullResponse.parse(await res.json());
}

describe('the pull cursor and the epoch', () => {
	it('carries the epoch; a cursor of this epoch, or without one, is taken as it is', async () => {
		const { s, cookie } = await withTwoReferrals();
		const first = await pull(s, cookie, 'since=0');
		expect(first.epoch).toBe(currentEpoch(s.sqlite));
		expect(first.referrals).toHaveLength(2);
		expect(first.reset).toBeUndefined();
		const caughtUp = await pull(s, cookie, `since=${first.cursor}&epoch=${first.epoch}`);
		expect(caughtUp).toMatchObject({ referrals: [], cursor: first.cursor });
		expect(caughtUp.reset).toBeUndefined();
		expect((await pull(s, cookie, `since=${first.cursor}`)).referrals).toEqual([]);
	});

	it('ahead of the server (since=999999999) starts from the beginning and says reset', async () => {
		const { s, cookie } = await withTwoReferrals();
		const page = await pull(s, cookie, 'since=999999999');
		expect(page.reset).toBe(true);
		expect(page.referrals).toHaveLength(2);
	});

	it('of another epoch starts from the beginning and says reset', async () => {
		const { s, cookie } = await withTwoReferrals();
		const { cursor } = await pull(s, cookie, 'since=0');
		const page = await pull(s, cookie, `since=${cursor}&epoch=another-database`);
		expect(page.reset).toBe(true);
		expect(page.referrals).toHaveLength(2);
	});
});

describe('remaining', () => {
	it('says how many referrals the later pages will bring, and 0 on the last page', async () => {
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		await s.push(cookie, [createMutation(), createMutation(), createMutation()]);
		const first = await pull(s, cookie, 'since=0&limit=2');
		expect(first).toMatchObject({ more: true, remaining: 1 });
		const last = await pull(s, cookie, `since=${first.cursor}&limit=2`);
		expect(last).toMatchObject({ more: false, remaining: 0 });
	});
});

describe('the epoch', () => {
	it('stays across restarts, and a backup copy put in place of the database takes a new one', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'wardline-epoch-'));
		try {
			const file = join(dir, 'wardline.db');
			let open = openDatabase(file);
			const epoch = currentEpoch(open.sqlite);
			open.sqlite.close();
			open = openDatabase(file);
			expect(currentEpoch(open.sqlite)).toBe(epoch);
			const copy = await backupDatabase(open.sqlite, join(dir, 'backups'), new Date());
			// Taking the backup changes nothing in the live database.
			expect(currentEpoch(open.sqlite)).toBe(epoch);
			open.sqlite.close();
			copyFileSync(copy.path, file);
			rmSync(`${file}-wal`, { force: true });
			rmSync(`${file}-shm`, { force: true });
			open = openDatabase(file);
			const restored = currentEpoch(open.sqlite);
			expect(restored).not.toBe(epoch);
			open.sqlite.close();
			// Only the first opening of the copy is a restore.
			open = openDatabase(file);
			expect(currentEpoch(open.sqlite)).toBe(restored);
			open.sqlite.close();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
