// Retiring wards, Business Units and categories: the admin rules, and what a retirement means
// for tablets (reference data, a push captured before it) and for officers passing a referral on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushResponse, ReferenceData } from '#domain/sync-protocol';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let admin: string;
beforeEach(async () => {
	server = createTestServer();
	admin = await server.login('admin');
});
afterEach(() => server.close());

const patch = (path: string, json: unknown) =>
	server.request(`/api/admin${path}`, { method: 'PATCH', cookie: admin, json });
const post = (path: string, json: unknown) =>
	server.request(`/api/admin${path}`, { method: 'POST', cookie: admin, json });

const row = (table: string, id: string) =>
	server.sqlite.prepare(`select * from ${table} where id = ?`).get(id) as Record<string, unknown>;
const auditCount = () =>
	(
		server.sqlite
			.prepare(`select count(*) as n from audit_log where action like 'admin.%'`)
			.get() as { n: number }
	).n;

/** Licensed premises is the one category sent to Licensing. */
async function retireLicensing(): Promise<void> {
	expect((await patch('/categories/cat-licensed-premises', { active: false })).status).toBe(200);
	expect((await patch('/units/unit-licensing', { active: false })).status).toBe(200);
}

async function pushAs(username: string, payload = createPayload()) {
	const cookie = await server.login(username);
	const m = createMutation({ payload });
	const answer = PushResponse.parse(await (await server.push(cookie, [m])).json());
	return { m, cookie, result: answer.results[0] };
}

describe('retiring and reactivating', () => {
	it('retires a ward and brings it back, listing it with active, audited like any change', async () => {
		const retired = await patch('/wards/ward-belah', { active: false });
		expect(retired.status).toBe(200);
		expect(await retired.json()).toEqual({
			id: 'ward-belah',
			name: 'Belah',
			active: false,
			code: 'E05999001'
		});
		const list = await (await server.request('/api/admin/wards', { cookie: admin })).json();
		expect(list.wards).toHaveLength(12);
		expect(list.wards[0]).toEqual({
			id: 'ward-belah',
			name: 'Belah',
			active: false,
			code: 'E05999001'
		});

		const back = await patch('/wards/ward-belah', { active: true });
		expect(await back.json()).toEqual({
			id: 'ward-belah',
			name: 'Belah',
			active: true,
			code: 'E05999001'
		});
		const actions = server.sqlite
			.prepare(`select action, detail from audit_log where action like 'admin.%' order by id`)
			.all() as { action: string; detail: string }[];
		expect(actions.map((a) => [a.action, JSON.parse(a.detail).after])).toEqual([
			['admin.ward.update', { active: false }],
			['admin.ward.update', { active: true }]
		]);
	});

	it('needs active to be true or false, and something to change', async () => {
		const wrong = await patch('/units/unit-parks', { active: 'no' });
		expect(wrong.status).toBe(400);
		expect((await wrong.json()).message).toBe('active: active must be true or false');
		expect((await patch('/wards/ward-belah', {})).status).toBe(400);
		expect((await post('/wards', { name: 'Dalston', active: false })).status).toBe(400);
		expect(row('units', 'unit-parks').active).toBe(1);
	});

	it('never changes the referrals already made', async () => {
		const { m } = await pushAs('cllr.ahmed');
		const before = row('referrals', m.referralId);
		await patch('/categories/cat-pothole', { unitId: 'unit-parks' });
		await patch('/categories/cat-street-lighting', { active: false });
		await patch('/categories/cat-pavement-damage', { active: false });
		await patch('/categories/cat-abandoned-vehicle', { active: false });
		await patch('/categories/cat-pothole', { active: false });
		expect((await patch('/units/unit-highways', { active: false })).status).toBe(200);
		expect((await patch('/wards/ward-belah', { active: false })).status).toBe(200);
		expect(row('referrals', m.referralId)).toEqual(before);
	});
});

