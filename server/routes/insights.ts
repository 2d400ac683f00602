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
		.get('/', (c) => {
			const query = unwrap(parseQuery(InsightsQuery, c.req.query()));
			const now = deps.clock();
			const period = unwrap(resolvePeriod(query, now));
			unwrap(checkFilters(deps.db, query));
			const user = c.get('user');
			c.header('Cache-Control', 'no-store');
			return c.json(buildInsights(deps.db, period, query, user, now), 200);
		})
		.get('/hotspots', (c) => {
			const query = unwrap(parseQuery(HotspotsQuery, c.req.query()));
			const now = deps.clock();
			const period = unwrap(resolvePeriod(query, now));
			c.header('Cache-Control', 'no-store');
			return c.json(findHotspots(deps.db, period, now), 200);
		});
}
