import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse } from '#domain/sync-protocol';
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

const send = (method: string, path: string, json: unknown, cookie = admin) =>
	server.request(`/api/admin${path}`, { method, cookie, json });

const auditActions = () =>
	(
		server.sqlite
			.prepare(
				`select action, user_id as userId, detail from audit_log where action like 'admin.%'`
			)
			.all() as { action: string; userId: string; detail: string }[]
	).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));

describe('who may use the admin directory', () => {
	const paths = ['/wards', '/units', '/categories'];

	it('answers 401 without a session', async () => {
		for (const path of paths) {
			expect((await server.request(`/api/admin${path}`)).status, path).toBe(401);
			expect((await send('POST', path, { name: 'X' }, '')).status, path).toBe(401);
		}
	});

	it('answers 403 to Members, support officers and service officers, and changes nothing', async () => {
		for (const username of ['cllr.ahmed', 'support.jones', 'officer.highways']) {
			const cookie = await server.login(username);
			for (const path of paths) {
				const res = await server.request(`/api/admin${path}`, { cookie });
				expect(res.status, `${username} ${path}`).toBe(403);
				expect(await res.json()).toMatchObject({ error: 'forbidden' });
			}
			expect((await send('PATCH', '/units/unit-parks', { targetDays: 1 }, cookie)).status).toBe(
				403
			);
			expect((await send('POST', '/wards', { name: 'Intruder' }, cookie)).status).toBe(403);
		}
		const parks = server.sqlite.prepare(`select target_days from units where id = 'unit-parks'`);
		expect(parks.get()).toEqual({ target_days: 10 });
		expect(auditActions()).toEqual([]);
	});
});

describe('wards', () => {
	it('lists, adds with an id made from the name, and renames', async () => {
		const list = await (await server.request('/api/admin/wards', { cookie: admin })).json();
		expect(list.wards).toHaveLength(12);
		expect(list.wards[0]).toEqual({
			id: 'ward-belah',
			name: 'Belah',
			active: true,
			code: 'E05999001'
		});

		const created = await send('POST', '/wards', { name: '  St Aidan’s  ' });
		expect(created.status).toBe(201);
		expect(await created.json()).toEqual({
			id: 'ward-st-aidan-s',
			name: 'St Aidan’s',
			active: true
		});

		const renamed = await send('PATCH', '/wards/ward-st-aidan-s', { name: 'St Aidans' });
		expect(renamed.status).toBe(200);
		expect(await renamed.json()).toEqual({
			id: 'ward-st-aidan-s',
			name: 'St Aidans',
			active: true,
			code: null
		});
		// A name whose slug is taken gets a suffix, never someone else's id.
		const again = await send('POST', '/wards', { name: 'St Aidan’s' });
		expect((await again.json()).id).toBe('ward-st-aidan-s-2');
	});

	it('refuses a duplicate name (whatever its case) with 409 and a readable message', async () => {
		const res = await send('POST', '/wards', { name: 'castle' });
		expect(res.status).toBe(409);
		expect(await res.json()).toEqual({
			error: 'duplicate',
			message: 'There is already a ward called Castle. Choose another name.'
		});
		const rename = await send('PATCH', '/wards/ward-belah', { name: 'CASTLE' });
		expect(rename.status).toBe(409);
		// Renaming to its own name in another case is not a clash.
		expect((await send('PATCH', '/wards/ward-belah', { name: 'BELAH' })).status).toBe(200);
	});

	it('refuses unknown fields, blank names and non-JSON bodies', async () => {
		const unknown = await send('POST', '/wards', { name: 'Dalston', id: 'ward-mine' });
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toEqual({
			error: 'bad_request',
			message: 'Unknown field id'
		});
		const blank = await send('POST', '/wards', { name: '   ' });
		expect(blank.status).toBe(400);
		expect((await blank.json()).message).toBe('name: Enter the ward’s name');
		const text = await server.request('/api/admin/wards', {
			method: 'POST',
			cookie: admin,
			headers: { 'content-type': 'text/plain' },
			body: 'Dalston'
		});
		expect(text.status).toBe(415);
		expect((await send('PATCH', '/wards/ward-nowhere', { name: 'Nowhere' })).status).toBe(404);
	});
});

