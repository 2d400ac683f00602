import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';
import sharp from 'sharp';
import { runHousekeeping } from '../housekeeping.ts';
import { numberedJpeg, tinyJpeg, tinyPng, tinyWebp } from '../testing/test-photos.ts';

let server: TestServer;
let ahmed: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
});
afterEach(() => server.close());

const jpeg = numberedJpeg(1);
const put = (id: string, body: Uint8Array<ArrayBuffer>, type = 'image/jpeg', cookie = ahmed) =>
	server.request(`/api/attachments/${id}`, {
		method: 'PUT',
		cookie,
		headers: { 'content-type': type },
		body
	});

describe('photo upload', () => {
	it('is idempotent for the same id and bytes, and 409 for different bytes', async () => {
		const id = randomUUID();
		const first = await put(id, jpeg);
		expect(first.status).toBe(200);
		const body = await first.json();
		expect(body).toMatchObject({ id, size: jpeg.length });
		expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
		const again = await put(id, jpeg);
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual(body);
		const different = await put(id, numberedJpeg(2));
		expect(different.status).toBe(409);
		expect((await different.json()).error).toBe('conflict');
		expect(
			(server.sqlite.prepare('select count(*) as n from attachments').get() as { n: number }).n
		).toBe(1);
	});

	it('refuses other content types with 415, a non-uuid id with 400, and over 5 MB with 413', async () => {
		expect((await put(randomUUID(), jpeg, 'image/gif')).status).toBe(415);
		expect((await put(randomUUID(), jpeg, 'application/json')).status).toBe(415);
		expect((await put('not-a-uuid', jpeg)).status).toBe(400);
		const big = await put(randomUUID(), new Uint8Array(5 * 1024 * 1024 + 1));
		expect(big.status).toBe(413);
		expect((await big.json()).error).toBe('too_large');
	});

	it('refuses bytes that are not a JPEG, PNG or WebP image whatever the Content-Type says', async () => {
		const html = new TextEncoder().encode('<script>alert(1)</script>');
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
		for (const [bytes, type] of [
			[html, 'image/jpeg'],
			[svg, 'image/png'],
			[new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x41, 0x56, 0x49, 0x20]), 'image/webp'],
			[new Uint8Array([0xff, 0xd8]), 'image/jpeg']
		] as const) {
			const res = await put(randomUUID(), new Uint8Array(bytes), type);
			expect(res.status).toBe(415);
			expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' });
		}
		expect(
			(server.sqlite.prepare('select count(*) as n from attachments').get() as { n: number }).n
		).toBe(0);
	});

	it('accepts PNG and WebP signatures and stores the type the bytes show', async () => {
		const png = tinyPng;
		const webp = tinyWebp;
		for (const [bytes, claimed, stored] of [
			[png, 'image/png', 'image/png'],
			[webp, 'image/jpeg', 'image/webp']
		] as const) {
			const id = randomUUID();
			expect((await put(id, new Uint8Array(bytes), claimed)).status).toBe(200);
			const back = await server.request(`/api/attachments/${id}`, { cookie: ahmed });
			expect(back.headers.get('content-type')).toBe(stored);
		}
	});

	it('checks the hash the tablet sends, when it sends one', async () => {
		const id = randomUUID();
		const damaged = await server.request(`/api/attachments/${id}`, {
			method: 'PUT',
			cookie: ahmed,
			headers: { 'content-type': 'image/jpeg', 'x-content-sha256': '0'.repeat(64) },
			body: jpeg
		});
		expect(damaged.status).toBe(400);
		expect((await damaged.json()).error).toBe('bad_checksum');
		const { sha256 } = await (await put(randomUUID(), jpeg)).json();
		const ok = await server.request(`/api/attachments/${id}`, {
			method: 'PUT',
			cookie: ahmed,
			headers: { 'content-type': 'image/jpeg', 'x-content-sha256': sha256 },
			body: jpeg
		});
		expect(ok.status).toBe(200);
	});

	it('needs a session', async () => {
		expect((await put(randomUUID(), jpeg, 'image/jpeg', '')).status).toBe(401);
	});
});

