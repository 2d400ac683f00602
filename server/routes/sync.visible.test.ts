// GET /api/sync/visible: the ids of the referrals a user may see now, by the same rule as pull.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateReferralInput } from '#domain/referral';
import { PushResponse, VisibleResponse } from '#domain/sync-protocol';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
let admin: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
	admin = await server.login('admin');
});
afterEach(() => server.close());

/** Captures a referral as the signed-in Member (or their support officer); returns its id. */
async function capture(cookie: string, overrides: Partial<CreateReferralInput> = {}) {
	const m = createMutation({ payload: createPayload(overrides) });
	const res = await server.push(cookie, [m]);
	expect(PushResponse.parse(await res.json()).results[0].status).toBe('applied');
	return m.referralId;
}

async function visibleIds(cookie: string): Promise<string[]> {
	const res = await server.visible(cookie);
	expect(res.status).toBe(200);
	return VisibleResponse.parse(await res.json()).ids;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('GET /api/sync/visible', () => {
	it('gives a Member the ids of their own referrals only, sorted, and writes no audit row', async () => {
		const brown = await server.login('cllr.brown');
		const mine = [await capture(ahmed), await capture(ahmed), await capture(ahmed)];
		const theirs = await capture(brown);
		const audited = () =>
			(server.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
		const before = audited();
		expect(await visibleIds(ahmed)).toEqual(sorted(mine));
		expect(await visibleIds(brown)).toEqual([theirs]);
		expect(audited()).toBe(before);
	});

	it('gives a support officer the referrals of the Members they support, and no longer those of a Member taken off their list', async () => {
		const support = await server.login('support.jones');
		const forAhmed = await capture(support, { onBehalfOf: 'user-cllr-ahmed' });
		const forBrown = await capture(support, { onBehalfOf: 'user-cllr-brown' });
		const byAhmed = await capture(ahmed);
		expect(await visibleIds(support)).toEqual(sorted([forAhmed, forBrown, byAhmed]));

		const res = await server.request('/api/admin/users/user-support-jones/supports', {
			method: 'PUT',
			cookie: admin,
			json: { memberIds: ['user-cllr-brown'] }
		});
		expect(res.status).toBe(200);
		expect(await visibleIds(support)).toEqual([forBrown]);
	});

	it("gives a service officer their unit's referrals: not one passed to another unit, and a new unit's after a move", async () => {
		const officer = await server.login('officer.highways');
		const pothole = await capture(ahmed);
		const passedOn = await capture(ahmed);
		const drain = await capture(ahmed, { categoryId: 'cat-blocked-drain' });
		expect(await visibleIds(officer)).toEqual(sorted([pothole, passedOn]));

		const reassigned = await server.request(`/api/referrals/${passedOn}/reassign`, {
			method: 'POST',
			cookie: officer,
			json: { unitId: 'unit-drainage', reason: 'It is a gully' }
		});
		expect(reassigned.status).toBe(200);
		expect(await visibleIds(officer)).toEqual([pothole]);

		const moved = await server.request('/api/admin/users/user-officer-highways', {
			method: 'PATCH',
			cookie: admin,
			json: { unitId: 'unit-drainage' }
		});
		expect(moved.status).toBe(200);
		expect(await visibleIds(officer)).toEqual(sorted([passedOn, drain]));
	});

	it('gives an admin every referral', async () => {
		const brown = await server.login('cllr.brown');
		const ids = [await capture(ahmed), await capture(brown), await capture(ahmed)];
		expect(await visibleIds(admin)).toEqual(sorted(ids));
	});

	it('answers 401 without a session', async () => {
		await capture(ahmed);
		const res = await server.visible('');
		expect(res.status).toBe(401);
		expect((await res.json()).error).toBe('no_session');
	});
});
