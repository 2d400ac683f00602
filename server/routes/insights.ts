// GET /api/insights and /api/insights/hotspots: anonymised figures for any signed-in role. No
// audit rows: nothing personal is read out (see server/insights/anonymised-referrals.ts).
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { unwrap } from '../http/outcome.ts';
import { requireSession } from '../http/session-middleware.ts';
import { findHotspots } from '../insights/hotspots.ts';
import { checkFilters } from '../insights/filters.ts';
import { HotspotsQuery, InsightsQuery, parseQuery, resolvePeriod } from '../insights/period.ts';
import { buildInsights } from '../insights/report.ts';

export function insightsRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', async (c) => {
			const query = unwrap(parseQuery(InsightsQuery, c.req.query()));
			const now = deps.clock();
			const period = unwrap(resolvePeriod(query, now));
			unwrap(checkFilters(deps.db, query));
			const user = c.get('user');
			c.header('Cache-Control', 'no-store');
			if (!deps.readers) return c.json(buildInsights(deps.db, period, query, user, now), 200);
			// Built on a reader thread (WARDLINE_READERS), off the event loop.
			const filters = { wardId: query.wardId, categoryId: query.categoryId };
			const { json } = await deps.readers.run({
				kind: 'insights',
				period,
				filters,
				viewer: user,
				now
			});
			return c.body(json, 200, { 'Content-Type': 'application/json' });
		})
		.get('/hotspots', (c) => {
			const query = unwrap(parseQuery(HotspotsQuery, c.req.query()));
			const now = deps.clock();
			const period = unwrap(resolvePeriod(query, now));
			c.header('Cache-Control', 'no-store');
			return c.json(findHotspots(deps.db, period, now), 200);
		});
}
