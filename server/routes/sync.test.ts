import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse } from '#domain/sync-protocol';
import {
	createMutation,
	createPayload,
	createTestServer,
	mutation,
	type TestServer
} from '../testing/test-server.ts';
import { tinyJpeg } from '../testing/test-photos.ts';

let server: TestServer;
let ahmed: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
});
afterEach(() => server.close());

async function pushOk(cookie: string, mutations: unknown[]) {
	const res = await server.push(cookie, mutations);
	expect(res.status).toBe(200);
	return PushResponse.parse(await res.json()).results;
}

async function pullOk(cookie: string, since = 0, limit?: number) {
	const res = await server.pull(cookie, since, limit);
	expect(res.status).toBe(200);
	return PullResponse.parse(await res.json());
}

const count = (table: string) =>
	(server.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('push: create', () => {
	it('applies a new referral, gives it a reference and routes it with a due date', async () => {
		const m = createMutation();
		const [result] = await pushOk(ahmed, [m]);
		expect(result).toEqual({
			id: m.id,
			status: 'applied',
			referral: { id: m.referralId, reference: 'CR-2026-00001', status: 'routed' }
		});
		const { referrals } = await pullOk(ahmed);
		expect(referrals).toHaveLength(1);
		const referral = referrals[0];
		expect(referral).toMatchObject({
			reference: 'CR-2026-00001',
			ownerId: 'user-cllr-ahmed',
			ownerName: 'Cllr Samira Ahmed',
			unitId: 'unit-highways',
			status: 'routed',
			// Monday 2 March 2026 + 10 working days (Highways) = Monday 16 March.
			dueAt: '2026-03-16T09:00:00.000Z',
			location: { address: '12 Warwick Road, Carlisle', postcode: 'CA1 1AA' }
		});
		// Highways acknowledges it at once, with the target date the Member can tell the resident.
		expect(referral.timeline.map((e) => [e.kind, e.by, e.text])).toEqual([
			['created', 'Cllr Samira Ahmed', 'Captured by Cllr Samira Ahmed at a ward surgery'],
			['routed', 'Highways', 'Received by Highways, target date 16 March']
		]);
	});

	it('numbers references per year', async () => {
		await pushOk(ahmed, [createMutation(), createMutation()]);
		server.clock.now = new Date('2027-01-05T10:00:00Z');
		const [next] = await pushOk(await server.login('cllr.ahmed'), [createMutation()]);
		expect(next.referral?.reference).toBe('CR-2027-00001');
	});

	it('a mutation pushed twice is applied once, then answered as a duplicate', async () => {
		const m = createMutation();
		const [first] = await pushOk(ahmed, [m]);
		const [second] = await pushOk(ahmed, [m]);
		expect(first.status).toBe('applied');
		expect(second).toEqual({ id: m.id, status: 'duplicate', referral: first.referral });
		expect(count('referrals')).toBe(1);
		expect(count('timeline_entries')).toBe(2);
	});

	it('the same referral under a new mutation id is a duplicate with its reference', async () => {
		const m = createMutation();
		await pushOk(ahmed, [m]);
		const [again] = await pushOk(ahmed, [createMutation({ referralId: m.referralId })]);
		expect(again).toMatchObject({ status: 'duplicate', referral: { reference: 'CR-2026-00001' } });
		expect(count('referrals')).toBe(1);
	});

	it('rejects an invalid mutation with a readable reason while the rest of the batch applies', async () => {
		const good1 = createMutation();
		const bad = createMutation({
			payload: createPayload({ description: '', location: { address: 'x', postcode: 'nope' } })
		});
		const good2 = createMutation();
		const results = await pushOk(ahmed, [good1, bad, good2, { id: 'x', kind: 'create' }]);
		expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied', 'rejected']);
		expect(results[1].reason).toContain('description: Say what the problem is');
		expect(results[1].reason).toContain('location.postcode: Enter a UK postcode, like LS1 4AP');
		expect(results[3].id).toBe('x');
		expect(count('referrals')).toBe(2);
		// A rejection leaves no record, so a corrected resend with the same id can still apply.
		expect(count('processed_mutations')).toBe(2);
	});

	it('rejects unknown wards and categories, and captures by officers', async () => {
		const results = await pushOk(ahmed, [
			createMutation({ payload: createPayload({ wardId: 'ward-atlantis' }) }),
			createMutation({ payload: createPayload({ categoryId: 'cat-dragons' }) }),
			createMutation({ payload: createPayload({ onBehalfOf: 'user-cllr-brown' }) })
		]);
		expect(results.map((r) => r.reason)).toEqual([
			'Unknown ward',
			'Unknown category',
			'Members cannot capture on behalf of another Member'
		]);
		const officer = await server.login('officer.highways');
		const [byOfficer] = await pushOk(officer, [createMutation()]);
		expect(byOfficer.reason).toBe('Only Members and support officers capture referrals');
	});

	it('rejects a create naming a photo that has not been uploaded yet', async () => {
		const [result] = await pushOk(ahmed, [
			createMutation({ payload: createPayload({ photoIds: [randomUUID()] }) })
		]);
		expect(result).toMatchObject({
			status: 'rejected',
			reason: 'A photo has not arrived yet; it will be sent again'
		});
	});

	it('links uploaded photos to the referral', async () => {
		const photoId = randomUUID();
		const put = await server.request(`/api/attachments/${photoId}`, {
			method: 'PUT',
			cookie: ahmed,
			headers: { 'content-type': 'image/jpeg' },
			body: new Uint8Array(tinyJpeg)
		});
		expect(put.status).toBe(200);
		const [result] = await pushOk(ahmed, [
			createMutation({ payload: createPayload({ photoIds: [photoId] }) })
		]);
		expect(result.status).toBe('applied');
		const { referrals } = await pullOk(ahmed);
		expect(referrals[0].photoIds).toEqual([photoId]);
	});
});

describe('push: envelope and session', () => {
	it('answers 400 when the envelope itself is wrong', async () => {
		const notArray = await server.request('/api/sync/push', {
			method: 'POST',
			cookie: ahmed,
			json: { deviceId: 'd', mutations: {} }
		});
		expect(notArray.status).toBe(400);
		expect((await notArray.json()).error).toBe('bad_request');
		const tooMany = await server.push(
			ahmed,
			Array.from({ length: 501 }, () => createMutation())
		);
		expect(tooMany.status).toBe(400);
		expect((await tooMany.json()).message).toContain('Send at most 500 changes at once');
	});

	it('answers 400 bad_json for malformed JSON', async () => {
		const res = await server.request('/api/sync/push', {
			method: 'POST',
			cookie: ahmed,
			headers: { 'content-type': 'application/json' },
			body: '{"deviceId": "d", "mutations": [}'
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({
			error: 'bad_json',
			message: 'The request body is not valid JSON.'
		});
	});

	it('answers 401 without a session, and nothing is stored', async () => {
		const res = await server.push('', [createMutation()]);
		expect(res.status).toBe(401);
		expect((await server.pull('')).status).toBe(401);
		expect(count('referrals')).toBe(0);
	});
});

describe('push: later mutations', () => {
	async function created() {
		const m = createMutation();
		await pushOk(ahmed, [m]);
		return m.referralId;
	}

	it('adds comments, turns late edits into comments, and refuses residentTold before an answer', async () => {
		const id = await created();
		const results = await pushOk(ahmed, [
			mutation(id, 'comment', { text: 'Resident rang again' }),
			mutation(id, 'edit', { description: 'It is now two potholes' }),
			mutation(id, 'residentTold', {}),
			mutation(id, 'rate', { score: 4 }),
			mutation(id, 'reopen', { reason: 'Still broken' })
		]);
		expect(results.map((r) => r.status)).toEqual([
			'applied',
			'applied',
			'rejected',
			'rejected',
			'rejected'
		]);
		expect(results[2].reason).toBe('You can tell the resident once the service team has answered');
		expect(results[4].reason).toBe('A routed referral can only move to in progress or rejected.');
		const [referral] = (await pullOk(ahmed)).referrals;
		expect(referral.description).toBe('Deep pothole outside the school gates');
		expect(referral.timeline.slice(2).map((e) => e.text)).toEqual([
			'Resident rang again',
			'Please change the description to: It is now two potholes'
		]);
	});

	it('another Member cannot change the referral', async () => {
		const id = await created();
		const brown = await server.login('cllr.brown');
		const [result] = await pushOk(brown, [mutation(id, 'comment', { text: 'mine now' })]);
		expect(result).toMatchObject({ status: 'rejected', reason: 'You cannot change this referral' });
	});
});

describe('visibility', () => {
	it('Member B can neither pull nor GET Member A’s referral', async () => {
		const m = createMutation();
		await pushOk(ahmed, [m]);
		const brown = await server.login('cllr.brown');
		expect((await pullOk(brown)).referrals).toEqual([]);
		const res = await server.request(`/api/referrals/${m.referralId}`, { cookie: brown });
		expect(res.status).toBe(404);
		expect((await res.json()).error).toBe('not_found');
		expect((await server.request(`/api/referrals/${m.referralId}`, { cookie: ahmed })).status).toBe(
			200
		);
	});

	it('a support officer captures on behalf of a supported Member, who then pulls it', async () => {
		const support = await server.login('support.jones');
		const m = createMutation({
			payload: createPayload({
				onBehalfOf: 'user-cllr-brown',
				wardId: 'ward-castle',
				channel: 'letter'
			})
		});
		const [result] = await pushOk(support, [m]);
		expect(result.status).toBe('applied');
		const brown = await server.login('cllr.brown');
		const [referral] = (await pullOk(brown)).referrals;
		expect(referral).toMatchObject({
			id: m.referralId,
			ownerId: 'user-cllr-brown',
			createdById: 'user-support-jones'
		});
		expect(referral.timeline[0].text).toBe(
			'Captured by Cllr Tom Brown from a letter; keyed in by Jo Jones'
		);
		expect((await pullOk(support)).referrals).toHaveLength(1);
		expect((await pullOk(ahmed)).referrals).toHaveLength(0);
	});

	it('a support officer must name a Member they support', async () => {
		const support = await server.login('support.jones');
		const results = await pushOk(support, [
			createMutation(),
			createMutation({ payload: createPayload({ onBehalfOf: 'user-officer-highways' }) })
		]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
	});

	it('pull writes an audit row per referral read', async () => {
		await pushOk(ahmed, [createMutation(), createMutation()]);
		await pullOk(ahmed);
		const rows = server.sqlite
			.prepare("select user_id, action from audit_log where action = 'pull'")
			.all();
		expect(rows).toEqual([
			{ user_id: 'user-cllr-ahmed', action: 'pull' },
			{ user_id: 'user-cllr-ahmed', action: 'pull' }
		]);
	});
});

describe('pull', () => {
	it('pages with cursor and more, in change order', async () => {
		const ms = Array.from({ length: 5 }, () => createMutation());
		await pushOk(ahmed, ms);
		const first = await pullOk(ahmed, 0, 2);
		expect(first.more).toBe(true);
		expect(first.referrals.map((r) => r.id)).toEqual([ms[0].referralId, ms[1].referralId]);
		const second = await pullOk(ahmed, first.cursor, 2);
		expect(second.referrals.map((r) => r.id)).toEqual([ms[2].referralId, ms[3].referralId]);
		const third = await pullOk(ahmed, second.cursor, 2);
		expect(third.referrals.map((r) => r.id)).toEqual([ms[4].referralId]);
		expect(third.more).toBe(false);
		const empty = await pullOk(ahmed, third.cursor, 2);
		expect(empty).toEqual({
			referrals: [],
			cursor: third.cursor,
			more: false,
			remaining: 0,
			epoch: first.epoch
		});
	});

	it('a change to a pulled referral brings it back on the next pull', async () => {
		const m = createMutation();
		await pushOk(ahmed, [m]);
		const { cursor } = await pullOk(ahmed);
		await pushOk(ahmed, [mutation(m.referralId, 'comment', { text: 'More detail' })]);
		const next = await pullOk(ahmed, cursor);
		expect(next.referrals.map((r) => r.id)).toEqual([m.referralId]);
		expect(next.cursor).toBeGreaterThan(cursor);
	});

	it('answers 400 for bad numbers', async () => {
		for (const query of ['since=-1', 'since=abc', 'limit=0', 'limit=501', 'limit=1.5']) {
			const res = await server.request(`/api/sync/pull?${query}`, { cookie: ahmed });
			expect(res.status, query).toBe(400);
		}
	});
});
