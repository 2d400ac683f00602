// GET /api/insights and /api/insights/hotspots: anonymised figures for any signed-in role. No
// audit rows: nothing personal is read out (see server/insights/anonymised-referrals.ts).
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { requireSession } from '../http/session-middleware.ts';
import { findHotspots } from '../insights/hotspots.ts';
import { checkFilters } from '../insights/filters.ts';
import { HotspotsQuery, InsightsQuery, parseQuery, resolvePeriod } from '../insights/period.ts';
import { buildInsights } from '../insights/report.ts';

export function insightsRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', (c) => {
			const query = parseQuery(InsightsQuery, c.req.query());
			const now = deps.clock();
			const period = resolvePeriod(query, now);
			checkFilters(deps.db, query);
			const user = c.get('user');
			c.header('Cache-Control', 'no-store');
			return c.json(buildInsights(deps.db, period, query, user, now), 200);
		})
		.get('/hotspots', (c) => {
			const query = parseQuery(HotspotsQuery, c.req.query());
			const now = deps.clock();
			c.header('Cache-Control', 'no-store');
			return c.json(findHotspots(deps.db, resolvePeriod(query, now), now), 200);
		});
}
