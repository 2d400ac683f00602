import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse } from '#domain/sync-protocol';
import {
	captureReferral,
	closedReferral,
	dayMs,
	rejectedReferral,
	signIn,
	type Cookies
} from '../testing/privacy-fixtures.ts';
import { runRetention } from '../privacy/retention.ts';
import { tinyJpeg } from '../testing/test-photos.ts';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let cookies: Cookies;
beforeEach(async () => {
	server = createTestServer();
	// Two years back, so that moving past the retention period lands near today: cookies may
	// not expire more than 400 days after the real date.
	server.clock.now = new Date('2024-02-01T09:00:00.000Z');
	cookies = await signIn(server);
});
afterEach(() => server.close());

const row = (id: string) =>
	server.sqlite.prepare('select * from referrals where id = ?').get(id) as Record<string, unknown>;
const count = (sql: string, ...params: unknown[]) =>
	(server.sqlite.prepare(sql).get(...params) as { n: number }).n;

/** Moves the clock past the retention period and signs everyone in again (sessions expired). */
async function later(days: number) {
	server.clock.advance(days * dayMs);
	cookies = await signIn(server);
}

describe('retention dry run', () => {
	it('lists closed and rejected referrals past the period, changing nothing', async () => {
		const closed = await closedReferral(server, cookies);
		const rejected = await rejectedReferral(server, cookies);
		const open = await captureReferral(server, cookies);
		await later(729);
		const early = await server.request('/api/admin/retention?dryRun=1', { cookie: cookies.admin });
		expect((await early.json()).referrals).toEqual([]);

		await later(2);
		const before = server.sqlite.prepare('select * from referrals order by id').all();
		const res = await server.request('/api/admin/retention?dryRun=1', { cookie: cookies.admin });
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toMatchObject({ dryRun: true, retentionDays: 730, more: false });
		expect(body.referrals.map((r: { referralId: string }) => r.referralId).sort()).toEqual(
			[closed, rejected].sort()
		);
		expect(body.referrals[0]).toMatchObject({ photos: 1 });
		expect(body.referrals.some((r: { referralId: string }) => r.referralId === open)).toBe(false);
		expect(server.sqlite.prepare('select * from referrals order by id').all()).toEqual(before);
		expect(count('select count(*) as n from attachments')).toBe(3);
	});

	it('is for admins only, and refuses unknown parameters', async () => {
		expect((await server.request('/api/admin/retention')).status).toBe(401);
		const officer = await server.request('/api/admin/retention', { cookie: cookies.officer });
		expect(officer.status).toBe(403);
		for (const query of ['dryRun=0', 'dryRun=1&extra=1', 'days=1']) {
			const res = await server.request(`/api/admin/retention?${query}`, { cookie: cookies.admin });
			expect(res.status, query).toBe(400);
		}
	});
});

