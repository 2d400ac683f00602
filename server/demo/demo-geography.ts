// The demo's geography: made-up, simplified boundaries for the twelve demo wards around Carlisle
// (a jittered 4 x 3 grid whose neighbours share every edge, one ward with an enclave of another
// in a hole) and a postcode lookup of 80 streets per ward, each postcode's point inside its ward.
// Deterministic (seeded PRNG); the seed imports it through the same code as an admin's files.
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { WardLocator, bboxOf, type WardGeometry } from '#domain/geography';
import type { AppDeps } from '../context.ts';
import { createRandom, streetNames, streetTypes } from './generate-referrals.ts';
import { applyPostcodes, PostcodeReader, wardIdsByCode } from '../geography/postcode-import.ts';
import { importWardBoundaries } from '../geography/ward-boundaries-import.ts';

/** The demo wards as laid out on the grid, north row first (names as server/demo/seed.ts has them). */
const layout = [
	['Sandsfield', 'Belah', 'Stanwix', 'Botcherby'],
	['Yewdale', 'Newtown', 'Castle', 'Harraby'],
	['Morton', 'Denton Holme', 'Currock', 'Upperby']
];
const alphabetical = layout.flat().sort();
/** Not real ONS codes (E05999…), so the demo can never be mistaken for a council's file. */
export const demoWardCode = (name: string) =>
	`E05999${String(alphabetical.indexOf(name) + 1).padStart(3, '0')}`;

const west = -2.99;
const north = 54.919;
const cellLng = 0.03;
const cellLat = 0.018;

/** Places the tests and the demo history rely on: the postcode, its street and its ward. */
export const demoFixedPlaces: { ward: string; street: string; postcode: string }[] = [
	{ ward: 'Belah', street: 'Warwick Road', postcode: 'CA1 1AA' },
	{ ward: 'Botcherby', street: 'Greystone Road', postcode: 'CA2 4NF' },
	{ ward: 'Castle', street: 'Lowther Street', postcode: 'CA3 8DA' },
	{ ward: 'Castle', street: 'Scotch Street', postcode: 'CA3 8PY' }
];

export interface DemoPlace {
	street: string;
	postcode: string;
	lat: number;
	lng: number;
}

export interface DemoGeography {
	boundaries: FeatureCollection<Polygon | MultiPolygon>;
	/** Postcode file rows: postcode, latitude, longitude, ward_code, street. */
	postcodeCsv: string[][];
	/** Each ward's streets, by ward name. */
	places: Map<string, DemoPlace[]>;
}

function buildBoundaries(random: () => number): Map<string, WardGeometry> {
	const rows = layout.length;
	const cols = layout[0].length;
	// Grid vertices, jittered (the outer ones along the council's edge too).
	const vertex: Position[][] = [];
	for (let r = 0; r <= rows; r += 1) {
		vertex.push([]);
		for (let c = 0; c <= cols; c += 1)
			vertex[r].push([
				west + c * cellLng + (random() - 0.5) * 0.008,
				north - r * cellLat + (random() - 0.5) * 0.005
			]);
	}
	// Each edge gets three wobbly points, made once so both wards on it share them exactly.
	const edges = new Map<string, Position[]>();
	const edge = (a: [number, number], b: [number, number]): Position[] => {
		const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
		const key = forward ? `${a}-${b}` : `${b}-${a}`;
		let points = edges.get(key);
		if (!points) {
			const [from, to] = forward ? [a, b] : [b, a];
			const [x0, y0] = vertex[from[0]][from[1]];
			const [x1, y1] = vertex[to[0]][to[1]];
			points = [0.25, 0.5, 0.75].map((t) => {
				const wobble = (random() - 0.5) * 0.12;
				// Perpendicular to the edge, scaled in degrees of each axis.
				return [x0 + (x1 - x0) * t - (y1 - y0) * wobble, y0 + (y1 - y0) * t + (x1 - x0) * wobble];
			});
			edges.set(key, points);
		}
		return forward ? points : [...points].reverse();
	};
	const geometries = new Map<string, WardGeometry>();
	for (let r = 0; r < rows; r += 1)
		for (let c = 0; c < cols; c += 1) {
			// Counter-clockwise (RFC 7946): north-west, south-west, south-east, north-east.
			const corners: [number, number][] = [
				[r, c],
				[r + 1, c],
				[r + 1, c + 1],
				[r, c + 1]
			];
			const ring: Position[] = [];
			corners.forEach((corner, i) => {
				ring.push(vertex[corner[0]][corner[1]], ...edge(corner, corners[(i + 1) % 4]));
			});
			ring.push(ring[0]);
			geometries.set(layout[r][c], { type: 'Polygon', coordinates: [ring] });
		}
	// An enclave: a small piece of Stanwix inside Castle, drawn as a hole in Castle.
	const castle = geometries.get('Castle') as Polygon;
	const [cx, cy] = centre(castle);
	const square: Position[] = [
		[cx - 0.002, cy - 0.0012],
		[cx + 0.002, cy - 0.0012],
		[cx + 0.002, cy + 0.0012],
		[cx - 0.002, cy + 0.0012],
		[cx - 0.002, cy - 0.0012]
	];
	castle.coordinates.push([...square].reverse());
	const stanwix = geometries.get('Stanwix') as Polygon;
	geometries.set('Stanwix', { type: 'MultiPolygon', coordinates: [stanwix.coordinates, [square]] });
	return geometries;
}

