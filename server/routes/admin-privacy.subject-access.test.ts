import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse } from '#domain/sync-protocol';
import {
	captureReferral,
	closedReferral,
	jpeg,
	signIn,
	type Cookies
} from '../testing/privacy-fixtures.ts';
import {
	createPayload,
	createTestServer,
	mutation,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let cookies: Cookies;
let mary: string;
beforeEach(async () => {
	server = createTestServer();
	cookies = await signIn(server);
	mary = await closedReferral(server, cookies, {
		resident: {
			name: 'Mary Smith',
			phone: '+44 7700 900123',
			email: 'Mary.Smith@example.com',
			preferredContact: 'phone'
		}
	});
});
afterEach(() => server.close());

interface SubjectAccessFile {
	coverNote: string[];
	searchedFor: { kind: string; text: string };
	residents: { residentKey: string; name: string; phone: string | null; references: string[] }[];
	referrals: {
		id: string;
		reference: string;
		residentKey: string;
		description: string;
		timeline: { text: string }[];
		photos: { id: string; included: boolean; base64: string | null }[];
		accessLog: { by: string; action: string }[];
	}[];
	mentions: { reference: string; text: string }[];
}

const search = (q: string, cookie = cookies.admin) =>
	server.request(`/api/admin/subject-access?q=${encodeURIComponent(q)}`, { cookie });
const file = async (q: string) => (await (await search(q)).json()) as SubjectAccessFile;
const erase = (residentKey: unknown, cookie = cookies.admin) =>
	server.request('/api/admin/subject-access/erase', {
		method: 'POST',
		cookie,
		json: { residentKey }
	});

describe('subject access search', () => {
	it('answers one JSON file to download, with a cover note, timeline, photos and access log', async () => {
		const res = await search('mary smith');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="subject-access-2026-03-02.json"'
		);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = (await res.json()) as SubjectAccessFile;
		expect(body.coverNote.join(' ')).toContain('subject access request');
		expect(body.residents).toHaveLength(1);
		expect(body.residents[0]).toMatchObject({ name: 'Mary Smith', phone: '+44 7700 900123' });
		expect(body.residents[0].residentKey).toMatch(/^[0-9a-f]{64}$/);
		const [referral] = body.referrals;
		expect(referral.id).toBe(mary);
		expect(referral.timeline.map((e) => e.text).join('\n')).toContain('Dear Mrs Smith');
		expect(referral.photos).toHaveLength(1);
		expect(Buffer.from(referral.photos[0].base64 ?? '', 'base64')).toEqual(Buffer.from(jpeg));
		expect(referral.accessLog.map((a) => a.action)).toContain('create');
		expect(referral.accessLog.find((a) => a.action === 'response')?.by).toBe(
			'Priya Patel (Highways)'
		);
	});

	it('answers the same as a page to read or print with format=html: everything escaped, photos inline, nothing loaded from outside', async () => {
		await server.push(cookies.member, [
			mutation(mary, 'comment', { text: 'Mary said <script>alert(1)</script> & "more"' })
		]);
		const res = await server.request(
			`/api/admin/subject-access?q=${encodeURIComponent('Mary Smith')}&format=html`,
			{ cookie: cookies.admin }
		);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="subject-access-2026-03-02.html"'
		);
		const html = await res.text();
		const json = await file('Mary Smith');
		expect(html).toContain(json.coverNote[0]);
		expect(html).toContain(`<h2>${json.referrals[0].reference}: `);
		expect(html).toContain('Dear Mrs Smith');
		expect(html).toContain('+44 7700 900123');
		expect(html).toContain(
			'Mary said &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;'
		);
		expect(html).not.toContain('<script');
		expect(html).toContain(`src="data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}"`);
		expect(html).toContain('Priya Patel (Highways)');
		expect(html).toMatch(/default-src 'none'; img-src data:/);
		expect(html).not.toMatch(/(src|href)="https?:/);
		const bad = await server.request(
			`/api/admin/subject-access?q=${encodeURIComponent('Mary Smith')}&format=pdf`,
			{ cookie: cookies.admin }
		);
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toBe('format: format is json or html');
	});

	it('matches names and emails whatever their case, and phones by their digits', async () => {
		for (const q of [
			'  MARY   smith ',
			'mary.smith@EXAMPLE.com',
			'07700 900123',
			'+447700900123'
		]) {
			const found = await file(q);
			expect(
				found.referrals.map((r) => r.id),
				q
			).toEqual([mary]);
		}
		expect((await file('Mary Smit')).referrals).toEqual([]);
		expect((await file('07700 900124')).referrals).toEqual([]);
	});

	it('gives one key per distinct resident, stable between searches and not made from the name', async () => {
		const other = await captureReferral(server, cookies, {
			resident: { name: 'Mary Smith', phone: '01228 496000', preferredContact: 'phone' }
		});
		const first = await file('Mary Smith');
		expect(first.residents).toHaveLength(2);
		expect(first.referrals.map((r) => r.id).sort()).toEqual([mary, other].sort());
		const again = await file('Mary Smith');
		expect(again.residents.map((r) => r.residentKey)).toEqual(
			first.residents.map((r) => r.residentKey)
		);
		const { createHash } = await import('node:crypto');
		for (const { residentKey } of first.residents)
			for (const guess of ['mary smith', 'Mary Smith', '["mary smith","","07700900123"]'])
				expect(residentKey).not.toBe(createHash('sha256').update(guess).digest('hex'));
	});

	it('includes notes on other referrals that name the person, and only those notes', async () => {
		const neighbour = await captureReferral(server, cookies, {
			resident: { name: 'Tom Jones', phone: '01228 496001', preferredContact: 'phone' },
			description: 'Fly-tipping behind the flats'
		});
		await server.push(cookies.member, [
			mutation(neighbour, 'comment', { text: 'Spoke to MARY SMITH next door, she saw it too' }),
			mutation(neighbour, 'comment', { text: 'Rosemary Smithson has photos' })
		]);
		const found = await file('Mary Smith');
		expect(found.referrals.map((r) => r.id)).toEqual([mary]);
		expect(found.mentions.map((m) => m.text)).toEqual([
			'Spoke to MARY SMITH next door, she saw it too'
		]);
		expect(JSON.stringify(found)).not.toContain('Tom Jones');
	});

	it('records the search and each referral it read in the audit log, without the name searched for', async () => {
		await search('Mary Smith');
		const rows = server.sqlite
			.prepare("select user_id, referral_id, detail from audit_log where action = 'subject_access'")
			.all() as { user_id: string; referral_id: string | null; detail: string }[];
		expect(rows.map((r) => r.referral_id)).toEqual([null, mary]);
		expect(rows.every((r) => r.user_id === 'user-admin')).toBe(true);
		expect(JSON.parse(rows[0].detail)).toMatchObject({ searchedBy: 'name', referrals: 1 });
		expect(rows[0].detail).not.toContain('Mary');
	});

	it('is for admins only, and needs a search of 2 to 254 characters and nothing else', async () => {
		expect((await server.request('/api/admin/subject-access?q=Mary')).status).toBe(401);
		expect((await search('Mary Smith', cookies.officer)).status).toBe(403);
		for (const query of ['', 'q=', 'q=a', `q=${'a'.repeat(255)}`, 'q=Mary&name=Mary']) {
			const res = await server.request(`/api/admin/subject-access?${query}`, {
				cookie: cookies.admin
			});
			expect(res.status, query).toBe(400);
			expect((await res.json()).error).toBe('bad_request');
		}
	});
});

