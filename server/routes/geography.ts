// The council's geography for every signed-in user's tablet (issue 15): a small summary to compare
// versions with, then the boundaries and the postcode lookup, downloaded only when they changed.
import { count } from 'drizzle-orm';
import { Hono } from 'hono';
import type { BoundariesResponse, GeographySummary, PostcodesResponse } from '#domain/geography';
import type { z } from 'zod/mini';
import type { AppDeps, AppEnv } from '../context.ts';
import { postcodes, wardBoundaries } from '../db/schema.ts';
import { boundaryRows, geographyVersions, postcodeRows } from '../geography/geography-store.ts';
import { requireSession } from '../http/session-middleware.ts';

export function geographyRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', (c) => {
			const versions = geographyVersions(deps.db);
			const body: GeographySummary = {
				boundariesVersion: versions.boundaries,
				postcodesVersion: versions.postcodes,
				wards: deps.db.select({ n: count() }).from(wardBoundaries).get()?.n ?? 0,
				postcodes: deps.db.select({ n: count() }).from(postcodes).get()?.n ?? 0,
				tileUrl: deps.config.mapTileUrl
			};
			return c.json(body, 200);
		})
		.get('/boundaries', (c) => {
			const body: z.infer<typeof BoundariesResponse> = {
				version: geographyVersions(deps.db).boundaries,
				wards: boundaryRows(deps.db)
			};
			return c.json(body, 200);
		})
		.get('/postcodes', (c) => {
			const body: z.infer<typeof PostcodesResponse> = {
				version: geographyVersions(deps.db).postcodes,
				postcodes: postcodeRows(deps.db)
			};
			return c.json(body, 200);
		});
}
