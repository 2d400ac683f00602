// Text is kept exactly as written, or refused with a reason: never altered. A lone UTF-16
// surrogate cannot be stored (SQLite keeps UTF-8, where it became three U+FFFD), so every text
// field refuses it; a body that is not UTF-8 is refused rather than decoded with replacements.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unstorableTextMessage } from '#domain/validation';
import {
	createMutation,
	createPayload,
	createTestServer,
	mutation,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
});
afterEach(() => server.close());

const lone = 'x\uD800y';
const count = (table: string) =>
	(server.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

async function pushOne(cookie: string, m: unknown) {
	const res = await server.push(cookie, [m]);
	expect(res.status).toBe(200);
	return (await res.json()).results[0] as { status: string; reason?: string };
}

async function routedReferral(): Promise<string> {
	const create = createMutation();
	expect((await pushOne(ahmed, create)).status).toBe('applied');
	return create.referralId;
}

describe('a lone surrogate in any text field is refused, never stored altered', () => {
	const base = createPayload();
	const createFields: [string, object][] = [
		['description', { description: lone }],
		['location.address', { location: { ...base.location, address: lone } }],
		['location.postcode', { location: { ...base.location, postcode: `CA1 1A${'\uDC00'}` } }],
		['resident.name', { resident: { ...base.resident, name: lone } }],
		['resident.address', { resident: { ...base.resident, address: lone } }],
		['resident.phone', { resident: { ...base.resident, phone: '01228 \uD800' } }],
		['resident.email', { resident: { ...base.resident, email: `m${'\uD800'}@example.com` } }],
		['resident.shareWith', { resident: { ...base.resident, shareWith: lone } }]
	];

	for (const [field, override] of createFields)
		it(`create: ${field}`, async () => {
			const result = await pushOne(
				ahmed,
				createMutation({ payload: createPayload(override as never) })
			);
			expect(result.status).toBe('rejected');
			expect(result.reason).toContain(field);
			if (field !== 'resident.phone' && field !== 'resident.email')
				expect(result.reason).toBe(`${field}: ${unstorableTextMessage}`);
			expect(count('referrals')).toBe(0);
		});

	it('create: an id field with a lone surrogate names nothing and is refused', async () => {
		for (const override of [{ wardId: lone }, { categoryId: lone }, { onBehalfOf: lone }]) {
			const result = await pushOne(ahmed, createMutation({ payload: createPayload(override) }));
			expect(result.status, JSON.stringify(override)).toBe('rejected');
		}
		expect(count('referrals')).toBe(0);
	});

	it('edit, comment, rating comment and reopening reason', async () => {
		const id = await routedReferral();
		const before = count('timeline_entries');
		for (const [kind, payload, field] of [
			['edit', { description: lone }, 'description'],
			['edit', { resident: { ...base.resident, name: lone } }, 'resident.name'],
			['comment', { text: lone }, 'text'],
			['rate', { score: 4, comment: lone }, 'comment'],
			['reopen', { reason: lone }, 'reason']
		] as const) {
			const result = await pushOne(ahmed, mutation(id, kind, payload));
			expect(result, `${kind} ${field}`).toEqual({
				id: expect.any(String),
				status: 'rejected',
				reason: `${field}: ${unstorableTextMessage}`
			});
		}
		expect(count('timeline_entries')).toBe(before);
		const stored = server.sqlite.prepare('select description from referrals').get() as {
			description: string;
		};
		expect(stored.description).toBe(base.description);
	});

	it('one bad mutation in a push is rejected alone; the rest of the batch is applied', async () => {
		const good = createMutation();
		const bad = createMutation({ payload: createPayload({ description: lone }) });
		const res = await server.push(ahmed, [bad, good]);
		const { results } = await res.json();
		expect(results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'applied']);
	});

	it('the push envelope: a deviceId with a lone surrogate', async () => {
		const res = await server.push(ahmed, [createMutation()], `tablet-${lone}`);
		expect(res.status).toBe(400);
		expect((await res.json()).message).toBe(`deviceId: ${unstorableTextMessage}`);
		expect(count('referrals')).toBe(0);
	});

	it('the service team’s status note, response, reassignment reason, and a chase note', async () => {
		const id = await routedReferral();
		const officer = await server.login('officer.highways');
		const before = count('timeline_entries');
		for (const [path, cookie, json, field] of [
			['status', officer, { status: 'in_progress', note: lone }, 'note'],
			['responses', officer, { text: lone }, 'text'],
			['reassign', officer, { unitId: 'unit-drainage', reason: lone }, 'reason'],
			['chase', ahmed, { note: lone }, 'note']
		] as const) {
			const res = await server.request(`/api/referrals/${id}/${path}`, {
				method: 'POST',
				cookie,
				json
			});
			expect(res.status, path).toBe(400);
			expect(await res.json()).toEqual({
				error: 'bad_request',
				message: `${field}: ${unstorableTextMessage}`
			});
		}
		expect(count('timeline_entries')).toBe(before);
		const row = server.sqlite.prepare('select status, unit_id from referrals').get();
		expect(row).toEqual({ status: 'routed', unit_id: 'unit-highways' });
	});

	it('admin: names of wards, units, categories and users, and passwords', async () => {
		const admin = await server.login('admin');
		for (const [method, path, json, field] of [
			['POST', '/api/admin/wards', { name: lone }, 'name'],
			['PATCH', '/api/admin/wards/ward-belah', { name: lone }, 'name'],
			['POST', '/api/admin/units', { name: lone, targetDays: 5 }, 'name'],
			['POST', '/api/admin/categories', { name: lone, unitId: 'unit-parks' }, 'name'],
			['PATCH', '/api/admin/users/user-cllr-brown', { displayName: lone }, 'displayName'],
			['PATCH', '/api/admin/users/user-cllr-brown', { password: `long enough ${lone}` }, 'password']
		] as const) {
			const res = await server.request(path, { method, cookie: admin, json });
			expect(res.status, `${method} ${path}`).toBe(400);
			expect((await res.json()).message).toBe(`${field}: ${unstorableTextMessage}`);
		}
		expect(server.sqlite.prepare("select name from wards where id = 'ward-belah'").get()).toEqual({
			name: 'Belah'
		});
	});

	it('sign-in: a username or password with a lone surrogate is refused before any check', async () => {
		const attempts = count('sign_in_attempts');
		for (const json of [
			{ username: lone, password: 'wardline-demo' },
			{ username: 'cllr.ahmed', password: `wardline-demo${'\uD800'}` }
		]) {
			const res = await server.request('/api/auth/login', { method: 'POST', json });
			expect(res.status).toBe(400);
			expect((await res.json()).message).toContain(unstorableTextMessage);
		}
		expect(count('sign_in_attempts')).toBe(attempts);
	});

	it('a field name with a lone surrogate is refused too', async () => {
		const res = await server.request('/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"username":"cllr.ahmed","password":"wardline-demo","\\ud800":1}'
		});
		expect(res.status).toBe(400);
		expect((await res.json()).message).toContain(unstorableTextMessage);
	});
});