function centre(polygon: Polygon): Position {
	const [w, s, e, n] = bboxOf(polygon);
	return [(w + e) / 2, (s + n) / 2];
}

const letters = 'ABDEFGHJLNPQRSTUWXYZ';

let built: DemoGeography | null = null;

/** Built once per process: it is the same every time, and every test server seeds it. */
export function demoGeography(): DemoGeography {
	built ??= buildDemoGeography();
	return built;
}

function buildDemoGeography(): DemoGeography {
	const random = createRandom(1570);
	const geometries = buildBoundaries(random);
	const features: Feature<Polygon | MultiPolygon>[] = alphabetical.map((name) => ({
		type: 'Feature',
		properties: { WD24CD: demoWardCode(name), WD24NM: name, LAD24NM: 'Carlisle (demo)' },
		geometry: geometries.get(name) as Polygon | MultiPolygon
	}));
	const locator = new WardLocator(
		alphabetical.map((name) => {
			const geometry = geometries.get(name) as WardGeometry;
			return { wardId: name, geometry, bbox: bboxOf(geometry) };
		})
	);
	const usedPostcodes = new Set(demoFixedPlaces.map((p) => p.postcode));
	const places = new Map<string, DemoPlace[]>();
	const rows: string[][] = [['postcode', 'latitude', 'longitude', 'ward_code', 'street']];
	alphabetical.forEach((name, index) => {
		const district = `CA${(index % 6) + 1}`;
		const [w, s, e, n] = bboxOf(geometries.get(name) as WardGeometry);
		// A point inside the ward (not its hole), with about 80 m of the same ward all round it.
		const pointIn = (): { lat: number; lng: number } => {
			for (;;) {
				const lng = w + (e - w) * (0.15 + random() * 0.7);
				const lat = s + (n - s) * (0.15 + random() * 0.7);
				const round = { lat: Number(lat.toFixed(6)), lng: Number(lng.toFixed(6)) };
				const offsets = [
					[0, 0],
					[0.0012, 0],
					[-0.0012, 0],
					[0, 0.0008],
					[0, -0.0008]
				];
				if (
					offsets.every(
						([dx, dy]) => locator.wardAt({ lat: round.lat + dy, lng: round.lng + dx }) === name
					)
				)
					return round;
			}
		};
		const wardPlaces: DemoPlace[] = demoFixedPlaces
			.filter((p) => p.ward === name)
			.map((p) => ({ street: p.street, postcode: p.postcode, ...pointIn() }));
		const streets = new Set(wardPlaces.map((p) => p.street));
		while (wardPlaces.length < 80) {
			const street = `${streetNames[Math.floor(random() * streetNames.length)]} ${streetTypes[Math.floor(random() * streetTypes.length)]}`;
			if (streets.has(street)) continue;
			const unit = `${Math.floor(random() * 9) + 1}${letters[Math.floor(random() * letters.length)]}${letters[Math.floor(random() * letters.length)]}`;
			const postcode = `${district} ${unit}`;
			if (usedPostcodes.has(postcode)) continue;
			streets.add(street);
			usedPostcodes.add(postcode);
			wardPlaces.push({ street, postcode, ...pointIn() });
		}
		places.set(name, wardPlaces);
		for (const place of wardPlaces)
			rows.push([
				place.postcode,
				String(place.lat),
				String(place.lng),
				demoWardCode(name),
				place.street
			]);
	});
	return { boundaries: { type: 'FeatureCollection', features }, postcodeCsv: rows, places };
}

/**
 * Imports the demo geography as an admin would (the demo wards are matched by name and so get
 * their codes); returns each ward's streets by ward id for the demo history.
 */
export function seedDemoGeography(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	wardIdOf: (name: string) => string
): Map<string, DemoPlace[]> {
	const demo = demoGeography();
	const boundaries = importWardBoundaries(deps, null, JSON.stringify(demo.boundaries), {
		apply: true
	});
	if (!boundaries.applied)
		throw new Error(`The demo boundaries did not import: ${JSON.stringify(boundaries)}`);
	const reader = new PostcodeReader(wardIdsByCode(deps.db));
	demo.postcodeCsv.forEach((record, index) => reader.accept(record, index + 1));
	reader.finish();
	const lookup = applyPostcodes(deps, null, reader, { apply: true });
	if (!lookup.applied)
		throw new Error(`The demo postcodes did not import: ${JSON.stringify(lookup)}`);
	return new Map([...demo.places].map(([name, places]) => [wardIdOf(name), places]));
}
