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

const dayOf = (iso: string | null) =>
	new Date(iso ?? '').toLocaleDateString('en-GB', {
		timeZone: 'Europe/London',
		day: 'numeric',
		month: 'long'
	});

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
		// The reason, then the new team's acknowledgement with its own target date.
		expect(after.timeline.slice(-2).map((e) => [e.kind, e.by, e.text])).toEqual([
			[
				'routed',
				'Priya Patel (Highways)',
				'Passed from Highways to Drainage: This is a gully, not the road surface'
			],
			['routed', 'Drainage', `Received by Drainage, target date ${dayOf(after.dueAt)}`]
		]);
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

describe('what a refused move answers', () => {
	const body = async (res: Response | Promise<Response>) => {
		const answer = await res;
		return { status: answer.status, body: await answer.json() };
	};

	it('says why, in the words of the contract, and changes nothing', async () => {
		const before = await (
			await server.request(`/api/referrals/${referralId}`, { cookie: officer })
		).json();
		expect(await body(post(officer, 'reassign', { unitId: 'unit-nowhere', reason: 'x' }))).toEqual({
			status: 400,
			body: { error: 'bad_request', message: 'There is no such team.' }
		});
		expect(await body(post(officer, 'reassign', { unitId: 'unit-highways', reason: 'x' }))).toEqual(
			{
				status: 400,
				body: { error: 'bad_request', message: 'This referral is already with Highways.' }
			}
		);
		expect(await body(post(officer, 'status', { status: 'rejected' }))).toEqual({
			status: 400,
			body: { error: 'bad_request', message: 'Say why the referral is being sent back.' }
		});
		expect(
			await (await server.request(`/api/referrals/${referralId}`, { cookie: officer })).json()
		).toEqual(before);
		const skipped = await body(post(officer, 'status', { status: 'closed', note: 'done' }));
		expect(skipped).toEqual({
			status: 409,
			body: {
				error: 'forbidden_move',
				message: 'A routed referral can only move to in progress or rejected.'
			}
		});
		const sentBack = post(officer, 'status', { status: 'rejected', note: 'Private road' });
		expect((await sentBack).status).toBe(200);
		expect(await body(post(officer, 'reassign', { unitId: 'unit-drainage', reason: 'x' }))).toEqual(
			{
				status: 409,
				body: {
					error: 'forbidden_move',
					message: 'Only a referral still waiting for an answer can go to another team.'
				}
			}
		);
		expect(await body(post(officer, 'responses', { text: 'Too late' }))).toEqual({
			status: 409,
			body: { error: 'forbidden_move', message: 'A rejected referral cannot change status.' }
		});
		// The response was written before the move was refused: it was rolled back with it.
		const after = ServerReferral.parse(
			await (await server.request(`/api/referrals/${referralId}`, { cookie: officer })).json()
		);
		expect(after.timeline.map((entry) => entry.text)).not.toContain('Too late');
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
