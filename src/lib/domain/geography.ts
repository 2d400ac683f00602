// Which ward a point is in, and how far apart two points are: the same answer on the tablet
// (no signal) and on the server (the check on arrival). Pure; the geometry is turf's, which
// handles holes, multi-part wards and points on an edge, so we keep no geometry code of our own.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as z from 'zod/mini';

export type WardGeometry = Polygon | MultiPolygon;
/** [west, south, east, north] in degrees. */
export type Bbox = number[];

export interface WardBoundary {
	wardId: string;
	geometry: WardGeometry;
	bbox: Bbox;
}

export interface LatLng {
	lat: number;
	lng: number;
}

export function bboxOf(geometry: WardGeometry): Bbox {
	const box = [Infinity, Infinity, -Infinity, -Infinity];
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	for (const polygon of polygons)
		for (const ring of polygon)
			for (const [lng, lat] of ring as Position[]) {
				if (lng < box[0]) box[0] = lng;
				if (lat < box[1]) box[1] = lat;
				if (lng > box[2]) box[2] = lng;
				if (lat > box[3]) box[3] = lat;
			}
	return box;
}

const inBox = (box: Bbox, { lat, lng }: LatLng) =>
	lng >= box[0] && lng <= box[2] && lat >= box[1] && lat <= box[3];

/**
 * Finds the ward of a point among the council's boundaries. A point on the line between two
 * wards is in both; the first in the given order wins (callers pass in-use wards first).
 */
export class WardLocator {
	readonly #boundaries: WardBoundary[];

	constructor(boundaries: WardBoundary[]) {
		this.#boundaries = boundaries;
	}

	get size(): number {
		return this.#boundaries.length;
	}

	wardAt(point: LatLng): string | null {
		for (const boundary of this.#boundaries)
			if (
				inBox(boundary.bbox, point) &&
				booleanPointInPolygon([point.lng, point.lat], boundary.geometry)
			)
				return boundary.wardId;
		return null;
	}

	boundaryOf(wardId: string): WardBoundary | undefined {
		return this.#boundaries.find((b) => b.wardId === wardId);
	}
}

/** Great-circle distance in metres. */
export function metresBetween(a: LatLng, b: LatLng): number {
	return distance([a.lng, a.lat], [b.lng, b.lat], { units: 'meters' });
}

const Position2 = z.array(z.number());
const Ring = z.array(Position2);
export const WardGeometry = z.union([
	z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) })
]);

/** GET /api/geography: what the tablet compares with its copy before downloading either part. */
export const GeographySummary = z.object({
	/** The import ids of the boundaries and the postcode lookup; null: never imported. */
	boundariesVersion: z.nullable(z.number()),
	postcodesVersion: z.nullable(z.number()),
	wards: z.number(),
	postcodes: z.number(),
	/** MAP_TILE_URL, e.g. https://tiles.example.gov.uk/{z}/{x}/{y}.png; null: SVG only. */
	tileUrl: z.nullable(z.string())
});
export type GeographySummary = z.infer<typeof GeographySummary>;

/** GET /api/geography/boundaries: a ward's boundary, simplified, with its id and name. */
export const BoundaryRow = z.object({
	wardId: z.string(),
	code: z.nullable(z.string()),
	name: z.string(),
	active: z.boolean(),
	/** [west, south, east, north]. */
	bbox: z.array(z.number()),
	geometry: WardGeometry
});
export type BoundaryRow = z.infer<typeof BoundaryRow>;
export const BoundariesResponse = z.object({
	version: z.nullable(z.number()),
	wards: z.array(BoundaryRow)
});

/** GET /api/geography/postcodes: one row per postcode (no z.tuple: it would join the first page). */
export const PostcodeRow = z.object({
	postcode: z.string(),
	lat: z.number(),
	lng: z.number(),
	wardId: z.string(),
	street: z.nullable(z.string())
});
export type PostcodeRow = z.infer<typeof PostcodeRow>;
export const PostcodesResponse = z.object({
	version: z.nullable(z.number()),
	postcodes: z.array(PostcodeRow)
});
