// When someone's access to a referral ends, their tablet lets go of it: the real server app, the
// tablet's real Dexie store, SyncEngine and HTTP transport, joined in memory (no port opened).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../../../server/testing/test-server.ts';
import { createHttpTransport } from '../api/http-transport.ts';
import type { CreateReferralInput } from '../domain/referral.ts';
import { PushResponse } from '../domain/sync-protocol.ts';
import { SyncEngine } from '../sync/engine.ts';
import { FakeClock } from '../domain/testing/fake-clock.ts';
import { createMemoryLock } from '../sync/locks.ts';
import type { WardlineDb } from './db.ts';
import { queueChange } from './referrals.ts';
import { createDexieSyncStore } from './sync-store.ts';
import { freshDb, testDeps } from './testing/test-fixtures.ts';

const hour = 60 * 60_000;

let server: TestServer;
let admin: string;
let ahmed: string;
const dbs: WardlineDb[] = [];
beforeEach(async () => {
	server = createTestServer();
	admin = await server.login('admin');
	ahmed = await server.login('cllr.ahmed');
});
afterEach(async () => {
	await Promise.all(dbs.splice(0).map((db) => db.delete()));
	server.close();
});

/** A tablet signed in as `username`, syncing with the server through its real HTTP transport. */
async function tabletOf(username: string) {
	const cookie = await server.login(username);
	const db = freshDb(`access-ends-${username}`);
	dbs.push(db);
	const clock = new FakeClock();
	const engine = new SyncEngine({
		store: createDexieSyncStore(db),
		transport: createHttpTransport({ fetch: server.fetchAs(cookie) }),
		clock,
		random: () => 0.5,
		lock: createMemoryLock(),
		deviceId: `tablet-${username}`
	});
	const held = async () => (await db.referrals.toCollection().primaryKeys()).sort();
	return { db, clock, engine, held };
}

/** A referral captured through the API by a Member or their support officer; returns its id. */
async function captured(cookie: string, overrides: Partial<CreateReferralInput> = {}) {
	const m = createMutation({ payload: createPayload(overrides) });
	const [result] = PushResponse.parse(await (await server.push(cookie, [m])).json()).results;
	expect(result.status).toBe('applied');
	return m.referralId;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('when access to a referral ends, the tablet lets go of it', () => {
	it("a referral passed to another unit leaves the old unit's officer's tablet at the next reconcile", async () => {
		const [passedOn, staying] = [await captured(ahmed), await captured(ahmed)];
		const officer = await tabletOf('officer.highways');
		const member = await tabletOf('cllr.ahmed');
		expect(await officer.engine.sync('start')).toMatchObject({ ok: true, pulled: 2 });
		expect(await member.engine.sync('start')).toMatchObject({ ok: true, pulled: 2 });

		const res = await server.request(`/api/referrals/${passedOn}/reassign`, {
			method: 'POST',
			cookie: await server.login('officer.highways'),
			json: { unitId: 'unit-drainage', reason: 'It is a gully' }
		});
		expect(res.status).toBe(200);

		// A pull never mentions what this officer can no longer see: the copy stays until reconciled.
		await officer.engine.sync('poll');
		expect(await officer.held()).toEqual(sorted([passedOn, staying]));
		officer.clock.advance(hour);
		expect(await officer.engine.sync('poll')).toMatchObject({ ok: true });
		expect(await officer.held()).toEqual([staying]);

		// The Member still sees both, wherever they are routed.
		member.clock.advance(hour);
		expect(await member.engine.sync('poll')).toMatchObject({ ok: true, pulled: 1 });
		expect(await member.held()).toEqual(sorted([passedOn, staying]));
	});

	it("a Member taken off a support officer's list leaves their tablet, except a change still needing attention", async () => {
		const support = await tabletOf('support.jones');
		const supportCookie = await server.login('support.jones');
		const [untouched, commented] = [await captured(ahmed), await captured(ahmed)];
		const forBrown = await captured(supportCookie, {
			onBehalfOf: 'user-cllr-brown',
			wardId: 'ward-castle'
		});
		expect(await support.engine.sync('start')).toMatchObject({ ok: true, pulled: 3 });
		const queued = await queueChange(
			support.db,
			commented,
			'comment',
			{ text: 'Resident rang again' },
			testDeps()
		);
		expect(queued.ok).toBe(true);

		const res = await server.request('/api/admin/users/user-support-jones/supports', {
			method: 'PUT',
			cookie: admin,
			json: { memberIds: ['user-cllr-brown'] }
		});
		expect(res.status).toBe(200);
		support.clock.advance(hour);
		// The comment is refused now, and stays for attention with its referral; the rest of
		// Cllr Ahmed's goes, Cllr Brown's stays.
		expect(await support.engine.sync('poll')).toMatchObject({ ok: true, rejected: 1 });
		expect(await support.held()).toEqual(sorted([commented, forBrown]));
		expect(await support.db.referrals.get(untouched)).toBeUndefined();
		expect(support.engine.status).toMatchObject({ waiting: 0, attention: 1 });
	});

	it("an officer moved to another unit lets go of the old unit's referrals and gets the new one's", async () => {
		const pothole = await captured(ahmed);
		// Older than anything the officer's tablet will pull from its cursor after the move.
		const drain = await captured(ahmed, { categoryId: 'cat-blocked-drain' });
		const officer = await tabletOf('officer.highways');
		expect(await officer.engine.sync('start')).toMatchObject({ ok: true, pulled: 1 });
		const res = await server.request('/api/admin/users/user-officer-highways', {
			method: 'PATCH',
			cookie: admin,
			json: { unitId: 'unit-drainage' }
		});
		expect(res.status).toBe(200);
		officer.clock.advance(hour);
		expect(await officer.engine.sync('poll')).toMatchObject({ ok: true });
		expect(await officer.db.referrals.get(pothole)).toBeUndefined();
		expect(await officer.held()).toEqual([drain]);
	});
});