describe('a Business Unit', () => {
	it('cannot be retired while a category in use goes to it, and the refusal changes nothing', async () => {
		const audited = auditCount();
		const res = await patch('/units/unit-highways', { active: false, targetDays: 3 });
		expect(res.status).toBe(409);
		expect(await res.json()).toEqual({
			error: 'refused',
			message:
				'Highways cannot be retired while new referrals of Abandoned vehicle, Pavement damage, ' +
				'Pothole and Street lighting go to it. Send those categories to another Business Unit, ' +
				'or retire them, first.'
		});
		const one = await patch('/units/unit-licensing', { active: false });
		expect((await one.json()).message).toBe(
			'Licensing cannot be retired while new referrals of Licensed premises go to it. ' +
				'Send that category to another Business Unit, or retire it, first.'
		);
		expect(row('units', 'unit-highways')).toMatchObject({ active: 1, target_days: 10 });
		expect(row('units', 'unit-licensing').active).toBe(1);
		expect(auditCount()).toBe(audited);
	});

	it('can be retired once its categories go elsewhere or are retired, and reactivated', async () => {
		await patch('/categories/cat-licensed-premises', { unitId: 'unit-other' });
		const res = await patch('/units/unit-licensing', { active: false });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			id: 'unit-licensing',
			name: 'Licensing',
			targetDays: 15,
			targetDaysSoon: 8,
			targetDaysUrgent: 3,
			active: false
		});
		const back = await patch('/units/unit-licensing', { active: true });
		expect((await back.json()).active).toBe(true);
	});
});

describe('a category', () => {
	beforeEach(retireLicensing);

	it('in use cannot be added for, or sent to, a retired unit; nothing changes', async () => {
		const audited = auditCount();
		const created = await post('/categories', { name: 'Taxi licence', unitId: 'unit-licensing' });
		expect(created.status).toBe(400);
		expect(await created.json()).toEqual({
			error: 'bad_request',
			message: 'unitId: Licensing is retired. Choose a Business Unit that is in use'
		});
		const moved = await patch('/categories/cat-pothole', {
			unitId: 'unit-licensing',
			name: 'Potholes'
		});
		expect(moved.status).toBe(400);
		expect((await moved.json()).message).toBe(
			'unitId: Licensing is retired. Choose a Business Unit that is in use'
		);
		expect(row('categories', 'cat-pothole')).toMatchObject({
			name: 'Pothole',
			unit_id: 'unit-highways'
		});
		expect(row('categories', 'cat-taxi-licence')).toBeUndefined();
		expect(auditCount()).toBe(audited);
	});

	it('cannot be reactivated while its unit is retired, until it is sent to one in use', async () => {
		const refused = await patch('/categories/cat-licensed-premises', { active: true });
		expect(refused.status).toBe(409);
		expect(await refused.json()).toEqual({
			error: 'refused',
			message:
				'Licensed premises is sent to Licensing, which is retired. Send it to a Business Unit that is in use.'
		});
		expect(row('categories', 'cat-licensed-premises').active).toBe(0);
		// Retired, it may still be renamed; sent to a unit in use, it may come back in one go.
		expect((await patch('/categories/cat-licensed-premises', { name: 'Pubs' })).status).toBe(200);
		const back = await patch('/categories/cat-licensed-premises', {
			unitId: 'unit-environmental-health',
			active: true
		});
		expect(back.status).toBe(200);
		expect(await back.json()).toMatchObject({ unitId: 'unit-environmental-health', active: true });
	});
});

describe('reference data for tablets', () => {
	it('still carries retired items, marked active: false, so older referrals keep their names', async () => {
		await retireLicensing();
		await patch('/wards/ward-belah', { active: false });
		const cookie = await server.login('cllr.ahmed');
		const data = ReferenceData.parse(
			await (await server.request('/api/reference', { cookie })).json()
		);
		expect(data.wards).toHaveLength(12);
		expect(data.wards.find((w) => w.id === 'ward-belah')).toEqual({
			id: 'ward-belah',
			name: 'Belah',
			active: false
		});
		expect(data.categories.find((c) => c.id === 'cat-licensed-premises')?.active).toBe(false);
		expect(data.units.find((u) => u.id === 'unit-licensing')?.active).toBe(false);
		expect(data.units.find((u) => u.id === 'unit-highways')?.active).toBe(true);
	});

	it('from an older server or cache, without active, parses as all in use', () => {
		const old = ReferenceData.parse({
			wards: [{ id: 'ward-belah', name: 'Belah' }],
			categories: [{ id: 'cat-pothole', name: 'Pothole', unitId: 'unit-highways' }],
			units: [{ id: 'unit-highways', name: 'Highways', targetDays: 10 }]
		});
		expect([old.wards[0].active, old.categories[0].active, old.units[0].active]).toEqual([
			true,
			true,
			true
		]);
	});
});

