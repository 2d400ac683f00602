// Ward maps with no tile server: d3-geo's Web Mercator fitted to the wards, drawn as SVG paths.
// Web Mercator (not the British National Grid) because it is what raster tiles use, so a
// council's MAP_TILE_URL lines up under the same projection without any datum conversion.
import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { BoundaryRow, WardGeometry } from '$lib/domain/geography.ts';

/** Planar signed area of a ring in degrees: positive when counter-clockwise. */
function signedArea(ring: Position[]): number {
	let sum = 0;
	for (let i = 0; i < ring.length - 1; i += 1)
		sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	return sum / 2;
}

/**
 * d3-geo works on the sphere and takes an outer ring to run clockwise (RFC 7946 GeoJSON runs
 * counter-clockwise): given the other way, a ward would be drawn as the whole world but the ward.
 */
export function forD3(geometry: WardGeometry): WardGeometry {
	const fix = (rings: Position[][]) =>
		rings.map((ring, i) => {
			const clockwise = signedArea(ring) < 0;
			return (i === 0) === clockwise ? ring : [...ring].reverse();
		});
	return geometry.type === 'Polygon'
		? { type: 'Polygon', coordinates: fix(geometry.coordinates) }
		: { type: 'MultiPolygon', coordinates: geometry.coordinates.map(fix) };
}

export interface MapTile {
	key: string;
	href: string;
	x: number;
	y: number;
	size: number;
}

/** The XYZ tiles covering a width x height view under this Mercator projection. */
export function tilesFor(
	projection: GeoProjection,
	width: number,
	height: number,
	template: string
): MapTile[] {
	const k = projection.scale();
	const [tx, ty] = projection.translate();
	const world = 2 * Math.PI * k;
	const z = Math.max(0, Math.min(19, Math.round(Math.log2(world / 256))));
	const n = 2 ** z;
	const size = world / n;
	const left = tx - world / 2;
	const top = ty - world / 2;
	const tiles: MapTile[] = [];
	for (let x = Math.floor(-left / size); x * size + left < width; x += 1)
		for (let y = Math.floor(-top / size); y * size + top < height; y += 1)
			if (x >= 0 && y >= 0 && x < n && y < n)
				tiles.push({
					key: `${z}/${x}/${y}`,
					href: template
						.replace('{z}', String(z))
						.replace('{x}', String(x))
						.replace('{y}', String(y)),
					x: x * size + left,
					y: y * size + top,
					size
				});
	return tiles;
}

export interface WardShape {
	wardId: string;
	name: string;
	active: boolean;
	d: string;
	centre: [number, number];
}

export interface FittedMap {
	shapes: WardShape[];
	project: (lat: number, lng: number) => [number, number] | null;
	tiles: MapTile[];
}

/** Fits the projection to `focus` (default: all wards) inside the view, with a margin. */
export function fitMap(
	rows: BoundaryRow[],
	options: {
		width: number;
		height: number;
		margin?: number;
		focus?: BoundaryRow[];
		tileUrl?: string | null;
	}
): FittedMap {
	const { width, height, margin = 8 } = options;
	const feature = (row: BoundaryRow): Feature => ({
		type: 'Feature',
		properties: {},
		geometry: forD3(row.geometry)
	});
	const focus: FeatureCollection = {
		type: 'FeatureCollection',
		features: (options.focus ?? rows).map(feature)
	};
	const projection = geoMercator().fitExtent(
		[
			[margin, margin],
			[width - margin, height - margin]
		],
		focus
	);
	const path = geoPath(projection);
	return {
		shapes: rows.map((row) => {
			const f = feature(row);
			return {
				wardId: row.wardId,
				name: row.name,
				active: row.active,
				d: path(f) ?? '',
				centre: path.centroid(f)
			};
		}),
		project: (lat, lng) => projection([lng, lat]),
		tiles: options.tileUrl ? tilesFor(projection, width, height, options.tileUrl) : []
	};
}
