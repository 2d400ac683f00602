// Importing ward boundaries from GeoJSON as the ONS Open Geography Portal publishes them: a
// FeatureCollection of Polygon/MultiPolygon features whose properties carry WDyyCD/WDyyNM (any
// year) or plain code/name. Every feature is checked first; any refusal means nothing changes.
//
// Matching, in this order: a ward already holding the feature's code; the ward the admin linked
// the code to (only a ward with no code yet: the first import over the demo's or hand-made
// wards); a ward with no code and the same name; else a new ward. A coded ward missing from the
// file is retired (never deleted: its referrals keep it), and comes back if its code returns.
import { simplify } from '@turf/simplify';
import { eq } from 'drizzle-orm';
import { bboxOf, type WardGeometry } from '#domain/geography';
import type { ImportReport, WardMatch } from '#domain/geography-import';
import type { AppDeps, SessionUser } from '../context.ts';
import { geographyImports, postcodes, wardBoundaries, wards } from '../db/schema.ts';
import { recordAdminAction } from '../audit/admin-actions.ts';
import { idFromName, slug } from '../directory/ids.ts';
import { fileProblem, ReportBuilder } from './import-report.ts';

/** About 5 m: invisible on a ward map, and it keeps a district's boundaries to a few hundred KB. */
export const simplifyToleranceDegrees = 0.00005;

export interface BoundaryFeature {
	line: number;
	code: string;
	name: string;
	geometry: WardGeometry;
}

const notGeoJson =
	'The file is not GeoJSON. Download the ward boundaries from the ONS Open Geography Portal as GeoJSON (a FeatureCollection).';

/** The property holding the ward code: WD24CD (the latest year when several), else code. */
function wardProperty(properties: Record<string, unknown>, suffix: 'CD' | 'NM', plain: string) {
	const yearly = Object.keys(properties)
		.filter((key) => new RegExp(`^WD\\d{2}${suffix}$`, 'i').test(key))
		.sort()
		.reverse();
	const key =
		yearly[0] ?? Object.keys(properties).find((k) => k.toLowerCase() === plain) ?? undefined;
	const value = key === undefined ? undefined : properties[key];
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

const isPosition = (p: unknown): p is [number, number] =>
	Array.isArray(p) &&
	p.length >= 2 &&
	typeof p[0] === 'number' &&
	typeof p[1] === 'number' &&
	Number.isFinite(p[0]) &&
	Number.isFinite(p[1]);

/** Why a polygon's rings cannot be taken, or null. */
function ringProblem(rings: unknown, where: string): string | null {
	if (!Array.isArray(rings) || rings.length === 0) return `${where} has no rings`;
	for (const [r, ring] of rings.entries()) {
		const label = `${where}, ${r === 0 ? 'its outer ring' : `hole ${r}`}`;
		if (!Array.isArray(ring) || !ring.every(isPosition))
			return `${label} has a point that is not a pair of numbers`;
		if (ring.length < 4) return `${label} has fewer than 4 points, so it is not an area`;
		if (ring.some(([x, y]) => Math.abs(x) > 180 || Math.abs(y) > 90))
			return `${label} has coordinates that are not longitude and latitude (they look like eastings and northings). Download the GeoJSON in WGS 84 (EPSG:4326)`;
		const [first, last] = [ring[0], ring[ring.length - 1]];
		if (first[0] !== last[0] || first[1] !== last[1])
			return `${label} does not close: its last point is not the same as its first`;
	}
	return null;
}

function geometryProblem(geometry: unknown): string | null {
	if (!geometry || typeof geometry !== 'object') return 'it has no geometry';
	const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
	if (type === 'Polygon') return ringProblem(coordinates, 'its polygon');
	if (type === 'MultiPolygon') {
		if (!Array.isArray(coordinates) || coordinates.length === 0) return 'its polygons are empty';
		for (const [p, polygon] of coordinates.entries()) {
			const problem = ringProblem(polygon, `its polygon ${p + 1}`);
			if (problem) return problem;
		}
		return null;
	}
	return `its geometry is ${typeof type === 'string' ? `a ${type}` : 'of no known type'}; a ward needs a Polygon or MultiPolygon`;
}

/** Reads and checks every feature; refusals go in the report, good features are returned. */
export function readBoundaryFile(
	text: string,
	report: ReportBuilder
): { features: BoundaryFeature[] } | { problem: string } {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return { problem: notGeoJson };
	}
	const collection = json as { type?: unknown; features?: unknown };
	if (
		!json ||
		typeof json !== 'object' ||
		collection.type !== 'FeatureCollection' ||
		!Array.isArray(collection.features)
	)
		return {
			problem:
				'The file is JSON but not a GeoJSON FeatureCollection of wards. Download the ward boundaries from the ONS Open Geography Portal as GeoJSON.'
		};
	const features: BoundaryFeature[] = [];
	const lineOfCode = new Map<string, number>();
	for (const [index, raw] of (collection.features as unknown[]).entries()) {
		const line = index + 1;
		report.read += 1;
		const feature = (raw ?? {}) as { properties?: unknown; geometry?: unknown };
		const properties =
			feature.properties && typeof feature.properties === 'object'
				? (feature.properties as Record<string, unknown>)
				: {};
		const code = wardProperty(properties, 'CD', 'code');
		const name = wardProperty(properties, 'NM', 'name');
		const label = name ? `Feature ${line} (${name})` : `Feature ${line}`;
		if (!code) {
			report.refuse(line, `${label} has no ward code: give it a WD24CD (or code) property`);
			continue;
		}
		if (!/^[A-Za-z0-9]{1,20}$/.test(code)) {
			report.refuse(line, `${label} has the ward code “${code}”, which is not an ONS code`);
			continue;
		}
		if (!name) {
			report.refuse(line, `${label} (${code}) has no ward name: give it a WD24NM (or name)`);
			continue;
		}
		const problem = geometryProblem(feature.geometry);
		if (problem) {
			report.refuse(line, `${label}: ${problem}`);
			continue;
		}
		const earlier = lineOfCode.get(code);
		if (earlier !== undefined) {
			report.refuse(line, `${label} has the code ${code}, which feature ${earlier} has too`);
			continue;
		}
		lineOfCode.set(code, line);
		features.push({ line, code, name, geometry: feature.geometry as WardGeometry });
	}
	if (report.read === 0) return { problem: 'The file has no wards in it (no features).' };
	return { features };
}

