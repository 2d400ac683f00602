// GET /api/exports/referrals.csv: the period's referrals, anonymised, as a spreadsheet download
// for any signed-in role (no names, contact details, descriptions or house numbers).
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { unwrap } from '../http/outcome.ts';
import { requireSession } from '../http/session-middleware.ts';
import { periodConditions, readAnonymised } from '../insights/anonymised-referrals.ts';
import { toCsv } from '../insights/csv.ts';
import { checkFilters } from '../insights/filters.ts';
import { InsightsQuery, parseQuery, resolvePeriod } from '../insights/period.ts';

const header = [
	'Reference',
	'Received',
	'Ward',
	'Category',
	'Business Unit',
	'Channel',
	'Urgency',
	'Status',
	'Street',
	'Postcode district',
	'Due',
	'First response',
	'Working days to first response',
	'Within target'
];

export function exportRoutes(deps: AppDeps) {
	return new Hono<AppEnv>().use(requireSession(deps)).get('/referrals.csv', (c) => {
		const query = unwrap(parseQuery(InsightsQuery, c.req.query()));
		const period = unwrap(resolvePeriod(query, deps.clock()));
		unwrap(checkFilters(deps.db, query));
		const rows = readAnonymised(deps.db, periodConditions(period, query)).map((r) => [
			r.reference,
			r.receivedOn,
			r.ward,
			r.category,
			r.unit,
			r.channel,
			r.urgency,
			r.status,
			r.street,
			r.postcodeDistrict,
			r.dueOn,
			r.firstResponseOn,
			r.workingDaysToResponse,
			r.withinTarget
		]);
		return c.body(toCsv(header, rows), 200, {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="wardline-referrals-${period.from}-to-${period.to}.csv"`,
			'Cache-Control': 'no-store'
		});
	});
}
