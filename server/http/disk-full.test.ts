import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushResponse } from '#domain/sync-protocol';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer | undefined;
beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
	server?.close();
	server = undefined;
	vi.restoreAllMocks();
});

/** Lets the database grow by only `pages` more pages, as a nearly full disk would. */
function fillDisk(s: TestServer, pages: number): void {
	s.sqlite.pragma('wal_checkpoint(TRUNCATE)');
	const used = s.sqlite.pragma('page_count', { simple: true }) as number;
	s.sqlite.pragma(`max_page_count = ${used + pages}`);
}

const count = (s: TestServer) =>
	(s.sqlite.prepare('select count(*) as n from referrals').get() as { n: number }).n;

describe('a full disk', () => {
	it('answers 503 disk_full with what to do, saves nothing of the batch, and admins are told until a write succeeds', async () => {
		const s = (server = createTestServer());
		const [member, admin] = [await s.login('cllr.ahmed'), await s.login('admin')];
		fillDisk(s, 0);
		const batch = Array.from({ length: 50 }, () => createMutation());
		const res = await s.push(member, batch);
		expect(res.status).toBe(503);
		const body = (await res.json()) as { error: string; message: string };
		expect(body.error).toBe('disk_full');
		expect(body.message).toMatch(/^The server's disk is full.*Free space on the server/);
		expect(count(s)).toBe(0);

		const health = await (await s.request('/api/health')).json();
		expect(health).toMatchObject({ diskFull: true });
		const storage = await (await s.request('/api/admin/storage', { cookie: admin })).json();
		expect(storage).toMatchObject({ disk: { full: true, since: expect.any(String) } });

		// Space freed: the resend is applied whole, and the flag clears.
		s.sqlite.pragma('max_page_count = 1073741823');
		const retried = await s.push(member, batch);
		expect(retried.status).toBe(200);
		const { results } = PushResponse.parse(await retried.json());
		expect(results.every((r) => r.status === 'applied')).toBe(true);
		expect(count(s)).toBe(50);
		expect(await (await s.request('/api/health')).json()).toMatchObject({ diskFull: false });
	});
});
