import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse } from '#domain/sync-protocol';
import { ServerReferral } from '#domain/referral';
import {
	createMutation,
	createPayload,
	createTestServer,
	mutation,
	type TestServer
} from '../testing/test-server.ts';

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

const setStatus = (cookie: string, status: string, note?: string, id = referralId) =>
	server.request(`/api/referrals/${id}/status`, { method: 'POST', cookie, json: { status, note } });
const respond = (cookie: string, text: string) =>
	server.request(`/api/referrals/${referralId}/responses`, {
		method: 'POST',
		cookie,
		json: { text }
	});

describe('status moves', () => {
	it('the unit officer moves a referral along the allowed edges', async () => {
		const res = await setStatus(officer, 'in_progress', 'Inspector booked');
		expect(res.status).toBe(200);
		const referral = ServerReferral.parse(await res.json());
		expect(referral.status).toBe('in_progress');
		expect(referral.timeline.at(-1)).toMatchObject({
			kind: 'status',
			text: 'Status: Being worked on — Inspector booked'
		});
	});

	it('answers 409 forbidden_move with the status machine’s reason', async () => {
		const res = await setStatus(officer, 'closed');
		expect(res.status).toBe(409);
		expect(await res.json()).toEqual({
			error: 'forbidden_move',
			message: 'A routed referral can only move to in progress or rejected.'
		});
	});

	it('is 403 for the owning Member, 404 for those who cannot see it', async () => {
		expect((await setStatus(ahmed, 'in_progress')).status).toBe(403);
		const brown = await server.login('cllr.brown');
		expect((await setStatus(brown, 'in_progress')).status).toBe(404);
		// An officer of another unit cannot see it either.
		server.sqlite
			.prepare("update users set unit_id = 'unit-parks' where username = 'officer.highways'")
			.run();
		expect((await setStatus(officer, 'in_progress')).status).toBe(404);
	});

	it('sending back needs a reason', async () => {
		expect((await setStatus(officer, 'rejected')).status).toBe(400);
		expect((await setStatus(officer, 'rejected', 'County council road')).status).toBe(200);
	});
});

describe('responses', () => {
	it('steps through in progress to responded and flows to the Member’s next pull', async () => {
		const before = PullResponse.parse(await (await server.pull(ahmed)).json());
		server.clock.advance(3_600_000);
		const res = await respond(officer, 'Repaired on Tuesday.');
		expect(res.status).toBe(200);
		expect(ServerReferral.parse(await res.json()).status).toBe('responded');

		const after = PullResponse.parse(await (await server.pull(ahmed, before.cursor)).json());
		expect(after.referrals).toHaveLength(1);
		const referral = after.referrals[0];
		expect(referral.status).toBe('responded');
		expect(referral.respondedAt).toBe('2026-03-02T10:00:00.000Z');
		expect(referral.timeline.slice(-2).map((e) => [e.kind, e.text])).toEqual([
			['status', 'Status: Being worked on'],
			['response', 'Repaired on Tuesday.']
		]);
	});

	it('after the answer the Member can tell the resident, rate and reopen', async () => {
		await respond(officer, 'Repaired.');
		const results = PushResponse.parse(
			await (
				await server.push(ahmed, [
					mutation(referralId, 'residentTold', {}),
					mutation(referralId, 'rate', { score: 2, comment: 'Patchy' }),
					mutation(referralId, 'reopen', { reason: 'Broken again' })
				])
			).json()
		).results;
		expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(results[2].referral?.status).toBe('reopened');
		const referral = ServerReferral.parse(
			await (await server.request(`/api/referrals/${referralId}`, { cookie: ahmed })).json()
		);
		expect(referral).toMatchObject({
			rating: 2,
			residentToldAt: '2026-03-02T09:00:00.000Z',
			status: 'reopened'
		});
	});

	it('is 403 for a Member', async () => {
		expect((await respond(ahmed, 'I fixed it myself')).status).toBe(403);
	});
});

describe('urgency sets the target', () => {
	it('an urgent referral is due by the unit’s urgent target, a soon one by its soon target', async () => {
		// Highways: routine 10 working days in the demo seed, so soon 5 and urgent 2.
		const unit = server.sqlite
			.prepare(
				"select target_days, target_days_soon, target_days_urgent from units where id = 'unit-highways'"
			)
			.get();
		expect(unit).toEqual({ target_days: 10, target_days_soon: 5, target_days_urgent: 2 });
		const urgent = createMutation({ payload: createPayload({ urgency: 'urgent' }) });
		const soon = createMutation({ payload: createPayload({ urgency: 'soon' }) });
		await server.push(ahmed, [urgent, soon]);
		const due = (id: string) =>
			(
				server.sqlite.prepare('select due_at from referrals where id = ?').get(id) as {
					due_at: string;
				}
			).due_at;
		// Monday 2 March 2026, 09:00.
		expect(due(urgent.referralId)).toBe('2026-03-04T09:00:00.000Z');
		expect(due(soon.referralId)).toBe('2026-03-09T09:00:00.000Z');
		expect(due(referralId)).toBe('2026-03-16T09:00:00.000Z');
	});
});

