import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { WardLocator, bboxOf } from '#domain/geography';
import { demoGeography } from '../demo/demo-geography.ts';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let member: string;
beforeEach(async () => {
	server = createTestServer();
	member = await server.login('cllr.ahmed');
});
afterEach(() => server.close());

const place = (ward: string) => {
	const { lat, lng } = demoGeography().places.get(ward)?.[10] ?? { lat: 0, lng: 0 };
	return { lat, lng };
};
const locator = new WardLocator(
	demoGeography().boundaries.features.map((f) => ({
		wardId: String(f.properties?.WD24NM),
		geometry: f.geometry,
		bbox: bboxOf(f.geometry)
	}))
);

/** Pushes a referral filed under Belah and returns it as the support officer sees it. */
async function filedInBelah(location: {
	address: string;
	postcode: string;
	lat?: number;
	lng?: number;
}) {
	const create = createMutation({ payload: createPayload({ wardId: 'ward-belah', location }) });
	const pushed = await (await server.push(member, [create])).json();
	expect(pushed.results[0].status).toBe('applied');
	const support = await server.login('support.jones');
	return (await server.request(`/api/referrals/${create.referralId}`, { cookie: support })).json();
}

describe('the check of a referral’s location on arrival', () => {
	it('finds nothing to flag when its pin is in its ward', async () => {
		const referral = await filedInBelah({
			address: '1 Warwick Road',
			postcode: 'CA1 1AA',
			...place('Belah')
		});
		expect(referral.locationCheck).toEqual({
			wardId: 'ward-belah',
			basis: 'pin',
			outsideWard: false
		});
		expect(referral.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'routed']);
	});

	it('flags a pin in another ward for the support officer, with a note, and still takes the referral', async () => {
		const referral = await filedInBelah({
			address: '1 Lowther Street',
			postcode: 'CA1 1AA',
			...place('Castle')
		});
		expect(referral.status).toBe('routed');
		expect(referral.locationCheck).toEqual({
			wardId: 'ward-castle',
			basis: 'pin',
			outsideWard: true
		});
		expect(referral.timeline.at(-1)).toMatchObject({
			kind: 'comment',
			by: 'Wardline',
			text: 'Check the ward: this referral was filed under Belah, but its pin is in Castle ward.'
		});
		const list = await (
			await server.request('/api/referrals', { cookie: await server.login('support.jones') })
		).json();
		expect(list.referrals[0].locationCheck.outsideWard).toBe(true);
	});

	it('goes by the postcode lookup when there is no pin', async () => {
		const referral = await filedInBelah({ address: '3 Lowther Street', postcode: 'ca3 8da' });
		expect(referral.locationCheck).toEqual({
			wardId: 'ward-castle',
			basis: 'postcode',
			outsideWard: true
		});
		expect(referral.timeline.at(-1).text).toBe(
			'Check the ward: this referral was filed under Belah, but its postcode CA3 8DA is in Castle ward.'
		);
	});

	it('gives a pin a few metres over the line the benefit of the doubt, but not one well over it', async () => {
		// Belah's east edge is Stanwix's west edge: the middle point of that edge, moved east.
		const ring = (
			demoGeography().boundaries.features.find((f) => f.properties?.WD24NM === 'Belah')
				?.geometry as Polygon
		).coordinates[0];
		const [lng, lat] = ring[10];
		const near = { lat, lng: lng + 0.00025 }; // about 16 m
		const far = { lat, lng: lng + 0.004 };
		expect([locator.wardAt(near), locator.wardAt(far)]).toEqual(['Stanwix', 'Stanwix']);
		expect(
			(await filedInBelah({ address: 'Edge Road', postcode: 'CA1 1AA', ...near })).locationCheck
				.outsideWard
		).toBe(false);
		expect(
			(await filedInBelah({ address: 'Edge Road', postcode: 'CA1 1AA', ...far })).locationCheck
				.outsideWard
		).toBe(true);
	});

	it('checks nothing for a postcode the lookup does not have', async () => {
		const referral = await filedInBelah({ address: '1 Briggate', postcode: 'LS1 4AP' });
		expect(referral.locationCheck).toBeUndefined();
	});
});
