// Passing a referral to the right team, and a Member's office chasing it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerReferral } from '#domain/referral';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
let officer: string;
let referralId: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
	officer = await server.login('officer.highways');
	const m = createMutation();
	referralId = m.referralId;
	await server.push(ahmed, [m]);
});
afterEach(() => server.close());

const post = (cookie: string, path: string, json: unknown) =>
	server.request(`/api/referrals/${referralId}/${path}`, { method: 'POST', cookie, json });

describe('reassigning to another Business Unit', () => {
	it('moves the referral to the new unit with the reason on the timeline and a new due date', async () => {
		const before = ServerReferral.parse(
			await (await server.request(`/api/referrals/${referralId}`, { cookie: officer })).json()
		);
		const res = await post(officer, 'reassign', {
			unitId: 'unit-drainage',
			reason: 'This is a gully, not the road surface'
		});
		expect(res.status).toBe(200);
		const after = ServerReferral.parse(await res.json());
		expect(after.unitId).toBe('unit-drainage');
		expect(after.status).toBe(before.status);
		expect(after.dueAt).not.toBeNull();
		expect(after.timeline.at(-1)?.text).toBe(
			'Passed from Highways to Drainage: This is a gully, not the road surface'
		);
		// The Highways officer no longer sees it.
		expect((await server.request(`/api/referrals/${referralId}`, { cookie: officer })).status).toBe(
			404
		);
	});

	it('needs a reason and a real unit, and only the service team may do it', async () => {
		expect((await post(officer, 'reassign', { unitId: 'unit-drainage', reason: ' ' })).status).toBe(
			400
		);
		expect((await post(officer, 'reassign', { unitId: 'unit-nowhere', reason: 'x' })).status).toBe(
			400
		);
		expect((await post(officer, 'reassign', { unitId: 'unit-highways', reason: 'x' })).status).toBe(
			400
		);
		expect((await post(ahmed, 'reassign', { unitId: 'unit-drainage', reason: 'x' })).status).toBe(
			403
		);
	});
});

describe('chasing', () => {
	it('the Member and their support officer can chase; the unit officer cannot', async () => {
		const support = await server.login('support.jones');
		const res = await post(support, 'chase', { note: 'Resident rang again' });
		expect(res.status).toBe(200);
		const referral = ServerReferral.parse(await res.json());
		expect(referral.timeline.at(-1)).toMatchObject({
			kind: 'comment',
			text: 'Chased by Jo Jones: Resident rang again'
		});
		expect((await post(ahmed, 'chase', {})).status).toBe(200);
		expect((await post(officer, 'chase', {})).status).toBe(403);
		const brown = await server.login('cllr.brown');
		expect((await post(brown, 'chase', {})).status).toBe(404);
	});
});