describe('lists', () => {
	it('filters by status, ward, overdue and text, only among visible referrals', async () => {
		const brown = await server.login('cllr.brown');
		await server.push(brown, [
			createMutation({
				payload: createPayload({ wardId: 'ward-castle', description: 'Broken street light' })
			})
		]);
		const list = async (cookie: string, query: string) =>
			(
				(await (await server.request(`/api/referrals?${query}`, { cookie })).json()) as {
					referrals: ServerReferral[];
				}
			).referrals;
		expect(await list(ahmed, '')).toHaveLength(1);
		expect(await list(officer, '')).toHaveLength(2);
		expect(await list(officer, 'wardId=ward-castle')).toHaveLength(1);
		expect(await list(officer, 'q=street%20light')).toHaveLength(1);
		expect(await list(officer, 'status=responded')).toHaveLength(0);
		expect(await list(officer, 'overdue=true')).toHaveLength(0);
		server.clock.advance(30 * 86_400_000);
		officer = await server.login('officer.highways');
		expect(await list(officer, 'overdue=true')).toHaveLength(2);
		expect((await server.request('/api/referrals?status=lost', { cookie: officer })).status).toBe(
			400
		);
	});

	it('takes % and _ in the text search literally', async () => {
		await server.push(ahmed, [
			createMutation({ payload: createPayload({ description: 'Half the road (50%) is gone' }) })
		]);
		const count = async (q: string) =>
			(
				(await (
					await server.request(`/api/referrals?q=${encodeURIComponent(q)}`, { cookie: ahmed })
				).json()) as { referrals: ServerReferral[] }
			).referrals.length;
		expect(await count('50%')).toBe(1);
		expect(await count('%')).toBe(1);
		expect(await count('_')).toBe(0);
	});

	it('pages with the true total, urgent open work first, rows without timelines, audited per page', async () => {
		// Its id sorts last, so only its urgency can bring it to the top.
		const urgent = createMutation({
			referralId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
			payload: createPayload({ urgency: 'urgent' })
		});
		const more = Array.from({ length: 4 }, () => createMutation());
		server.clock.advance(60_000);
		await server.push(ahmed, [...more, urgent]);
		// The first referral is answered: open work comes before it whatever its age.
		await respond(officer, 'Repaired.');
		server.sqlite.prepare('delete from audit_log').run();
		const page = async (query: string) => {
			const res = await server.request(`/api/referrals?${query}`, { cookie: officer });
			expect(res.status).toBe(200);
			return (await res.json()) as {
				referrals: Record<string, unknown>[];
				total: number;
				page: number;
				pageSize: number;
			};
		};
		const one = await page('pageSize=2');
		expect(one).toMatchObject({ total: 6, page: 1, pageSize: 2 });
		expect(one.referrals.map((r) => r.id)[0]).toBe(urgent.referralId);
		expect(one.referrals[0]).not.toHaveProperty('timeline');
		const three = await page('pageSize=2&page=3');
		expect(three.referrals.map((r) => r.id)).toEqual([expect.any(String), referralId]);
		const two = await page('pageSize=2&page=2');
		const seen = [one, two, three].flatMap((p) => p.referrals.map((r) => r.id));
		expect(new Set(seen).size).toBe(6);
		expect((await page('pageSize=2&page=9')).referrals).toEqual([]);
		const listed = server.sqlite
			.prepare("select referral_id from audit_log where action = 'list' order by id")
			.all()
			.map((r) => (r as { referral_id: string }).referral_id);
		expect(listed).toEqual([...seen.slice(0, 2), ...seen.slice(4), ...seen.slice(2, 4)]);
		expect((await page('sort=newest&pageSize=6')).referrals.at(-1)?.id).toBe(referralId);
		expect((await page('sort=oldest&pageSize=1')).referrals[0].id).toBe(referralId);
		for (const bad of ['pageSize=201', 'page=0', 'page=x', 'sort=best'])
			expect((await server.request(`/api/referrals?${bad}`, { cookie: officer })).status).toBe(400);
	});

	it('without page, pageSize or sort answers as before paging: whole referrals newest first, with the total', async () => {
		const more = Array.from({ length: 3 }, () => createMutation());
		server.clock.advance(60_000);
		await server.push(ahmed, more);
		const res = await server.request('/api/referrals?status=routed', { cookie: officer });
		expect(res.status).toBe(200);
		const body = (await res.json()) as { referrals: ServerReferral[]; total: number };
		expect(body.total).toBe(4);
		expect(body.referrals).toHaveLength(4);
		expect(body.referrals[0].timeline.length).toBeGreaterThan(0);
		expect(body.referrals.at(-1)?.id).toBe(referralId);
		expect(body).not.toHaveProperty('pageSize');
	});

	it('GET one writes an audit row', async () => {
		await server.request(`/api/referrals/${referralId}`, { cookie: officer });
		const row = server.sqlite.prepare("select user_id from audit_log where action = 'read'").get();
		expect(row).toEqual({ user_id: 'user-officer-highways' });
	});
});