describe('Business Units', () => {
	it('adds a unit and changes its target, without moving due dates already given', async () => {
		const created = await send('POST', '/units', { name: 'Street Cleansing', targetDays: 3 });
		expect(created.status).toBe(201);
		expect(await created.json()).toEqual({
			id: 'unit-street-cleansing',
			name: 'Street Cleansing',
			targetDays: 3,
			// Not given: soon is half the routine target, urgent a fifth, rounded up.
			targetDaysSoon: 2,
			targetDaysUrgent: 1,
			active: true
		});

		const ahmed = await server.login('cllr.ahmed');
		const m = createMutation();
		await server.push(ahmed, [m]);
		const dueBefore = server.sqlite
			.prepare('select due_at from referrals where id = ?')
			.get(m.referralId);

		const patched = await send('PATCH', '/units/unit-highways', { targetDays: 20 });
		expect(patched.status).toBe(200);
		expect(await patched.json()).toEqual({
			id: 'unit-highways',
			name: 'Highways',
			targetDays: 20,
			// Changing the routine target leaves the others as the admin set them.
			targetDaysSoon: 5,
			targetDaysUrgent: 2,
			active: true
		});
		expect(
			server.sqlite.prepare('select due_at from referrals where id = ?').get(m.referralId)
		).toEqual(dueBefore);
	});

	it('keeps targets between 1 and 60 whole working days', async () => {
		for (const targetDays of [0, 61, 2.5, '10', null]) {
			const res = await send('PATCH', '/units/unit-parks', { targetDays });
			expect(res.status, String(targetDays)).toBe(400);
			expect((await res.json()).message).toMatch(/^targetDays: /);
		}
		expect((await send('POST', '/units', { name: 'Docks' })).status).toBe(400);
		const empty = await send('PATCH', '/units/unit-parks', {});
		expect((await empty.json()).message).toBe('Send at least one thing to change');
		expect((await send('POST', '/units', { name: 'parks', targetDays: 5 })).status).toBe(409);
	});
});

describe('categories and routing', () => {
	it('adds a category routed to a unit, with the id as its CRM code unless one is given', async () => {
		const plain = await send('POST', '/categories', {
			name: 'Bus shelter',
			unitId: 'unit-highways'
		});
		expect(plain.status).toBe(201);
		expect(await plain.json()).toEqual({
			id: 'cat-bus-shelter',
			name: 'Bus shelter',
			unitId: 'unit-highways',
			crmServiceCode: 'cat-bus-shelter',
			active: true,
			urgentLine: null
		});
		const coded = await send('POST', '/categories', {
			name: 'Japanese knotweed',
			unitId: 'unit-parks',
			crmServiceCode: 'PK-KNT'
		});
		expect((await coded.json()).crmServiceCode).toBe('PK-KNT');
		const unknownUnit = await send('POST', '/categories', { name: 'Moles', unitId: 'unit-none' });
		expect(unknownUnit.status).toBe(400);
		expect((await unknownUnit.json()).message).toBe('unitId: Choose a Business Unit from the list');
		const badCode = await send('PATCH', '/categories/cat-pothole', { crmServiceCode: 'HW POT' });
		expect(badCode.status).toBe(400);
	});

	it('a routing change sends the next referral to the new unit; earlier ones stay', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const first = createMutation();
		await server.push(ahmed, [first]);

		const res = await send('PATCH', '/categories/cat-pothole', {
			unitId: 'unit-waste-and-recycling'
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			id: 'cat-pothole',
			unitId: 'unit-waste-and-recycling'
		});

		const second = createMutation({ payload: createPayload({ description: 'Another pothole' }) });
		const pushed = PushResponse.parse(await (await server.push(ahmed, [second])).json());
		expect(pushed.results[0].status).toBe('applied');
		const { referrals } = PullResponse.parse(await (await server.pull(ahmed)).json());
		const unitOf = (id: string) => referrals.find((r) => r.id === id)?.unitId;
		expect(unitOf(first.referralId)).toBe('unit-highways');
		expect(unitOf(second.referralId)).toBe('unit-waste-and-recycling');
		// The new unit's target too: 5 working days from Monday 2 March 2026.
		expect(referrals.find((r) => r.id === second.referralId)?.dueAt).toBe(
			'2026-03-09T09:00:00.000Z'
		);
	});

	it('is the one route for the CRM service code, with the CRM’s rules', async () => {
		const res = await send('PATCH', '/categories/cat-pothole', { crmServiceCode: 'HW-POT-2' });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			id: 'cat-pothole',
			name: 'Pothole',
			unitId: 'unit-highways',
			crmServiceCode: 'HW-POT-2',
			active: true,
			urgentLine: null
		});
		const rename = await send('PATCH', '/categories/cat-pothole', { name: 'Potholes' });
		expect((await rename.json()).name).toBe('Potholes');
		const unknown = await send('PATCH', '/categories/cat-pothole', { routeTo: 'unit-parks' });
		expect((await unknown.json()).message).toBe('Unknown field routeTo');
	});
});

