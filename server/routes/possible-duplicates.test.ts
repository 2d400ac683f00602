import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { referrals } from '../db/schema.ts';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
beforeEach(() => {
	server = createTestServer();
});
afterEach(() => server.close());

const pin = { lat: 54.9045, lng: -2.953 };

/** Cllr Ahmed's pothole outside 12 Warwick Road, with a pin; returns its id and reference. */
async function aPothole(overrides: Parameters<typeof createPayload>[0] = {}) {
	const create = createMutation({
		payload: createPayload({
			location: { address: '12 Warwick Road, Carlisle', postcode: 'CA1 1AA', ...pin },
			...overrides
		})
	});
	const pushed = await (await server.push(await server.login('cllr.ahmed'), [create])).json();
	return { id: create.referralId, reference: pushed.results[0].referral.reference as string };
}

async function ask(username: string, query: string) {
	const res = await server.request(`/api/possible-duplicates?${query}`, {
		cookie: await server.login(username)
	});
	expect(res.status).toBe(200);
	return (await res.json()).duplicates;
}

describe('possible duplicates', () => {
	it('names another Member’s open referral on the same street, without the resident or house number', async () => {
		const pothole = await aPothole();
		const seen = await ask('cllr.brown', 'categoryId=cat-pothole&address=40+Warwick+Rd');
		expect(seen).toEqual([
			{
				id: null,
				reference: pothole.reference,
				categoryId: 'cat-pothole',
				street: 'Warwick Road',
				createdAt: '2026-03-02T09:00:00.000Z',
				reason: 'street'
			}
		]);
		expect(JSON.stringify(seen)).not.toMatch(/Mary|12|pothole outside/i);
		// Its owner may open it.
		expect((await ask('cllr.ahmed', 'categoryId=cat-pothole&postcode=ca11aa'))[0]).toMatchObject({
			id: pothole.id,
			reason: 'postcode'
		});
	});

	it('finds one within 50 m by its pin, and none of another category, closed, or over 30 days old', async () => {
		const pothole = await aPothole();
		const near = await ask(
			'cllr.brown',
			`categoryId=cat-pothole&address=Other+Lane&lat=${pin.lat + 0.0003}&lng=${pin.lng}`
		);
		expect(near).toMatchObject([{ reference: pothole.reference, reason: 'nearby', metres: 33 }]);
		expect(
			await ask(
				'cllr.brown',
				`categoryId=cat-pothole&address=Other+Lane&lat=${pin.lat + 0.0006}&lng=${pin.lng}`
			)
		).toEqual([]);
		expect(await ask('cllr.brown', 'categoryId=cat-graffiti&address=Warwick+Road')).toEqual([]);
		server.db.update(referrals).set({ status: 'closed' }).where(eq(referrals.id, pothole.id)).run();
		expect(await ask('cllr.brown', 'categoryId=cat-pothole&address=Warwick+Road')).toEqual([]);
		await aPothole();
		server.clock.advance(31 * 86_400_000);
		expect(await ask('cllr.brown', 'categoryId=cat-pothole&address=Warwick+Road')).toEqual([]);
	});

	it('for a referral, lists the others but not itself, to those who may see it', async () => {
		const first = await aPothole();
		const second = await aPothole({ description: 'Same hole, reported again' });
		const officer = await server.login('officer.highways');
		const res = await server.request(`/api/possible-duplicates/${second.id}`, { cookie: officer });
		expect((await res.json()).duplicates).toMatchObject([
			{ id: first.id, reason: 'nearby', metres: 0 }
		]);
		const other = await server.request(`/api/possible-duplicates/${second.id}`, {
			cookie: await server.login('cllr.brown')
		});
		expect(other.status).toBe(404);
	});

	it('needs a category, and lat with lng', async () => {
		const member = await server.login('cllr.brown');
		expect(
			(await server.request('/api/possible-duplicates?address=x', { cookie: member })).status
		).toBe(400);
		expect(
			(
				await server.request('/api/possible-duplicates?categoryId=cat-pothole&lat=54.9', {
					cookie: member
				})
			).status
		).toBe(400);
	});
});