type WardRow = typeof wards.$inferSelect;

interface Plan {
	matches: (WardMatch & { feature: BoundaryFeature })[];
	retired: WardRow[];
	linkable: WardRow[];
}

/** Decides which ward each feature is, without writing anything. */
function planMatches(
	existing: WardRow[],
	features: BoundaryFeature[],
	links: Map<string, string>,
	report: ReportBuilder
): Plan {
	const byCode = new Map(existing.filter((w) => w.code).map((w) => [w.code as string, w]));
	const uncoded = existing.filter((w) => !w.code);
	const taken = new Set<string>();
	const matches: Plan['matches'] = [];
	for (const feature of features) {
		const coded = byCode.get(feature.code);
		const linkedId = links.get(feature.code);
		let match: WardMatch;
		if (coded) {
			match = { code: feature.code, name: feature.name, wardId: coded.id, how: 'code' };
			if (!coded.active) match.reactivated = true;
			if (coded.name !== feature.name)
				report.notes.push(
					`${feature.code}: the file calls it “${feature.name}”; Wardline keeps the name “${coded.name}” (rename it under Wards if it changed).`
				);
		} else if (linkedId) {
			const ward = uncoded.find((w) => w.id === linkedId);
			if (!ward || taken.has(ward.id)) {
				report.refuse(
					feature.line,
					`Feature ${feature.line} (${feature.name}) is linked to a ward that already has a code or another link`
				);
				continue;
			}
			match = { code: feature.code, name: feature.name, wardId: ward.id, how: 'link' };
		} else {
			const sameName = uncoded.find((w) => !taken.has(w.id) && slug(w.name) === slug(feature.name));
			match = sameName
				? { code: feature.code, name: feature.name, wardId: sameName.id, how: 'name' }
				: { code: feature.code, name: feature.name, wardId: null, how: 'new' };
		}
		if (match.wardId) {
			if (!coded && !existing.find((w) => w.id === match.wardId)?.active) match.reactivated = true;
			taken.add(match.wardId);
		}
		matches.push({ ...match, feature });
	}
	const codes = new Set(features.map((f) => f.code));
	const retired = existing.filter((w) => w.code && w.active && !codes.has(w.code));
	const linkable = uncoded.filter((w) => !taken.has(w.id));
	return { matches, retired, linkable };
}

