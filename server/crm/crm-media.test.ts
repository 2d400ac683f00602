import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrmKit, type CrmKit } from '../testing/crm-test-kit.ts';
import { numberedJpeg } from '../testing/test-photos.ts';
import { createPayload } from '../testing/test-server.ts';
import { crmMediaSecret, mediaLink, type CrmMediaSettings } from './crm-media.ts';
import { CrmWorker } from './crm-worker.ts';
import { removePersonalDetails } from '../privacy/remove-personal-details.ts';
import { findReferral } from '../referrals/store.ts';
import { Open311Client } from './open311-client.ts';

const publicUrl = 'https://wardline.example.gov.uk';
const day = 24 * 60 * 60_000;

let kit: CrmKit;
let cookie: string;
let media: CrmMediaSettings;
beforeEach(async () => {
	kit = await createCrmKit();
	cookie = await kit.server.login('cllr.ahmed');
	media = { publicUrl, secret: crmMediaSecret(kit.server.db, null), days: 30 };
});
afterEach(() => kit.close());

function worker(client: Open311Client = kit.client) {
	const created = new CrmWorker({
		db: kit.server.db,
		sqlite: kit.server.sqlite,
		client,
		clock: kit.server.clock.read,
		random: () => 0.5,
		media
	});
	return created;
}

async function upload(n: number): Promise<string> {
	const id = randomUUID();
	const res = await kit.server.request(`/api/attachments/${id}`, {
		method: 'PUT',
		cookie,
		headers: { 'content-type': 'image/jpeg' },
		body: numberedJpeg(n)
	});
	expect(res.status).toBe(200);
	return id;
}

/** A referral with two photos, sent to the CRM; the form the CRM was posted. */
async function sendWithPhotos(consentToShare: boolean, client?: Open311Client) {
	const photoIds = [await upload(1), await upload(2)];
	const base = createPayload();
	await kit.capture(1, { photoIds, resident: { ...base.resident, consentToShare } });
	expect((await worker(client).tick()).delivered).toBe(1);
	const post = kit.double.calls.find((c) => c.method === 'POST');
	if (!post) throw new Error('nothing was posted');
	return { photoIds, form: post.form };
}

/** The path and query of a link, for the test server (which answers any origin). */
const pathOf = (link: string) => {
	const url = new URL(link);
	expect(url.origin).toBe(publicUrl);
	return `${url.pathname}${url.search}`;
};

const fetchLink = (link: string) => kit.server.request(pathOf(link));

const photoAudits = () =>
	kit.server.sqlite
		.prepare("select user_id, detail from audit_log where action = 'crm_photo'")
		.all() as { user_id: string; detail: string }[];

const shareAudit = () =>
	(
		kit.server.sqlite.prepare("select detail from audit_log where action = 'crm_share'").get() as {
			detail: string;
		}
	).detail;

describe('photos sent to the CRM as media_url', () => {
	it('with consent: the first photo as media_url, the others on a "More photos" line', async () => {
		const { photoIds, form } = await sendWithPhotos(true);
		const mediaUrl = form.get('media_url') ?? '';
		expect(mediaUrl).toMatch(
			new RegExp(`^${publicUrl}/api/crm-media/${photoIds[0]}\\?exp=\\d+&sig=[\\w-]+$`)
		);
		const exp = Number(new URL(mediaUrl).searchParams.get('exp'));
		expect(exp * 1000).toBe(kit.server.clock.read().getTime() + 30 * day);
		const more = /^More photos: (.+)$/m.exec(form.get('description') ?? '')?.[1];
		expect(more).toMatch(new RegExp(`^${publicUrl}/api/crm-media/${photoIds[1]}\\?exp=`));
		expect(kit.double.requests[0].description).toContain('More photos: ');
		expect(shareAudit()).toMatch(/with consent: .*, 2 photo links \(media_url\)$/);
	});

	it('without consent: no photo at all', async () => {
		const { form } = await sendWithPhotos(false);
		expect(form.has('media_url')).toBe(false);
		expect(form.get('description')).not.toContain('crm-media');
		expect(shareAudit()).not.toMatch(/photo/);
	});

	it('no "More photos" line where the description has no room, media_url still', async () => {
		const tight = new Open311Client({
			baseUrl: kit.double.url,
			apiKey: 'test-key',
			format: 'xml',
			timeoutMs: 2000,
			descriptionLimit: 200
		});
		const { form } = await sendWithPhotos(true, tight);
		expect(form.get('media_url')).toContain('/api/crm-media/');
		expect(form.get('description')).not.toContain('More photos');
	});
});

describe('GET /api/crm-media/:id (the CRM fetching a photo)', () => {
	it('serves the photo to a good link with no session, and audits the fetch', async () => {
		const { form } = await sendWithPhotos(true);
		const res = await fetchLink(form.get('media_url') ?? '');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(res.headers.get('cache-control')).toBe('private, no-store');
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(numberedJpeg(1));
		expect(photoAudits()).toEqual([
			{ user_id: 'system:crm', detail: expect.stringContaining("fetched by the council's CRM") }
		]);
	});

	it('403 with a clear message for a tampered, borrowed, missing or expired signature', async () => {
		const { photoIds, form } = await sendWithPhotos(true);
		const link = new URL(form.get('media_url') ?? '');
		const sig = link.searchParams.get('sig') ?? '';
		const exp = link.searchParams.get('exp') ?? '';
		const tampered = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
		const cases = [
			`/api/crm-media/${photoIds[0]}?exp=${exp}&sig=${tampered}`,
			// The first photo's signature does not open the second.
			`/api/crm-media/${photoIds[1]}?exp=${exp}&sig=${sig}`,
			// Nor a later expiry.
			`/api/crm-media/${photoIds[0]}?exp=${Number(exp) + 1}&sig=${sig}`,
			`/api/crm-media/${photoIds[0]}`
		];
		for (const path of cases) {
			const res = await kit.server.request(path);
			expect(res.status, path).toBe(403);
			expect(await res.json()).toMatchObject({
				error: 'bad_signature',
				message: expect.stringMatching(/photo link/)
			});
		}
		kit.server.clock.advance(30 * day);
		const expired = await fetchLink(link.href);
		expect(expired.status).toBe(403);
		expect(((await expired.json()) as { message: string }).message).toMatch(/expired/);
		expect(photoAudits()).toEqual([]);
	});

	it('404 once the photo is erased (the resident asked for their details to be removed)', async () => {
		const { form } = await sendWithPhotos(true);
		const [referralId] = kit.outbox().map((r) => r.referral_id);
		const referral = findReferral(kit.server.db, referralId);
		if (!referral) throw new Error('no referral');
		const deps = { ...kit.server, clock: kit.server.clock.read, ids: () => randomUUID() };
		removePersonalDetails(deps, referral, 'request', 'user-admin');
		const res = await fetchLink(form.get('media_url') ?? '');
		expect(res.status).toBe(404);
		expect(((await res.json()) as { message: string }).message).toMatch(/no longer holds/);
	});

	it('never serves a photo not sent to the CRM, even with a good signature', async () => {
		// A photo in no referral, and one whose referral went without consent.
		const loose = await upload(9);
		const { photoIds } = await sendWithPhotos(false);
		for (const id of [loose, photoIds[0]]) {
			const res = await fetchLink(mediaLink(media, id, kit.server.clock.read()));
			expect(res.status).toBe(404);
		}
		expect(photoAudits()).toEqual([]);
	});
});