describe('retention run', () => {
	it('removes the resident, description, house number, notes and photos, keeping the figures', async () => {
		const id = await closedReferral(server, cookies, {
			location: {
				address: 'Flat 2, 12 Warwick Road, Carlisle',
				postcode: 'CA1 1AA',
				lat: 54.89123,
				lng: -2.92345
			},
			resident: {
				name: 'Mary Smith',
				address: '12 Warwick Road',
				phone: '07700 900123',
				email: 'mary@example.com',
				preferredContact: 'email',
				consentToShare: true,
				shareWith: 'Citizens Advice'
			}
		});
		const keep = await captureReferral(server, cookies);
		const { cursor } = PullResponse.parse(await (await server.pull(cookies.member)).json());
		await later(731);
		const figures = async () => ({
			insights: await (
				await server.request('/api/insights?from=2024-01-01&to=2024-12-31', {
					cookie: cookies.admin
				})
			).json(),
			hotspots: await (
				await server.request('/api/insights/hotspots?from=2024-01-01&to=2024-12-31', {
					cookie: cookies.admin
				})
			).json(),
			csv: await (
				await server.request('/api/exports/referrals.csv?from=2024-01-01&to=2024-12-31', {
					cookie: cookies.admin
				})
			).text()
		});
		const before = await figures();
		expect(before.csv.split('\n').filter((line) => line.includes('Warwick Road'))).toHaveLength(2);

		const res = await server.request('/api/admin/retention/run', {
			method: 'POST',
			cookie: cookies.admin
		});
		expect(res.status).toBe(200);
		expect((await res.json()).referrals.map((r: { referralId: string }) => r.referralId)).toEqual([
			id
		]);

		expect(row(id)).toMatchObject({
			resident_name: '[removed]',
			resident_address: null,
			resident_phone: null,
			resident_email: null,
			resident_preferred_contact: null,
			resident_consent_to_share: 0,
			resident_share_with: null,
			description: '[removed under the retention policy]',
			location_address: 'Warwick Road',
			location_postcode: 'CA1',
			lat: 54.891,
			lng: -2.923,
			photo_ids: '[]',
			status: 'closed'
		});
		expect(row(id).personal_data_removed_at).toBe(server.clock.now.toISOString());
		expect(count('select count(*) as n from attachments where referral_id = ?', id)).toBe(0);
		expect(count('select count(*) as n from attachments where referral_id = ?', keep)).toBe(1);
		expect(row(keep).resident_name).toBe('Mary Smith');

		const texts = (
			server.sqlite
				.prepare('select text from timeline_entries where referral_id = ? order by rowid')
				.all(id) as { text: string }[]
		).map((t) => t.text);
		expect(texts.join('\n')).not.toMatch(/Mary|Smith|07700|number 12/);
		expect(texts).toContain('Status: Closed');
		expect(texts.at(-1)).toBe('Personal details removed under the retention policy');
		// The figures count category, ward, street and dates: none of them changed.
		expect(await figures()).toEqual(before);

		// Tablets pull the anonymised row, with the timeline entry saying why.
		const pulled = PullResponse.parse(await (await server.pull(cookies.member, cursor)).json());
		const mine = pulled.referrals.find((r) => r.id === id);
		expect(mine?.resident.name).toBe('[removed]');
		expect(mine?.photoIds).toEqual([]);
		expect(mine?.timeline.at(-1)?.text).toBe('Personal details removed under the retention policy');

		const audit = server.sqlite
			.prepare(
				"select user_id, action from audit_log where referral_id = ? and action = 'retention'"
			)
			.all(id);
		expect(audit).toEqual([{ user_id: 'user-admin', action: 'retention' }]);
	});

	it('counts a rejected referral from its last update, and never removes twice', async () => {
		const id = await rejectedReferral(server, cookies);
		await later(731);
		const first = runRetention(serverDeps(), { dryRun: false });
		expect(first.referrals.map((r) => r.referralId)).toEqual([id]);
		expect(row(id).description).toBe('[removed under the retention policy]');
		const texts = server.sqlite
			.prepare('select text from timeline_entries where referral_id = ?')
			.all(id) as { text: string }[];
		expect(texts.map((t) => t.text)).toContain('Status: Sent back');
		expect(texts.map((t) => t.text).join('\n')).not.toContain('Jones');
		const changeNo = row(id).change_no;
		expect(runRetention(serverDeps(), { dryRun: false }).referrals).toEqual([]);
		expect(row(id).change_no).toBe(changeNo);
		expect(
			count(
				"select count(*) as n from audit_log where action = 'retention' and user_id = 'system:retention'"
			)
		).toBe(1);
	});

	it('works in batches, saying when more are due, and removes photos never attached', async () => {
		for (let i = 0; i < 3; i += 1) await rejectedReferral(server, cookies);
		await server.request('/api/attachments/0195f3a0-0000-7000-8000-000000000001', {
			method: 'PUT',
			cookie: cookies.member,
			headers: { 'content-type': 'image/jpeg' },
			body: new Uint8Array(tinyJpeg)
		});
		await later(731);
		const first = runRetention(serverDeps(), { dryRun: false, batchSize: 2 });
		expect(first).toMatchObject({ more: true, unattachedPhotos: 1 });
		expect(first.referrals).toHaveLength(2);
		const second = runRetention(serverDeps(), { dryRun: false, batchSize: 2 });
		expect(second).toMatchObject({ more: false, unattachedPhotos: 0 });
		expect(second.referrals).toHaveLength(1);
		expect(count('select count(*) as n from attachments')).toBe(0);
	});

	it('takes its period from the config, and refuses a body it does not understand', async () => {
		const short = createTestServer({ config: { retentionDays: 30 } });
		try {
			const c = await signIn(short);
			await rejectedReferral(short, c);
			short.clock.advance(31 * dayMs);
			const admin = await short.login('admin');
			const refused = await short.request('/api/admin/retention/run', {
				method: 'POST',
				cookie: admin,
				json: { days: 1 }
			});
			expect(refused.status).toBe(400);
			const res = await short.request('/api/admin/retention/run', {
				method: 'POST',
				cookie: admin,
				json: {}
			});
			expect((await res.json()).referrals).toHaveLength(1);
		} finally {
			short.close();
		}
	});
});

function serverDeps() {
	return {
		db: server.db,
		sqlite: server.sqlite,
		clock: server.clock.read,
		ids: () => crypto.randomUUID(),
		config: { retentionDays: 730 }
	};
}
