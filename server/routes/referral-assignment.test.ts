// Giving a referral to a named officer of its unit, and the queue's "Mine" and "Unassigned".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReferralListPage, ServerReferral } from '#domain/referral';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
let officer: string;
let referralId: string;

/** Another officer, copied from the demo Highways officer (same password). */
function addOfficer(id: string, unitId: string, active = true) {
	server.sqlite
		.prepare(
			`insert into users (id, username, display_name, role, unit_id, password_hash, active, created_at)
			 select ?, ?, ?, 'officer', ?, password_hash, ?, created_at from users
			 where id = 'user-officer-highways'`
		)
		.run(id, id.replace('user-', ''), `Officer ${id}`, unitId, active ? 1 : 0);
}

beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
	officer = await server.login('officer.highways');
	addOfficer('user-officer-jo', 'unit-highways');
	addOfficer('user-officer-retired', 'unit-highways', false);
	addOfficer('user-officer-parks', 'unit-parks');
	const m = createMutation();
	referralId = m.referralId;
	await server.push(ahmed, [m, createMutation()]);
});
afterEach(() => server.close());

const assign = (cookie: string, assigneeId: string | null, id = referralId) =>
	server.request(`/api/referrals/${id}/assign`, {
		method: 'POST',
		cookie,
		json: { assigneeId }
	});

async function queue(cookie: string, assigned: string) {
	const res = await server.request(`/api/referrals?page=1&assigned=${assigned}`, { cookie });
	expect(res.status).toBe(200);
	return ReferralListPage.parse(await res.json());
}

describe('assigning a referral to an officer', () => {
	it('gives it to an officer of its unit, says so on the timeline, and can give it back', async () => {
		const res = await assign(officer, 'user-officer-jo');
		expect(res.status).toBe(200);
		const after = ServerReferral.parse(await res.json());
		expect(after.assignee).toEqual({ id: 'user-officer-jo', name: 'Officer user-officer-jo' });
		expect(after.timeline.at(-1)).toMatchObject({
			kind: 'routed',
			by: 'Priya Patel (Highways)',
			text: 'Taken on by Officer user-officer-jo'
		});
		const back = ServerReferral.parse(await (await assign(officer, null)).json());
		expect(back.assignee).toBeNull();
		expect(back.timeline.at(-1)?.text).toBe('Back with the team: nobody has it now');
	});

	it('lists the unit’s active officers to choose from', async () => {
		const res = await server.request(`/api/referrals/${referralId}/assignees`, { cookie: officer });
		expect(res.status).toBe(200);
		expect(
			((await res.json()) as { officers: { id: string }[] }).officers.map((o) => o.id)
		).toEqual(['user-officer-jo', 'user-officer-highways']);
	});

	it('only an officer of the unit or an admin may assign, and only to an active officer of that unit', async () => {
		const before = server.sqlite.prepare('select count(*) as n from timeline_entries').get();
		const refusals: [string, string | null, number, string][] = [
			[ahmed, 'user-officer-jo', 403, 'Only the service team'],
			[await server.login('officer-parks'), 'user-officer-jo', 404, ''],
			[officer, 'user-officer-parks', 400, 'Choose an officer of the team'],
			[officer, 'user-officer-retired', 400, 'no longer uses Wardline'],
			[officer, 'user-cllr-ahmed', 400, 'Choose an officer of the team'],
			[officer, 'user-nobody', 400, 'Choose an officer of the team'],
			[officer, null, 400, 'Nobody has this referral yet']
		];
		for (const [cookie, assigneeId, status, message] of refusals) {
			const res = await assign(cookie, assigneeId);
			expect(res.status, `${assigneeId}`).toBe(status);
			expect(await res.text()).toContain(message);
		}
		// Bad input changes nothing.
		expect(server.sqlite.prepare('select count(*) as n from timeline_entries').get()).toEqual(
			before
		);
		const bad = await server.request(`/api/referrals/${referralId}/assign`, {
			method: 'POST',
			cookie: officer,
			json: { assigneeId: 42 }
		});
		expect(bad.status).toBe(400);
		expect((await assign(await server.login('admin'), 'user-officer-jo')).status).toBe(200);
	});

	it('is cleared when the referral is passed to another team', async () => {
		await assign(officer, 'user-officer-jo');
		const res = await server.request(`/api/referrals/${referralId}/reassign`, {
			method: 'POST',
			cookie: officer,
			json: { unitId: 'unit-parks', reason: 'A tree, not the road' }
		});
		expect(ServerReferral.parse(await res.json()).assignee).toBeNull();
	});
});

describe('the queue by assignee', () => {
	it('filters to mine, to nobody’s, or to a named officer’s', async () => {
		await assign(officer, 'user-officer-highways');
		const ids = async (assigned: string) =>
			(await queue(officer, assigned)).referrals.map((r) => r.id);
		expect(await ids('me')).toEqual([referralId]);
		expect((await queue(officer, 'me')).total).toBe(1);
		expect(await ids('none')).not.toContain(referralId);
		expect((await queue(officer, 'none')).total).toBe(1);
		expect(await ids('user-officer-highways')).toEqual([referralId]);
		expect(await ids('user-officer-jo')).toEqual([]);
		expect((await queue(officer, 'me')).referrals[0].assignee?.id).toBe('user-officer-highways');
	});

	it('refuses an empty filter with a clear message', async () => {
		const res = await server.request('/api/referrals?page=1&assigned=', { cookie: officer });
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('assigned must be me, none');
	});
});
