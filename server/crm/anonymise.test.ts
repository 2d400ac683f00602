import { describe, expect, it } from 'vitest';
import {
	postcodeDistrict,
	publicAddress,
	redact,
	roughCoordinate,
	streetOnly
} from './anonymise.ts';

describe('streetOnly', () => {
	it.each([
		['12 Warwick Road, Carlisle', 'Warwick Road'],
		['12a Warwick Road', 'Warwick Road'],
		['12-14 Warwick Road, Carlisle', 'Warwick Road'],
		['Flat 3, 27 Scotch Street, Carlisle', 'Scotch Street'],
		['Flat 3 27 Scotch Street', 'Scotch Street'],
		['Rose Cottage, Mill Lane, Carlisle', 'Mill Lane'],
		['5 Botchergate, Carlisle', 'Botchergate'],
		['Outside the school gates, London Road CA1 2AB', 'London Road'],
		['Junction of A595 and Newtown Road', 'Junction of A595 and Newtown Road']
	])('%s -> %s', (address, street) => {
		expect(streetOnly(address)).toBe(street);
	});

	it.each([['Rose Cottage, Carlisle'], ['42'], ['Flat 3']])(
		'%s has no street it can safely keep',
		(address) => {
			expect(streetOnly(address)).toBeNull();
		}
	);
});

describe('publicAddress and coordinates', () => {
	it('keeps the street and the postcode district only', () => {
		expect(publicAddress('12 Warwick Road, Carlisle', 'ca1 1aa')).toBe('Warwick Road, CA1');
		expect(publicAddress('Rose Cottage', 'CA3 9QX')).toBe('CA3');
		expect(postcodeDistrict('SW1A2AA')).toBe('SW1A');
	});

	it('rounds coordinates to about a hundred metres', () => {
		expect(roughCoordinate(54.891234)).toBe(54.891);
		expect(roughCoordinate(null)).toBeNull();
	});
});

describe('redact', () => {
	const resident = {
		names: ['Mary Smith'],
		details: ['01228 496000', 'mary@example.com', '7 Oak Street']
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

	it('leaves the problem itself readable', () => {
		expect(redact('Pothole 30 cm deep since 2026-02-01 near the A595', resident)).toBe(
			'Pothole 30 cm deep since 2026-02-01 near the A595'
		);
		expect(redact('Lights out outside 12 Warwick Road', resident)).toBe(
			'Lights out outside [removed] Warwick Road'
		);
	});
});
