import { describe, expect, it } from 'vitest';
import { postcodeDistrict, streetOf } from './anonymise.ts';

describe('streetOf keeps the street and drops what points at a household', () => {
	it.each([
		['12 Warwick Road, Carlisle', 'Warwick Road'],
		['12a Warwick Road', 'Warwick Road'],
		['221B Baker Street', 'Baker Street'],
		['Flat 3, 22 Botchergate, Carlisle', 'Botchergate'],
		['Flat 3 22 Botchergate', 'Botchergate'],
		['Apartment 12b, 4-6 London Road', 'London Road'],
		['Outside 14 Mill Lane', 'Mill Lane'],
		['Opposite 3 Church Street, Carlisle', 'Church Street'],
		['Rose Cottage, Scaleby Lane', 'Scaleby Lane'],
		['Rose Cottage', 'Unknown street'],
		['Bus shelter, Park Road', 'Park Road'],
		['12-14 CHURCH STREET', 'Church Street'],
		['Warwick Road 12', 'Warwick Road'],
		['School Lane', 'School Lane'],
		['15', 'Unknown street'],
		['', 'Unknown street']
	])('%s gives %s', (address, street) => {
		expect(streetOf(address)).toBe(street);
	});
});

describe('postcodeDistrict gives the outward code only', () => {
	it.each([
		['LS1 4AP', 'LS1'],
		['ls14ap', 'LS1'],
		['SW1A 2AA', 'SW1A'],
		['M1 1AE', 'M1'],
		['CA2 4NF', 'CA2'],
		['CA2', 'CA2'],
		['not a postcode', '']
	])('%s gives %s', (postcode, district) => {
		expect(postcodeDistrict(postcode)).toBe(district);
	});
});