describe('the audit trail', () => {
	it('records who changed what, with the value before', async () => {
		await send('POST', '/wards', { name: 'Dalston' });
		await send('PATCH', '/categories/cat-flooding', { unitId: 'unit-highways' });
		await send('PATCH', '/units/unit-parks', { targetDays: 7 });
		await send('POST', '/wards', { name: 'Dalston' }); // refused: leaves no row
		expect(auditActions()).toEqual([
			{
				action: 'admin.ward.create',
				userId: 'user-admin',
				detail: { id: 'ward-dalston', name: 'Dalston' }
			},
			{
				action: 'admin.category.update',
				userId: 'user-admin',
				detail: {
					id: 'cat-flooding',
					before: {
						id: 'cat-flooding',
						name: 'Flooding',
						unitId: 'unit-drainage',
						crmServiceCode: 'DR-FLD',
						active: true,
						urgentLine:
							'Water in a home or danger to life: call 999; out of hours, call the council on 01632 960000.'
					},
					after: { unitId: 'unit-highways' }
				}
			},
			{
				action: 'admin.unit.update',
				userId: 'user-admin',
				detail: {
					id: 'unit-parks',
					before: {
						id: 'unit-parks',
						name: 'Parks',
						targetDays: 10,
						targetDaysSoon: 5,
						targetDaysUrgent: 2,
						active: true
					},
					after: { targetDays: 7 }
				}
			}
		]);
	});
});