describe('erasure at the resident’s request', () => {
	it('removes their details from every referral under the key, and the notes naming them', async () => {
		const second = await captureReferral(server, cookies, {
			resident: {
				name: 'mary  SMITH',
				phone: '07700900123',
				email: 'mary.smith@example.com',
				preferredContact: 'email'
			}
		});
		const neighbour = await captureReferral(server, cookies, {
			resident: { name: 'Tom Jones', phone: '01228 496001', preferredContact: 'phone' }
		});
		await server.push(cookies.member, [
			mutation(neighbour, 'comment', { text: 'Mary Smith (07700 900123) saw it too' })
		]);
		const { cursor } = PullResponse.parse(await (await server.pull(cookies.member)).json());
		const found = await file('Mary Smith');
		expect(found.residents).toHaveLength(1);

		const res = await erase(found.residents[0].residentKey);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			referrals: 2,
			stillOpen: 1,
			photosDeleted: 2,
			mentionsRemoved: 1,
			crmServiceRequestIds: []
		});
		const rows = server.sqlite
			.prepare('select id, resident_name, resident_phone, description from referrals')
			.all() as { id: string; resident_name: string; resident_phone: string | null }[];
		for (const id of [mary, second])
			expect(rows.find((r) => r.id === id)).toMatchObject({
				resident_name: '[removed]',
				resident_phone: null,
				description: '[removed at the resident’s request]'
			});
		expect(rows.find((r) => r.id === neighbour)?.resident_name).toBe('Tom Jones');
		const note = server.sqlite
			.prepare("select text from timeline_entries where referral_id = ? and kind = 'comment'")
			.get(neighbour) as { text: string };
		expect(note.text).toBe('[removed] ([removed]) saw it too');

		expect((await file('Mary Smith')).referrals).toEqual([]);
		expect((await file('Mary Smith')).mentions).toEqual([]);
		const pulled = PullResponse.parse(await (await server.pull(cookies.member, cursor)).json());
		expect(pulled.referrals.map((r) => r.id).sort()).toEqual([mary, second, neighbour].sort());

		const logged = server.sqlite
			.prepare(
				"select user_id, at, referral_id, detail from audit_log where action = 'erase' order by id"
			)
			.all() as { user_id: string; at: string; referral_id: string | null; detail: string }[];
		expect(
			logged
				.slice(0, 2)
				.map((r) => r.referral_id)
				.sort()
		).toEqual([mary, second].sort());
		expect(logged.slice(2).map((r) => r.referral_id)).toEqual([neighbour, null]);
		expect(
			logged.every((r) => r.user_id === 'user-admin' && r.at === '2026-03-02T09:00:00.000Z')
		).toBe(true);
		expect(JSON.parse(logged[3].detail)).toMatchObject({ referrals: 2 });
	});

	it("refuses a tablet's change written before the erasure, so it cannot bring the details back", async () => {
		const { residents } = await file('Mary Smith');
		// Queued on the Member's tablet at 08:40, sent after the erasure at 09:00.
		const queued = [
			mutation(mary, 'edit', { resident: { name: 'Mary Smith', phone: '+44 7700 900123' } }),
			mutation(mary, 'comment', { text: 'Mary Smith rang again' })
		];
		expect((await erase(residents[0].residentKey)).status).toBe(200);
		const res = await server.push(cookies.member, queued);
		const { results } = (await res.json()) as { results: { status: string; reason?: string }[] };
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(results[0].reason).toContain('details were removed from this referral');
		const texts = server.sqlite
			.prepare('select text from timeline_entries where referral_id = ?')
			.all(mary) as { text: string }[];
		expect(texts.map((t) => t.text).join('\n')).not.toContain('Mary');

		// Written after the erasure, a note goes in as usual.
		server.clock.advance(60_000);
		const later = {
			...mutation(mary, 'comment', { text: 'The resident asked us to close this' }),
			createdAt: server.clock.read().toISOString()
		};
		const after = (await (await server.push(cookies.member, [later])).json()) as {
			results: { status: string }[];
		};
		expect(after.results[0].status).toBe('applied');
	});

	it('is 404 for a key nothing is held under, or one erased already; 400 for anything not a key', async () => {
		const { residents } = await file('Mary Smith');
		expect((await erase('0'.repeat(64))).status).toBe(404);
		expect((await erase(residents[0].residentKey)).status).toBe(200);
		const again = await erase(residents[0].residentKey);
		expect(again.status).toBe(404);
		expect((await again.json()).error).toBe('not_found');
		for (const bad of ['Mary Smith', 'A'.repeat(64), 42, null])
			expect((await erase(bad)).status, String(bad)).toBe(400);
		const extra = await server.request('/api/admin/subject-access/erase', {
			method: 'POST',
			cookie: cookies.admin,
			json: { residentKey: residents[0].residentKey, name: 'Mary Smith' }
		});
		expect(extra.status).toBe(400);
		expect((await erase(residents[0].residentKey, cookies.officer)).status).toBe(403);
	});

	it('leaves a referral about someone else with the same name alone', async () => {
		const other = await captureReferral(server, cookies, {
			resident: createPayload().resident
		});
		const { residents } = await file('Mary Smith');
		const mine = residents.find((r) => r.phone === '+44 7700 900123');
		await erase(mine?.residentKey);
		const row = server.sqlite
			.prepare('select resident_name from referrals where id = ?')
			.get(other);
		expect(row).toEqual({ resident_name: 'Mary Smith' });
	});
});
