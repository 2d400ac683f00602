// Admin: wards, Business Units (with response targets in working days) and categories with
// their routing to a unit (/api/admin/wards, /units, /categories). Nothing is deleted: history
// refers to these rows, so a row is retired (`active: false`) instead, and can be reactivated.
// Changing a target, a routing or retiring applies to referrals arriving from then on.
import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import {
	CategoryInput,
	CategoryPatch,
	UnitInput,
	UnitPatch,
	WardInput,
	WardPatch,
	type AdminCategory,
	type AdminUnit,
	type AdminWard
} from '#domain/admin';
import type { AppDeps, AppEnv } from '../context.ts';
import { categories, units, wards } from '../db/schema.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { adminRouter, duplicate, idFromName, recordAdminAction, refused } from './admin-common.ts';

type DirectoryTable = 'wards' | 'units' | 'categories';

const described: Record<DirectoryTable, string> = {
	wards: 'ward',
	units: 'Business Unit',
	categories: 'category'
};

function lookups(deps: AppDeps, table: DirectoryTable) {
	// Table names come from the union above, never from a request.
	const byId = deps.sqlite.prepare(`select 1 from ${table} where id = ?`);
	const byName = deps.sqlite.prepare(
		`select name from ${table} where lower(name) = lower(?) and id <> ?`
	);
	return {
		exists: (id: string) => byId.get(id) !== undefined,
		/** Names are unique regardless of case, or two "Parks" would puzzle everyone. */
		refuseTakenName(name: string, exceptId = '') {
			const clash = byName.get(name, exceptId) as { name: string } | undefined;
			if (clash)
				throw duplicate(
					`There is already a ${described[table]} called ${clash.name}. Choose another name.`
				);
		}
	};
}

function wardRoutes(deps: AppDeps) {
	const table = lookups(deps, 'wards');
	const find = (id: string) => deps.db.select().from(wards).where(eq(wards.id, id)).get();
	return adminRouter(deps)
		.get('/', (c) => {
			const list: AdminWard[] = deps.db.select().from(wards).orderBy(asc(wards.name)).all();
			return c.json({ wards: list }, 200);
		})
		.post('/', async (c) => {
			const body = await readJson(c, WardInput);
			const ward = deps.sqlite.transaction((): AdminWard => {
				table.refuseTakenName(body.name);
				const row = { id: idFromName('ward', body.name, table.exists), name: body.name };
				deps.db.insert(wards).values(row).run();
				recordAdminAction(deps, c.get('user'), 'ward.create', row);
				return { ...row, active: true };
			})();
			return c.json(ward, 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, WardPatch);
			const ward = deps.sqlite.transaction((): AdminWard => {
				const before = find(c.req.param('id'));
				if (!before) throw notFound('There is no such ward.');
				if (body.name !== undefined) table.refuseTakenName(body.name, before.id);
				// A retired ward stays on its referrals; tablets stop offering it for new ones.
				deps.db.update(wards).set(body).where(eq(wards.id, before.id)).run();
				recordAdminAction(deps, c.get('user'), 'ward.update', {
					id: before.id,
					before,
					after: body
				});
				return { ...before, ...body };
			})();
			return c.json(ward, 200);
		});
}

function unitRoutes(deps: AppDeps) {
	const table = lookups(deps, 'units');
	const find = (id: string) => deps.db.select().from(units).where(eq(units.id, id)).get();
	/** A retired unit gets no new referrals, so no category in use may still be sent to it. */
	const refuseRetiringInUse = (unit: AdminUnit) => {
		const inUse = deps.db
			.select({ name: categories.name })
			.from(categories)
			.where(and(eq(categories.unitId, unit.id), eq(categories.active, true)))
			.orderBy(asc(categories.name))
			.all()
			.map((category) => category.name);
		if (inUse.length === 0) return;
		const [those, them] =
			inUse.length === 1 ? ['that category', 'it'] : ['those categories', 'them'];
		throw refused(
			`${unit.name} cannot be retired while new referrals of ${listed(inUse)} go to it. ` +
				`Send ${those} to another Business Unit, or retire ${them}, first.`
		);
	};
	return adminRouter(deps)
		.get('/', (c) => {
			const list: AdminUnit[] = deps.db.select().from(units).orderBy(asc(units.name)).all();
			return c.json({ units: list }, 200);
		})
		.post('/', async (c) => {
			const body = await readJson(c, UnitInput);
			const unit = deps.sqlite.transaction((): AdminUnit => {
				table.refuseTakenName(body.name);
				const row = { id: idFromName('unit', body.name, table.exists), ...body };
				deps.db.insert(units).values(row).run();
				recordAdminAction(deps, c.get('user'), 'unit.create', row);
				return { ...row, active: true };
			})();
			return c.json(unit, 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, UnitPatch);
			const unit = deps.sqlite.transaction((): AdminUnit => {
				const before = find(c.req.param('id'));
				if (!before) throw notFound('There is no such Business Unit.');
				if (body.name !== undefined) table.refuseTakenName(body.name, before.id);
				if (body.active === false) refuseRetiringInUse(before);
				// Due dates already given stay as they are: a Member was told that date. Referrals
				// already with a unit that retires stay with it: its officers still answer them.
				deps.db.update(units).set(body).where(eq(units.id, before.id)).run();
				recordAdminAction(deps, c.get('user'), 'unit.update', {
					id: before.id,
					before,
					after: body
				});
				return { ...before, ...body };
			})();
			return c.json(unit, 200);
		});
}

