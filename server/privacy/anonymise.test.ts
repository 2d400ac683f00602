import { describe, expect, it } from 'vitest';
import {
	placeReader,
	publicAddress,
	publicPlace,
	redact,
	roughCoordinate,
	type StoredLocation
} from './anonymise.ts';

// Addresses of every shape the street rule handles (src/lib/domain/street.test.ts has each one's street).
const streets: [string][] = [
	['12 Warwick Road, Carlisle'],
	['Flat 3, 27 Scotch Street, Carlisle'],
	['Flat A 12 Warwick Road'],
	['Block B, Rowan Court'],
	['Rear of 40 Greystone Road, Carlisle'],
	['Outside the school gates, London Road CA1 2AB'],
	['Junction of A595 and Newtown Road'],
	['Park House, Mill Lane'],
	['5 Botchergate, Carlisle'],
	['12-14 CHURCH STREET'],
	['3rd Avenue']
];

const live = (address: string, postcode = 'CA1 1AA'): StoredLocation => ({
	address,
	postcode,
	personalDataRemovedAt: null
});

describe('the public place of a referral', () => {
	it('is the street and the postcode district, or either alone', () => {
		expect(publicAddress(publicPlace(live('12 Warwick Road, Carlisle', 'ca1 1aa')))).toBe(
			'Warwick Road, CA1'
		);
		expect(publicAddress(publicPlace(live('Rose Cottage', 'CA3 9QX')))).toBe('CA3');
		expect(publicAddress(publicPlace(live('Mill Lane', 'somewhere')))).toBe('Mill Lane');
	});

	it('reads the same after erasure kept only that place, so the figures do not change', () => {
		for (const [address] of [...streets, ['Rose Cottage, Carlisle'], ['The Willows']]) {
			const before = publicPlace(live(address));
			const erased = {
				address: before.street ?? '',
				postcode: before.district,
				personalDataRemovedAt: '2028-03-02T09:00:00.000Z'
			};
			expect(publicPlace(erased), address).toEqual(before);
		}
	});

	it('still drops numbers and house names from a row erased under an older policy', () => {
		const erased = (address: string) => ({
			address,
			postcode: 'CA1',
			personalDataRemovedAt: '2026-01-01T00:00:00.000Z'
		});
		expect(publicPlace(erased('12 Warwick Road')).street).toBe('Warwick Road');
		expect(publicPlace(erased('Rose Cottage')).street).toBeNull();
	});

	it('placeReader answers as publicPlace does', () => {
		const read = placeReader();
		for (const [address] of streets)
			for (let i = 0; i < 2; i += 1)
				expect(read(live(address))).toEqual(publicPlace(live(address)));
	});

	it('rounds coordinates to about a hundred metres', () => {
		expect(roughCoordinate(54.891234)).toBe(54.891);
		expect(roughCoordinate(null)).toBeNull();
	});
});

describe('redact', () => {
	const resident = {
		names: ['Mary Smith'],
		addresses: ['7 Oak Street', '221B Baker Street, Carlisle'],
		contacts: ['01228 496000', 'mary@example.com']
	};

	it("takes out the resident's known details and anything shaped like contact details", () => {
		const text =
			'Mrs Smith (mary@example.com, 01228 496000) says the drain at 7 Oak Street floods; ' +
			'her neighbour on 07700 900123 or bob@example.org agrees. Mary saw it at no. 9 too.';
		const out = redact(text, resident);
		for (const secret of ['Smith', 'Mary', 'mary@', '496000', '7 Oak', '07700', 'bob@', 'no. 9'])
			expect(out).not.toContain(secret);
		expect(out).toContain('says the drain at [removed] floods');
	});

	it('takes out a house number of theirs on its own, flats and full postcodes', () => {
		expect(redact('The drain outside 221B is blocked, and at number 7', resident)).toBe(
			'The drain outside [removed] is blocked, and at number [removed]'
		);
		expect(redact('Water from Flat 2 reaches CA1 1AA', resident)).toBe(
			'Water from [removed] reaches [removed]'
		);
	});

	it('leaves the problem itself readable', () => {
		expect(redact('Pothole 30 cm deep since 2026-02-01 near the A595', resident)).toBe(
			'Pothole 30 cm deep since 2026-02-01 near the A595'
		);
		expect(redact('Lights out outside 12 Warwick Road', resident)).toBe(
			'Lights out outside [removed] Warwick Road'
		);
	});
});