describe('a unit’s targets stay in order: urgent, then soon, then routine', () => {
	it('refuses an urgent target longer than the soon one, or soon longer than routine, and changes nothing', async () => {
		const refusals: [string, string, unknown, string][] = [
			[
				'POST',
				'/units',
				{ name: 'Docks', targetDays: 10, targetDaysSoon: 3, targetDaysUrgent: 4 },
				'targetDaysUrgent: The urgent target (4 working days) cannot be longer than the soon one (3 working days)'
			],
			[
				'POST',
				'/units',
				{ name: 'Docks', targetDays: 5, targetDaysSoon: 6 },
				'targetDaysSoon: The soon target (6 working days) cannot be longer than the routine one (5 working days)'
			],
			// Highways: routine 10, soon 5, urgent 2. Lowering routine below soon is the routine's fault.
			[
				'PATCH',
				'/units/unit-highways',
				{ targetDays: 4 },
				'targetDays: The routine target (4 working days) cannot be shorter than the soon one (5 working days)'
			],
			[
				'PATCH',
				'/units/unit-highways',
				{ targetDaysUrgent: 6 },
				'targetDaysUrgent: The urgent target (6 working days) cannot be longer than the soon one (5 working days)'
			]
		];
		for (const [method, path, body, message] of refusals) {
			const res = await send(method, path, body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect((await res.json()).message).toBe(message);
		}
		expect(
			server.sqlite
				.prepare(
					`select target_days as r, target_days_soon as s, target_days_urgent as u from units where id = 'unit-highways'`
				)
				.get()
		).toEqual({ r: 10, s: 5, u: 2 });
		expect(server.sqlite.prepare(`select id from units where id = 'unit-docks'`).get()).toBe(
			undefined
		);
		expect(auditActions()).toEqual([]);
	});

	it('fills targets left out so that they stay in order with those given', async () => {
		const soonOnly = await send('POST', '/units', {
			name: 'Docks',
			targetDays: 10,
			targetDaysSoon: 1
		});
		expect(await soonOnly.json()).toMatchObject({ targetDaysSoon: 1, targetDaysUrgent: 1 });
		const urgentOnly = await send('POST', '/units', {
			name: 'Harbour',
			targetDays: 10,
			targetDaysUrgent: 8
		});
		expect(await urgentOnly.json()).toMatchObject({ targetDaysSoon: 8, targetDaysUrgent: 8 });
	});

	it('a Member changing the urgency after routing does not move the due date the Member was given', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const m = createMutation();
		await server.push(ahmed, [m]);
		const before = server.sqlite
			.prepare('select due_at as dueAt, urgency from referrals where id = ?')
			.get(m.referralId) as { dueAt: string; urgency: string };
		expect(before.urgency).toBe('routine');
		const pushed = PushResponse.parse(
			await (
				await server.push(ahmed, [
					{
						id: crypto.randomUUID(),
						referralId: m.referralId,
						kind: 'edit',
						payload: { urgency: 'urgent' },
						createdAt: '2026-03-02T08:40:00.000Z'
					}
				])
			).json()
		);
		expect(pushed.results[0].status).toBe('applied');
		// The target is set once, at routing: the service team is asked, in the timeline, instead.
		expect(
			server.sqlite
				.prepare('select due_at as dueAt, urgency from referrals where id = ?')
				.get(m.referralId)
		).toEqual(before);
		expect(
			server.sqlite
				.prepare(`select text from timeline_entries where referral_id = ? order by rowid desc`)
				.get(m.referralId)
		).toEqual({ text: 'Please change the urgency to: Urgent (danger or hardship)' });
	});
});

describe('a category’s urgent line', () => {
	it('is set, shown in reference data for the capture form, and cleared with an empty one', async () => {
		const line = 'Danger to life: call 999; out of hours: 01632 960000';
		const set = await send('PATCH', '/categories/cat-pothole', { urgentLine: `  ${line} ` });
		expect(set.status).toBe(200);
		expect((await set.json()).urgentLine).toBe(line);
		const ahmed = await server.login('cllr.ahmed');
		const reference = async () =>
			(await (await server.request('/api/reference', { cookie: ahmed })).json()) as {
				categories: { id: string; urgentLine: string | null }[];
			};
		expect((await reference()).categories.find((c) => c.id === 'cat-pothole')?.urgentLine).toBe(
			line
		);
		const cleared = await send('PATCH', '/categories/cat-pothole', { urgentLine: '' });
		expect((await cleared.json()).urgentLine).toBeNull();
		expect(
			(await reference()).categories.find((c) => c.id === 'cat-pothole')?.urgentLine
		).toBeNull();
		const created = await send('POST', '/categories', {
			name: 'Gas smell',
			unitId: 'unit-highways',
			urgentLine: 'Call the gas emergency line on 0800 111 999'
		});
		expect((await created.json()).urgentLine).toBe('Call the gas emergency line on 0800 111 999');
	});

	it('refuses a line too long, or not text, and changes nothing', async () => {
		for (const urgentLine of ['x'.repeat(301), 42]) {
			const res = await send('PATCH', '/categories/cat-pothole', { urgentLine });
			expect(res.status).toBe(400);
			expect((await res.json()).message).toMatch(/^urgentLine: /);
		}
		expect(
			server.sqlite.prepare(`select urgent_line from categories where id = 'cat-pothole'`).get()
		).toEqual({ urgent_line: null });
	});
});
