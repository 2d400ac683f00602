import { describe, expect, it } from 'vitest';
import { postcodeDistrict, streetKey, streetOf } from './street.ts';

const streets: [string, string][] = [
	['12 Warwick Road, Carlisle', 'Warwick Road'],
	['12a Warwick Road', 'Warwick Road'],
	['221B Baker Street', 'Baker Street'],
	['12-14 Warwick Road, Carlisle', 'Warwick Road'],
	['Warwick Road 12', 'Warwick Road'],
	['Flat 3, 27 Scotch Street, Carlisle', 'Scotch Street'],
	['Flat 3 27 Scotch Street', 'Scotch Street'],
	['Flat A 12 Warwick Road', 'Warwick Road'],
	['Apartment 12b, 4-6 London Road', 'London Road'],
	['Block B, Rowan Court', 'Rowan Court'],
	['Outside 14 Mill Lane', 'Mill Lane'],
	['Opposite 3 Church Street, Carlisle', 'Church Street'],
	['Rear of 40 Greystone Road, Carlisle', 'Greystone Road'],
	['Outside the school gates, London Road CA1 2AB', 'London Road'],
	['Junction of A595 and Newtown Road', 'A595 and Newtown Road'],
	['Rose Cottage, Mill Lane, Carlisle', 'Mill Lane'],
	['Park House, Mill Lane', 'Mill Lane'],
	['Bus shelter, Park Road', 'Park Road'],
	['5 Botchergate, Carlisle', 'Botchergate'],
	['Flat 3, 22 Botchergate, Carlisle', 'Botchergate'],
	['12-14 CHURCH STREET', 'Church Street'],
	['school lane', 'School Lane'],
	['3rd Avenue', '3rd Avenue']
];

describe('streetOf keeps the street and drops what points at a household', () => {
	it.each(streets)('%s gives %s', (address, street) => {
		expect(streetOf(address)).toBe(street);
	});

	it.each([
		['Rose Cottage'],
		['Rose Cottage, Carlisle'],
		// A part that neither names a street nor follows a number may be a house's name.
		['The Willows, Carlisle'],
		['Oak Hall'],
		['Botchergate'],
		['42'],
		['Flat 3'],
		['15'],
		['']
	])('%s has no street it can safely show', (address) => {
		expect(streetOf(address)).toBeNull();
	});
});

describe('postcodeDistrict gives the outward code only', () => {
	it.each([
		['LS1 4AP', 'LS1'],
		['ls14ap', 'LS1'],
		['ca1 1aa', 'CA1'],
		['SW1A 2AA', 'SW1A'],
		['SW1A2AA', 'SW1A'],
		['M1 1AE', 'M1'],
		['CA2', 'CA2'],
		['not a postcode', '']
	])('%s gives %s', (postcode, district) => {
		expect(postcodeDistrict(postcode)).toBe(district);
	});
});

describe('streetKey matches a street however it was typed', () => {
	it('treats abbreviations and the town as the same street', () => {
		expect(streetKey('12 Scotch St')).toBe(streetKey('Scotch Street, Carlisle'));
		expect(streetKey('Rear of 40 greystone rd')).toBe(streetKey('Greystone Road'));
		expect(streetKey('4 Mill Lane')).not.toBe(streetKey('4 Mill Road'));
	});

	it('has no key where no street can be shown', () => {
		expect(streetKey('12-14')).toBeNull();
		expect(streetKey('Rose Cottage')).toBeNull();
	});
});
