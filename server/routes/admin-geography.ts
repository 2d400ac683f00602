// Admin: the council's geography (issue 15). POST a ward boundary file (GeoJSON) or a postcode
// lookup (CSV) as the request body; `?check=1` reads it and reports without changing anything.
// Only text/csv and (geo+)JSON bodies: neither can be sent cross-site without CORS asking first.
import { count, desc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { ImportReport } from '#domain/geography-import';
import type { AppDeps } from '../context.ts';
import { geographyImports, postcodes, users, wardBoundaries, wards } from '../db/schema.ts';
import { geographyVersions } from '../geography/geography-store.ts';
import { importPostcodes } from '../geography/postcode-import.ts';
import { importWardBoundaries } from '../geography/ward-boundaries-import.ts';
import { ApiError } from '../http/errors.ts';
import { adminRouter } from './admin-common.ts';

const mediaType = (c: Context) =>
	(c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();

function requireType(c: Context, allowed: string[], what: string): void {
	if (!allowed.includes(mediaType(c)))
		throw new ApiError(
			415,
			'unsupported_media_type',
			`Send the ${what} as ${allowed.join(' or ')}.`
		);
}

/** "code:wardId" pairs from `?link=`: the admin's choice of ward for a code on a first import. */
function linksOf(c: Context): Map<string, string> {
	const links = new Map<string, string>();
	for (const pair of c.req.queries('link') ?? []) {
		const [code, wardId] = pair.split(':');
		if (!code || !wardId) throw new ApiError(400, 'bad_request', `“${pair}” is not code:wardId.`);
		links.set(code.trim(), wardId.trim());
	}
	return links;
}

function answer(c: Context, report: ImportReport) {
	if (!report.problem && report.refusedCount === 0) return c.json({ report }, 200);
	const message =
		report.problem ??
		`${report.refusedCount} of ${report.read} ${report.kind === 'wards' ? 'wards' : 'rows'} ${report.refusedCount === 1 ? 'was' : 'were'} refused, so nothing was changed. Correct them and import the file again.`;
	return c.json({ error: 'refused', message, report }, 400);
}

export function adminGeographyRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => {
			const postcodeCounts = new Map(
				deps.db
					.select({ wardId: postcodes.wardId, n: count() })
					.from(postcodes)
					.groupBy(postcodes.wardId)
					.all()
					.map((row) => [row.wardId, row.n])
			);
			const wardRows = deps.db
				.select({
					id: wards.id,
					name: wards.name,
					code: wards.code,
					active: wards.active,
					boundary: wardBoundaries.wardId
				})
				.from(wards)
				.leftJoin(wardBoundaries, eq(wardBoundaries.wardId, wards.id))
				.orderBy(wards.name)
				.all()
				.map(({ boundary, ...ward }) => ({
					...ward,
					hasBoundary: boundary !== null,
					postcodes: postcodeCounts.get(ward.id) ?? 0
				}));
			const imports = deps.db
				.select({
					id: geographyImports.id,
					kind: geographyImports.kind,
					at: geographyImports.at,
					by: users.displayName,
					report: geographyImports.report
				})
				.from(geographyImports)
				.leftJoin(users, eq(users.id, geographyImports.byUserId))
				.orderBy(desc(geographyImports.id))
				.limit(10)
				.all()
				.map(({ report, ...row }) => {
					const r = report as ImportReport;
					return { ...row, by: row.by ?? 'Wardline (demo)', read: r.read, matched: r.matched };
				});
			return c.json({ versions: geographyVersions(deps.db), wards: wardRows, imports }, 200);
		})
		.post('/wards', async (c) => {
			requireType(c, ['application/geo+json', 'application/json'], 'ward boundaries');
			const text = await c.req.text();
			const report = importWardBoundaries(deps, c.get('user'), text, {
				apply: c.req.query('check') !== '1',
				links: linksOf(c)
			});
			return answer(c, report);
		})
		.post('/postcodes', async (c) => {
			requireType(c, ['text/csv'], 'postcode lookup');
			const body = c.req.raw.body;
			if (!body) throw new ApiError(400, 'bad_request', 'Send the postcode file as the body.');
			const report = await importPostcodes(deps, c.get('user'), body, {
				apply: c.req.query('check') !== '1'
			});
			return answer(c, report);
		});
}