const withoutFeatures = (matches: Plan['matches']): WardMatch[] =>
	matches.map(({ feature: _feature, ...match }) => ({ ...match }));

function simplified(geometry: WardGeometry): WardGeometry {
	return simplify(geometry, { tolerance: simplifyToleranceDegrees, highQuality: true });
}

/**
 * Checks (apply false) or imports a boundary file. The import is one transaction: every ward,
 * boundary, retirement and the import's own row, or nothing.
 */
export function importWardBoundaries(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	user: SessionUser | null,
	text: string,
	options: { apply: boolean; links?: Map<string, string> }
): ImportReport {
	const report = new ReportBuilder('wards');
	const read = readBoundaryFile(text, report);
	if ('problem' in read) return fileProblem('wards', read.problem);
	const existing = deps.db.select().from(wards).all();
	const plan = planMatches(existing, read.features, options.links ?? new Map(), report);
	report.matched = plan.matches.filter((m) => m.how !== 'new').length;
	const fresh = plan.matches.filter((m) => m.how === 'new').length;
	if (fresh > 0)
		report.notes.push(
			`${fresh} ward${fresh === 1 ? '' : 's'} in the file match no ward in Wardline and will be added. To keep an existing ward's referrals with it, link it to its code instead.`
		);
	for (const ward of plan.linkable.filter((w) => w.active))
		report.notes.push(
			`${ward.name} has no boundary in this file; it stays as it is (retire it under Wards if it no longer exists).`
		);
	const changesWards = fresh > 0 || plan.retired.length > 0;
	if (changesWards && deps.db.select({ p: postcodes.postcode }).from(postcodes).limit(1).get())
		report.notes.push(
			'Wards were added or retired: import the postcode lookup again so postcodes point to the new wards.'
		);
	const extra = {
		wards: withoutFeatures(plan.matches),
		retired: plan.retired.map((w) => ({ wardId: w.id, name: w.name })),
		linkable: plan.linkable.map((w) => ({ wardId: w.id, name: w.name }))
	};
	if (!report.ok || !options.apply) return report.build(false, extra);

	const at = deps.clock().toISOString();
	return deps.db.transaction((tx) => {
		const ids = new Set(existing.map((w) => w.id));
		const importRow = tx
			.insert(geographyImports)
			.values({ kind: 'wards', at, byUserId: user?.id ?? null, report: {} })
			.returning({ id: geographyImports.id })
			.get();
		for (const match of plan.matches) {
			let wardId = match.wardId;
			if (!wardId) {
				wardId = idFromName('ward', match.name, (id) => ids.has(id));
				ids.add(wardId);
				tx.insert(wards).values({ id: wardId, name: match.name, code: match.code }).run();
				match.wardId = wardId;
			} else
				tx.update(wards).set({ code: match.code, active: true }).where(eq(wards.id, wardId)).run();
			const geometry = simplified(match.feature.geometry);
			const [minLng, minLat, maxLng, maxLat] = bboxOf(geometry);
			const values = { geometry, minLng, minLat, maxLng, maxLat, importId: importRow.id };
			tx.insert(wardBoundaries)
				.values({ wardId, ...values })
				.onConflictDoUpdate({ target: wardBoundaries.wardId, set: values })
				.run();
		}
		for (const ward of plan.retired)
			tx.update(wards).set({ active: false }).where(eq(wards.id, ward.id)).run();
		const done = report.build(true, { ...extra, wards: withoutFeatures(plan.matches) });
		tx.update(geographyImports)
			.set({ report: done })
			.where(eq(geographyImports.id, importRow.id))
			.run();
		// On better-sqlite3 the audit row's write joins this transaction.
		if (user)
			recordAdminAction(deps, user, 'geography.wards.import', {
				importId: importRow.id,
				read: report.read,
				matched: report.matched,
				added: fresh,
				retired: plan.retired.map((w) => w.id)
			});
		return done;
	});
}