describe('photo download', () => {
	it('ends with access to the referral: a support officer taken off the Member’s list gets 404', async () => {
		const jones = await server.login('support.jones');
		const admin = await server.login('admin');
		const id = randomUUID();
		expect((await put(id, jpeg, 'image/jpeg', jones)).status).toBe(200);
		// Keyed in by the support officer on the Member's behalf, with the photo she uploaded.
		const create = createMutation({
			payload: createPayload({ photoIds: [id], onBehalfOf: 'user-cllr-ahmed' })
		});
		const pushed = await (await server.push(jones, [create])).json();
		expect(pushed.results[0].status).toBe('applied');
		expect((await server.request(`/api/attachments/${id}`, { cookie: jones })).status).toBe(200);

		const off = await server.request('/api/admin/users/user-support-jones/supports', {
			method: 'PUT',
			cookie: admin,
			json: { memberIds: ['user-cllr-brown'] }
		});
		expect(off.status).toBe(200);
		expect(
			(await server.request(`/api/referrals/${create.referralId}`, { cookie: jones })).status
		).toBe(404);
		const photo = await server.request(`/api/attachments/${id}`, { cookie: jones });
		expect(photo.status).toBe(404);
		expect(await photo.json()).toMatchObject({ error: 'not_found' });
		// The Member whose referral it is still sees it.
		expect((await server.request(`/api/attachments/${id}`, { cookie: ahmed })).status).toBe(200);
	});

	it('is served no-store, inline with a safe file name, and never sniffed as another type', async () => {
		const id = randomUUID();
		await put(id, jpeg);
		const res = await server.request(`/api/attachments/${id}`, { cookie: ahmed });
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.headers.get('content-disposition')).toBe(`inline; filename="photo-${id}.jpg"`);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		const missing = await server.request(`/api/attachments/${randomUUID()}`, { cookie: ahmed });
		expect(missing.headers.get('cache-control')).toBe('no-store');
	});

	it('gives the bytes to the uploader and to whoever may see the referral, 404 to others', async () => {
		const id = randomUUID();
		await put(id, jpeg, 'image/png');
		const mine = await server.request(`/api/attachments/${id}`, { cookie: ahmed });
		expect(mine.status).toBe(200);
		// Served as what the bytes are (a JPEG), not as the type the upload claimed.
		expect(mine.headers.get('content-type')).toBe('image/jpeg');
		expect(new Uint8Array(await mine.arrayBuffer())).toEqual(jpeg);

		const officer = await server.login('officer.highways');
		const brown = await server.login('cllr.brown');
		expect((await server.request(`/api/attachments/${id}`, { cookie: officer })).status).toBe(404);

		await server.push(ahmed, [createMutation({ payload: createPayload({ photoIds: [id] }) })]);
		expect((await server.request(`/api/attachments/${id}`, { cookie: officer })).status).toBe(200);
		expect((await server.request(`/api/attachments/${id}`, { cookie: brown })).status).toBe(404);
		expect(
			(await server.request(`/api/attachments/${randomUUID()}`, { cookie: ahmed })).status
		).toBe(404);
	});
});

describe('what a photo must be', () => {
	it('refuses a file that has a photo’s first bytes but does not decode, storing nothing', async () => {
		const truncated = new Uint8Array(tinyJpeg.subarray(0, tinyJpeg.length - 20));
		const corrupt = new Uint8Array(tinyPng);
		corrupt[corrupt.length - 20] ^= 0xff;
		const headerOnly = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
		for (const [bytes, type] of [
			[truncated, 'image/jpeg'],
			[corrupt, 'image/png'],
			[headerOnly, 'image/jpeg']
		] as const) {
			const res = await put(randomUUID(), bytes, type);
			expect(res.status).toBe(415);
			expect(await res.json()).toEqual({
				error: 'unsupported_media_type',
				message: 'That photo is damaged and cannot be shown. Take it again.'
			});
		}
		expect(
			(server.sqlite.prepare('select count(*) as n from attachments').get() as { n: number }).n
		).toBe(0);
	});

	it('refuses a small file that would decode to too many pixels', async () => {
		const huge = await sharp({
			create: { width: 8000, height: 7000, channels: 3, background: '#ffffff' }
		})
			.jpeg()
			.toBuffer();
		expect(huge.length).toBeLessThan(1024 * 1024);
		const res = await put(randomUUID(), new Uint8Array(huge));
		expect(res.status).toBe(415);
		expect((await res.json()).message).toBe(
			'That photo has too many pixels. Take it again at a lower resolution.'
		);
	});
});

