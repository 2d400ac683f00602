// A server whose disk is full (503 disk_full): the tablet keeps every change in its outbox, says
// what is wrong, retries on its backoff timer, and sends everything once there is room again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestServer, type TestServer } from '../../../server/testing/test-server.ts';
import { createHttpTransport } from '../api/http-transport.ts';
import { FakeClock } from '../domain/testing/fake-clock.ts';
import { SyncEngine } from '../sync/engine.ts';
import { createMemoryLock } from '../sync/locks.ts';
import { saveNewReferral } from './referrals.ts';
import { createDexieSyncStore } from './sync-store.ts';
import { freshDb, sampleCreate, testDeps } from './testing/test-fixtures.ts';

let server: TestServer | undefined;
afterEach(() => {
	server?.close();
	vi.restoreAllMocks();
});

describe('the server disk is full', () => {
	it('the tablet keeps its outbox and retries until the server has room', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		const db = freshDb('disk-full');
		const deps = testDeps();
		for (let i = 0; i < 40; i += 1) {
			deps.tick(1000);
			await saveNewReferral(
				db,
				{
					id: deps.newId(),
					ownerId: 'user-cllr-ahmed',
					payload: sampleCreate({ wardId: 'ward-belah', categoryId: 'cat-pothole' }),
					photos: []
				},
				deps
			);
		}
		const clock = new FakeClock();
		const engine = new SyncEngine({
			store: createDexieSyncStore(db),
			transport: createHttpTransport({ fetch: s.fetchAs(cookie) }),
			clock,
			random: () => 0.5,
			lock: createMemoryLock(),
			deviceId: 'disk-full'
		});
		s.sqlite.pragma('wal_checkpoint(TRUNCATE)');
		s.sqlite.pragma(
			`max_page_count = ${s.sqlite.pragma('page_count', { simple: true }) as number}`
		);

		const outcome = await engine.sync('start');
		expect(outcome).toMatchObject({ ok: false, kind: 'retryable' });
		expect(engine.status.lastError).toMatch(/The server's disk is full/);
		expect(engine.status.nextRetryAt).not.toBeNull();
		expect(await db.outbox.where('state').equals('pending').count()).toBe(40);

		s.sqlite.pragma('max_page_count = 1073741823');
		clock.advance(300_000);
		await engine.whenIdle();
		expect(engine.status.lastError).toBeNull();
		expect(await db.outbox.count()).toBe(0);
		expect((s.sqlite.prepare('select count(*) as n from referrals').get() as { n: number }).n).toBe(
			40
		);
		engine.dispose();
		await db.delete();
	});
});
