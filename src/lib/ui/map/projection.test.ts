import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { fitMap, forD3, tilesFor } from './projection.ts';
import { geoMercator } from 'd3-geo';

// A ward of about 2 km around Carlisle, its outer ring counter-clockwise as GeoJSON has it.
const ward: Polygon = {
	type: 'Polygon',
	coordinates: [
		[
			[-2.96, 54.88],
			[-2.93, 54.88],
			[-2.93, 54.9],
			[-2.96, 54.9],
			[-2.96, 54.88]
		]
	]
};
const row = {
	wardId: 'w',
	code: null,
	name: 'W',
	active: true,
	bbox: [-2.96, 54.88, -2.93, 54.9],
	geometry: ward
};

describe('ward maps', () => {
	it('turn GeoJSON rings round for d3, which would otherwise draw the world but the ward', () => {
		const outer = (forD3(ward) as Polygon).coordinates[0];
		expect(outer[1]).toEqual([-2.96, 54.9]);
		const map = fitMap([row], { width: 400, height: 300, margin: 10 });
		const numbers = map.shapes[0].d.match(/-?\d+(\.\d+)?/g)!.map(Number);
		// The ward fills the view inside the margin; the whole world would run far outside it.
		expect(Math.min(...numbers)).toBeGreaterThanOrEqual(9.9);
		expect(Math.max(...numbers)).toBeLessThanOrEqual(390.1);
		const [x, y] = map.project(54.89, -2.945) ?? [0, 0];
		expect(x).toBeCloseTo(200, 0);
		expect(y).toBeGreaterThan(10);
	});

	it('lay XYZ tiles exactly under the projection', () => {
		// At scale 256 / 2π the world is one 256 px tile: zoom 0, tile 0/0/0 at the world's corner.
		const projection = geoMercator()
			.scale(256 / (2 * Math.PI))
			.translate([128, 128]);
		expect(tilesFor(projection, 256, 256, 'https://t/{z}/{x}/{y}.png')).toEqual([
			{ key: '0/0/0', href: 'https://t/0/0/0.png', x: 0, y: 0, size: 256 }
		]);
		const zoomed = geoMercator()
			.scale((256 * 2 ** 14) / (2 * Math.PI))
			.center([-2.94, 54.89])
			.translate([200, 150]);
		const tiles = tilesFor(zoomed, 400, 300, 'https://t/{z}/{x}/{y}.png');
		expect(new Set(tiles.map((t) => t.key.split('/')[0]))).toEqual(new Set(['14']));
		expect(tiles.every((t) => t.size === 256)).toBe(true);
		expect(tiles.length).toBeGreaterThanOrEqual(4);
	});
});
