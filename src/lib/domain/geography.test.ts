import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { bboxOf, metresBetween, WardLocator, type WardGeometry } from './geography.ts';

// Two wards side by side sharing the line lng = 0; West has a hole that is an enclave of East.
const square = (w: number, s: number, e: number, n: number) => [
	[w, s],
	[e, s],
	[e, n],
	[w, n],
	[w, s]
];
const west: Polygon = {
	type: 'Polygon',
	coordinates: [square(-1, 0, 0, 1), square(-0.6, 0.4, -0.4, 0.6).reverse()]
};
const east: WardGeometry = {
	type: 'MultiPolygon',
	coordinates: [[square(0, 0, 1, 1)], [square(-0.6, 0.4, -0.4, 0.6)]]
};
const locator = new WardLocator([
	{ wardId: 'west', geometry: west, bbox: bboxOf(west) },
	{ wardId: 'east', geometry: east, bbox: bboxOf(east) }
]);

describe('the ward of a point', () => {
	it('is the ward whose boundary holds it', () => {
		expect(locator.wardAt({ lng: -0.8, lat: 0.2 })).toBe('west');
		expect(locator.wardAt({ lng: 0.5, lat: 0.5 })).toBe('east');
	});

	it('in a hole is the ward the hole belongs to, not the ward around it', () => {
		expect(locator.wardAt({ lng: -0.5, lat: 0.5 })).toBe('east');
	});

	it('on the line between two wards is the first of them, and on the outer edge is the ward', () => {
		expect(locator.wardAt({ lng: 0, lat: 0.5 })).toBe('west');
		expect(locator.wardAt({ lng: -1, lat: 0.5 })).toBe('west');
		expect(locator.wardAt({ lng: 1, lat: 1 })).toBe('east');
		// The hole's edge is an edge of both wards: the first listed wins there too.
		expect(locator.wardAt({ lng: -0.6, lat: 0.5 })).toBe('west');
	});

	it('outside every ward is none, even inside a box around them all', () => {
		expect(locator.wardAt({ lng: 1.01, lat: 0.5 })).toBeNull();
		expect(locator.wardAt({ lng: -0.5, lat: -0.0001 })).toBeNull();
		expect(new WardLocator([]).wardAt({ lng: 0, lat: 0 })).toBeNull();
	});
});

describe('distances', () => {
	it('are in metres over the earth', () => {
		// A thousandth of a degree of latitude is about 111 m.
		expect(metresBetween({ lat: 54.89, lng: -2.93 }, { lat: 54.891, lng: -2.93 })).toBeCloseTo(
			111.2,
			0
		);
	});
});