describe('text that can be stored is kept exactly', () => {
	it('emoji, accents and right-to-left text round-trip unchanged', async () => {
		const description = 'Pothole 🚧 by Café Noël — عربى — 𝐁𝐨𝐥𝐝';
		const create = createMutation({
			payload: createPayload({ description, resident: { name: 'Zoë 👩🏽‍🦱 Ní Bhriain' } })
		});
		expect((await pushOne(ahmed, create)).status).toBe('applied');
		const res = await server.request(`/api/referrals/${create.referralId}`, { cookie: ahmed });
		const body = await res.json();
		expect(body.referral?.description ?? body.description).toBe(description);
		expect(body.referral?.resident?.name ?? body.resident.name).toBe('Zoë 👩🏽‍🦱 Ní Bhriain');
	});
});

describe('a body that is not UTF-8', () => {
	it('is refused with 400, not decoded with replacement characters', async () => {
		// {"username":"cllr.ahmed","password":"<ED A0 80>"}: a surrogate encoded as UTF-8, which UTF-8 forbids.
		const bytes = Buffer.concat([
			Buffer.from('{"deviceId":"d","mutations":[{"id":"'),
			Buffer.from([0xed, 0xa0, 0x80]),
			Buffer.from('"}]}')
		]);
		for (const path of ['/api/sync/push', '/api/auth/login']) {
			const res = await server.request(path, {
				method: 'POST',
				cookie: ahmed,
				headers: { 'content-type': 'application/json' },
				body: bytes
			});
			expect(res.status, path).toBe(400);
			expect(await res.json()).toEqual({
				error: 'bad_encoding',
				message: 'The request body is not valid UTF-8 text.'
			});
		}
	});
});