/**
 * PATCH here is also where a category's CRM service code is set: one route for the row, so the
 * rules for it are the CRM connector's (see ServiceCode in #domain/admin).
 */
function categoryRoutes(deps: AppDeps) {
	const table = lookups(deps, 'categories');
	const find = (id: string) => deps.db.select().from(categories).where(eq(categories.id, id)).get();
	const findUnit = (id: string) =>
		deps.db
			.select({ name: units.name, active: units.active })
			.from(units)
			.where(eq(units.id, id))
			.get();
	/** The unit a request names must exist, and be in use for a category that is in use. */
	const refuseUnit = (unitId: string, categoryActive: boolean) => {
		const unit = findUnit(unitId);
		if (!unit) throw badRequest('unitId: Choose a Business Unit from the list');
		if (categoryActive && !unit.active)
			throw badRequest(`unitId: ${unit.name} is retired. Choose a Business Unit that is in use`);
	};
	/** Brought back into use, a category must be sent to a unit that is in use too. */
	const refuseReactivating = (category: AdminCategory) => {
		const unit = findUnit(category.unitId);
		if (unit && !unit.active)
			throw refused(
				`${category.name} is sent to ${unit.name}, which is retired. Send it to a Business Unit that is in use.`
			);
	};
	return adminRouter(deps)
		.get('/', (c) => {
			const list: AdminCategory[] = deps.db
				.select()
				.from(categories)
				.orderBy(asc(categories.name))
				.all();
			return c.json({ categories: list }, 200);
		})
		.post('/', async (c) => {
			const body = await readJson(c, CategoryInput);
			const category = deps.sqlite.transaction((): AdminCategory => {
				table.refuseTakenName(body.name);
				refuseUnit(body.unitId, true);
				const id = idFromName('cat', body.name, table.exists);
				// Without a code the id stands in, as the CRM connector already does for unknown codes.
				const row = {
					id,
					name: body.name,
					unitId: body.unitId,
					crmServiceCode: body.crmServiceCode ?? id
				};
				deps.db.insert(categories).values(row).run();
				recordAdminAction(deps, c.get('user'), 'category.create', row);
				return { ...row, active: true };
			})();
			return c.json(category, 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, CategoryPatch);
			const category = deps.sqlite.transaction((): AdminCategory => {
				const before = find(c.req.param('id'));
				if (!before) throw notFound('There is no such category.');
				if (body.name !== undefined) table.refuseTakenName(body.name, before.id);
				if (body.unitId !== undefined) refuseUnit(body.unitId, body.active ?? before.active);
				else if (body.active === true) refuseReactivating(before);
				// Routing is read when a referral arrives; referrals already routed keep their unit.
				// A retired category is kept on its referrals; tablets stop offering it.
				deps.db.update(categories).set(body).where(eq(categories.id, before.id)).run();
				recordAdminAction(deps, c.get('user'), 'category.update', {
					id: before.id,
					before,
					after: body
				});
				return { ...before, ...body };
			})();
			return c.json(category, 200);
		});
}

const listFormat = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });
/** "Pothole, Graffiti and Street lighting". */
const listed = (names: string[]) => listFormat.format(names);

/** Mounted at /api/admin. */
export function adminDirectoryRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.route('/wards', wardRoutes(deps))
		.route('/units', unitRoutes(deps))
		.route('/categories', categoryRoutes(deps));
}
