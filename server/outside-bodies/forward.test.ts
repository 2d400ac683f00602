// Forwarding to an outside body through a real SMTP server: the resident's details go only to a
// body their consent names; otherwise the problem and its location, with their details taken out.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, mailOutbox } from '../db/schema.ts';
import { createMailTestServer, type MailTestServer } from '../mail/testing/mail-test-kit.ts';
import { createTestServer } from '../testing/test-server.ts';

let t: MailTestServer;
let water: string;
let county: string;

async function addBody(name: string, email: string, dealsWith: string): Promise<string> {
	const res = await t.server.request('/api/admin/outside-bodies', {
		method: 'POST',
		cookie: t.cookies.admin,
		json: { name, email, dealsWith }
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

beforeEach(async () => {
	t = await createMailTestServer();
	await t.setPreference(t.cookies.officer, { routed: 'off' });
	await t.setPreference(t.cookies.member, { answered: 'off' });
	water = await addBody('Yorkshire Water', 'referrals@water.example.co.uk', 'Burst mains, sewers');
	county = await addBody('County Council', 'highways@county.example.gov.uk', 'Trunk roads');
});
afterEach(async () => {
	await t.close();
});

const description =
	'Water pouring from the road outside 12 Warwick Road; Mary Smith on 01228 496000';

async function forward(referralId: string, outsideBodyId: string, cookie = t.cookies.officer) {
	return t.server.request(`/api/referrals/${referralId}/forwards`, {
		method: 'POST',
		cookie,
		json: { outsideBodyId }
	});
}

describe('forwarding to an outside body', () => {
	it('sends the resident’s details only to a body their consent names', async () => {
		const { id, reference } = await t.capture({
			description,
			resident: {
				name: 'Mary Smith',
				phone: '01228 496000',
				email: 'mary@example.com',
				consentToShare: true,
				shareWithBodyIds: [water]
			}
		});
		const view = await t.server.request(`/api/referrals/${id}/forwards`, {
			cookie: t.cookies.officer
		});
		expect(view.status).toBe(200);
		expect(((await view.json()) as { bodies: unknown[] }).bodies).toEqual([
			{ id: county, name: 'County Council', dealsWith: 'Trunk roads', consented: false },
			{ id: water, name: 'Yorkshire Water', dealsWith: 'Burst mains, sewers', consented: true }
		]);

		expect((await forward(id, water)).status).toBe(201);
		expect((await forward(id, county)).status).toBe(201);
		await t.deliver();
		const [toWater] = t.smtp.received.filter((m) => m.to.includes('referrals@water.example.co.uk'));
		expect(toWater.subject).toBe(`Referral ${reference} from the council: Pothole, Warwick Road`);
		expect(toWater.text).toContain(description);
		expect(toWater.text).toContain('Name: Mary Smith');
		expect(toWater.text).toContain('E-mail: mary@example.com');
		const [toCounty] = t.smtp.received.filter((m) =>
			m.to.includes('highways@county.example.gov.uk')
		);
		expect(toCounty.text).toContain('Where: 12 Warwick Road, Carlisle, CA1 1AA');
		expect(toCounty.text).toContain('has not agreed to share their details with County Council');
		for (const word of ['Mary', 'Smith', '01228', 'mary@example.com'])
			expect(toCounty.text).not.toContain(word);

		// Who sent what to whom: timeline and audit. The sent content is not kept here.
		const referral = (await (
			await t.server.request(`/api/referrals/${id}`, { cookie: t.cookies.member })
		).json()) as { timeline: { text: string; by: string }[] };
		const forwarded = referral.timeline.filter((e) => e.text.startsWith('Forwarded to'));
		expect(forwarded.map((e) => [e.by, e.text])).toEqual([
			[
				'Priya Patel (Highways)',
				'Forwarded to Yorkshire Water: with the resident’s details, as they agreed'
			],
			[
				'Priya Patel (Highways)',
				'Forwarded to County Council: the problem and its location only (the resident did not agree to share their details with them)'
			]
		]);
		const audits = t.server.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'forward'))
			.all()
			.map((a) => [a.userId, a.detail]);
		expect(audits).toEqual([
			[
				'user-officer-highways',
				'to Yorkshire Water <referrals@water.example.co.uk>: problem, location and resident details (consent)'
			],
			[
				'user-officer-highways',
				'to County Council <highways@county.example.gov.uk>: problem and location only (no consent for this body)'
			]
		]);
		const kept = t.server.db.select({ body: mailOutbox.body }).from(mailOutbox).all();
		expect(kept.every((row) => !row.body.includes('Mary'))).toBe(true);
	});

	it('forwards a referral with consent in words only (an older tablet’s) as problem and location', async () => {
		const { id } = await t.capture({
			description,
			resident: { name: 'Mary Smith', consentToShare: true, shareWith: 'the water company' }
		});
		const view = (await (
			await t.server.request(`/api/referrals/${id}/forwards`, { cookie: t.cookies.officer })
		).json()) as { consentText: string; bodies: { consented: boolean }[] };
		expect(view.consentText).toBe('the water company');
		expect(view.bodies.every((b) => !b.consented)).toBe(true);
		expect((await forward(id, water)).status).toBe(201);
		await t.deliver();
		expect(t.smtp.received[0].text).not.toContain('Mary');
	});

	it('records the body’s own reference on the referral', async () => {
		const { id } = await t.capture();
		const made = (await (await forward(id, water)).json()) as { id: string };
		const res = await t.server.request(`/api/referrals/${id}/forwards/${made.id}`, {
			method: 'PATCH',
			cookie: t.cookies.officer,
			json: { bodyReference: 'YW-778812' }
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			bodyReference: 'YW-778812',
			outsideBodyName: 'Yorkshire Water'
		});
		const referral = (await (
			await t.server.request(`/api/referrals/${id}`, { cookie: t.cookies.officer })
		).json()) as { timeline: { text: string }[] };
		expect(referral.timeline.at(-1)?.text).toBe('Yorkshire Water’s reference for it: YW-778812');
	});

	it('refuses what it cannot do, with a reason, and changes nothing', async () => {
		const { id } = await t.capture();
		expect((await forward(id, water, t.cookies.member)).status).toBe(403);
		expect((await forward(id, 'body-nobody')).status).toBe(400);
		await t.server.request(`/api/admin/outside-bodies/${county}`, {
			method: 'PATCH',
			cookie: t.cookies.admin,
			json: { active: false }
		});
		const retired = await forward(id, county);
		expect(retired.status).toBe(400);
		expect(((await retired.json()) as { message: string }).message).toContain(
			'no longer on the list'
		);
		// An unknown body id in the consent is refused, and the referral is not taken.
		const create = await t.server.push(t.cookies.member, [
			{
				id: crypto.randomUUID(),
				referralId: crypto.randomUUID(),
				kind: 'create',
				payload: {
					wardId: 'ward-belah',
					categoryId: 'cat-pothole',
					channel: 'surgery',
					urgency: 'routine',
					description: 'x',
					location: { address: 'Mill Lane', postcode: 'CA1 2AB' },
					resident: { name: 'A B', consentToShare: true, shareWithBodyIds: ['body-made-up'] },
					capturedAt: '2026-03-02T08:30:00.000Z'
				},
				createdAt: '2026-03-02T08:31:00.000Z'
			}
		]);
		expect(((await create.json()) as { results: { status: string }[] }).results[0].status).toBe(
			'rejected'
		);
		expect(t.server.db.select().from(mailOutbox).all()).toHaveLength(0);
	});
});

it('says forwarding needs e-mail when no relay is set up', async () => {
	const server = createTestServer();
	try {
		const admin = await server.login('admin');
		const body = (await (
			await server.request('/api/admin/outside-bodies', {
				method: 'POST',
				cookie: admin,
				json: { name: 'Police', email: 'ops@police.example.uk' }
			})
		).json()) as { id: string };
		const member = await server.login('cllr.ahmed');
		const { createMutation } = await import('../testing/test-server.ts');
		const create = createMutation();
		await server.push(member, [create]);
		const res = await server.request(`/api/referrals/${create.referralId}/forwards`, {
			method: 'POST',
			cookie: await server.login('officer.highways'),
			json: { outsideBodyId: body.id }
		});
		expect(res.status).toBe(409);
		expect(((await res.json()) as { message: string }).message).toContain('not set up');
	} finally {
		server.close();
	}
});
