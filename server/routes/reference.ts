// GET /api/reference: wards, categories and Business Units the tablet keeps for offline capture.
// Retired ones are sent too (`active: false`): the tablet still names them on older referrals.
import { asc } from 'drizzle-orm';
import { Hono } from 'hono';
import type { ReferenceData } from '#domain/sync-protocol';
import type { AppDeps, AppEnv } from '../context.ts';
import { categories, units, wards } from '../db/schema.ts';
import { requireSession } from '../http/session-middleware.ts';

export function referenceRoutes(deps: AppDeps) {
	return new Hono<AppEnv>().use(requireSession(deps)).get('/', (c) => {
		const body: ReferenceData = {
			wards: deps.db
				.select({ id: wards.id, name: wards.name, active: wards.active })
				.from(wards)
				.orderBy(asc(wards.name))
				.all(),
			categories: deps.db
				.select({
					id: categories.id,
					name: categories.name,
					unitId: categories.unitId,
					active: categories.active
				})
				.from(categories)
				.orderBy(asc(categories.name))
				.all(),
			units: deps.db
				.select({
					id: units.id,
					name: units.name,
					targetDays: units.targetDays,
					active: units.active
				})
				.from(units)
				.orderBy(asc(units.name))
				.all()
		};
		return c.json(body, 200);
	});
}