describe('a referral captured offline before a retirement', () => {
	it('with a retired ward and a retired category whose unit is in use, is accepted and routed', async () => {
		await patch('/wards/ward-belah', { active: false });
		await patch('/categories/cat-pothole', { active: false });
		const { m, result } = await pushAs('cllr.ahmed');
		expect(result.status).toBe('applied');
		expect(row('referrals', m.referralId)).toMatchObject({
			ward_id: 'ward-belah',
			category_id: 'cat-pothole',
			unit_id: 'unit-highways',
			status: 'routed'
		});
	});

	it('whose category’s unit is retired, is refused with what to do, and nothing is kept', async () => {
		await retireLicensing();
		const payload = createPayload({ categoryId: 'cat-licensed-premises' });
		const { m, cookie, result } = await pushAs('cllr.ahmed', payload);
		expect(result).toEqual({
			id: m.id,
			status: 'rejected',
			reason:
				'Licensed premises is no longer used. Capture the referral again with another kind of ' +
				'problem, then remove this one from the tablet.'
		});
		expect(row('referrals', m.referralId)).toBeUndefined();

		// "Try again" on the tablet works once an admin sends the category to a unit in use.
		await patch('/categories/cat-licensed-premises', { unitId: 'unit-environmental-health' });
		const again = PushResponse.parse(await (await server.push(cookie, [m])).json());
		expect(again.results[0].status).toBe('applied');
		expect(row('referrals', m.referralId).unit_id).toBe('unit-environmental-health');
	});
});

describe('passing a referral to another team', () => {
	it('refuses a retired unit and leaves the referral where it was', async () => {
		await patch('/categories/cat-licensed-premises', { unitId: 'unit-other' });
		await patch('/units/unit-licensing', { active: false });
		const { m } = await pushAs('cllr.ahmed');
		const before = row('referrals', m.referralId);
		const res = await server.request(`/api/referrals/${m.referralId}/reassign`, {
			method: 'POST',
			cookie: await server.login('officer.highways'),
			json: { unitId: 'unit-licensing', reason: 'A pub’s sign, not the road' }
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({
			error: 'bad_request',
			message: 'Licensing is retired and takes no referrals. Choose a team that is in use.'
		});
		expect(row('referrals', m.referralId)).toEqual(before);
	});
});

describe('insights', () => {
	it('show a retired ward while it has referrals in the period, marked, and not otherwise', async () => {
		await pushAs('cllr.ahmed');
		await patch('/wards/ward-belah', { active: false });
		await patch('/wards/ward-castle', { active: false });
		const report = await (await server.request('/api/insights', { cookie: admin })).json();
		const wards = report.heatMap.wards as { id: string; active: boolean; total: number }[];
		expect(wards.find((w) => w.id === 'ward-belah')).toMatchObject({ active: false, total: 1 });
		expect(wards.find((w) => w.id === 'ward-castle')).toBeUndefined();
		expect(wards.find((w) => w.id === 'ward-harraby')).toMatchObject({ active: true, total: 0 });
		// Asked for by name, a retired ward is shown even with nothing in the period.
		const castle = await (
			await server.request('/api/insights?wardId=ward-castle', { cookie: admin })
		).json();
		expect(castle.heatMap.wards).toEqual([
			{ id: 'ward-castle', name: 'Castle', active: false, total: 0 }
		]);
	});
});
