// Reading the council's geography: the versions tablets compare, the boundaries and postcode
// lookup they download, and a ward locator kept per boundary version (built once, not per call).
import { asc, desc, eq, max, sql } from 'drizzle-orm';
import {
	WardLocator,
	type BoundaryRow,
	type PostcodeRow,
	type WardGeometry
} from '#domain/geography';
import type { Db } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { geographyImports, postcodes, wardBoundaries, wards } from '../db/schema.ts';

// Prepared once: the check of every arriving referral asks these (see server/db/prepared.ts).
const statements = preparedOnce((db: Db) => ({
	latest: db
		.select({ id: max(geographyImports.id) })
		.from(geographyImports)
		.where(eq(geographyImports.kind, sql.placeholder('kind')))
		.prepare(),
	postcode: db
		.select()
		.from(postcodes)
		.where(eq(postcodes.postcode, sql.placeholder('postcode')))
		.prepare()
}));

export function geographyVersions(db: Db): { boundaries: number | null; postcodes: number | null } {
	const { latest } = statements(db);
	return {
		boundaries: latest.get({ kind: 'wards' })?.id ?? null,
		postcodes: latest.get({ kind: 'postcodes' })?.id ?? null
	};
}

export function boundaryRows(db: Db): BoundaryRow[] {
	return db
		.select({
			wardId: wards.id,
			code: wards.code,
			name: wards.name,
			active: wards.active,
			geometry: wardBoundaries.geometry,
			minLng: wardBoundaries.minLng,
			minLat: wardBoundaries.minLat,
			maxLng: wardBoundaries.maxLng,
			maxLat: wardBoundaries.maxLat
		})
		.from(wardBoundaries)
		.innerJoin(wards, eq(wards.id, wardBoundaries.wardId))
		.orderBy(desc(wards.active), asc(wards.name))
		.all()
		.map((row) => ({
			wardId: row.wardId,
			code: row.code,
			name: row.name,
			active: row.active,
			bbox: [row.minLng, row.minLat, row.maxLng, row.maxLat],
			geometry: row.geometry as WardGeometry
		}));
}

export function postcodeRows(db: Db): PostcodeRow[] {
	return db
		.select()
		.from(postcodes)
		.orderBy(asc(postcodes.postcode))
		.all()
		.map(({ postcode, lat, lng, wardId, street }) => ({ postcode, lat, lng, wardId, street }));
}

export function lookupPostcode(db: Db, postcode: string) {
	return statements(db).postcode.get({ postcode });
}

const locators = new WeakMap<Db, { version: number | null; locator: WardLocator }>();

/** In-use wards first, so a point on the line between an old and a new ward finds the new. */
export function wardLocator(db: Db): WardLocator {
	const version = geographyVersions(db).boundaries;
	const cached = locators.get(db);
	if (cached && cached.version === version) return cached.locator;
	const locator = new WardLocator(boundaryRows(db));
	locators.set(db, { version, locator });
	return locator;
}