describe('photos not yet in a referral', () => {
	const countStored = () =>
		(server.sqlite.prepare('select count(*) as n from attachments').get() as { n: number }).n;

	it('a user may hold 60 by default; the 61st is refused with 413 and a reason, then fits once some are attached', async () => {
		const ids = Array.from({ length: 61 }, () => randomUUID());
		for (const [i, id] of ids.slice(0, 60).entries())
			expect((await put(id, numberedJpeg(i))).status).toBe(200);
		const over = await put(ids[60], numberedJpeg(60));
		expect(over.status).toBe(413);
		expect(await over.json()).toEqual({
			error: 'photo_quota',
			message:
				'Wardline already holds 60 of your photos that are not yet part of a referral (at most 60, or 100 MB). Let the referrals they belong to send first; this photo will be sent after them.'
		});
		// Sending one again (the tablet retrying) is not a new photo: still fine.
		expect((await put(ids[0], numberedJpeg(0))).status).toBe(200);
		// Others are not affected by one user's photos.
		const brown = await server.login('cllr.brown');
		expect((await put(randomUUID(), jpeg, 'image/jpeg', brown)).status).toBe(200);
		// Once a referral takes some of them, there is room again.
		const pushed = await server.push(ahmed, [
			createMutation({ payload: createPayload({ photoIds: ids.slice(0, 6) }) })
		]);
		expect((await pushed.json()).results[0].status).toBe('applied');
		expect((await put(ids[60], numberedJpeg(60))).status).toBe(200);
	});

	it('counts bytes as well as photos', async () => {
		server.close();
		server = createTestServer({
			config: { unattachedPhotoLimit: { count: 60, bytes: 2 * numberedJpeg(0).length } }
		});
		ahmed = await server.login('cllr.ahmed');
		expect((await put(randomUUID(), numberedJpeg(0))).status).toBe(200);
		expect((await put(randomUUID(), numberedJpeg(1))).status).toBe(200);
		const over = await put(randomUUID(), numberedJpeg(2));
		expect(over.status).toBe(413);
		expect((await over.json()).error).toBe('photo_quota');
	});

	it('uploads sent at once cannot beat the limit', async () => {
		server.close();
		server = createTestServer({ config: { unattachedPhotoLimit: { count: 3, bytes: 1e9 } } });
		ahmed = await server.login('cllr.ahmed');
		const answers = await Promise.all(
			Array.from({ length: 10 }, (_, i) => put(randomUUID(), numberedJpeg(i)))
		);
		expect(answers.filter((res) => res.status === 200)).toHaveLength(3);
		expect(answers.filter((res) => res.status === 413)).toHaveLength(7);
		expect(countStored()).toBe(3);
	});

	it('are deleted a day after upload; photos in a referral stay', async () => {
		const attached = randomUUID();
		const loose = randomUUID();
		const recent = randomUUID();
		await put(attached, numberedJpeg(1));
		await put(loose, numberedJpeg(2));
		await server.push(ahmed, [
			createMutation({ payload: createPayload({ photoIds: [attached] }) })
		]);
		server.clock.advance(23 * 3_600_000);
		ahmed = await server.login('cllr.ahmed'); // the session idled out meanwhile
		expect((await put(recent, numberedJpeg(3))).status).toBe(200);
		expect(runHousekeeping({ db: server.db, clock: server.clock.read }).photos).toBe(0);
		server.clock.advance(3_600_000 + 1);
		expect(runHousekeeping({ db: server.db, clock: server.clock.read }).photos).toBe(1);
		const left = server.sqlite.prepare('select id from attachments order by id').all();
		expect(left).toEqual(
			[{ id: attached }, { id: recent }].sort((a, b) => a.id.localeCompare(b.id))
		);
	});
});
