// The directory: wards, Business Units (with response targets in working days) and categories
// with their routing to a unit. Nothing is deleted: history refers to these rows, so a row is
// retired (`active: false`) instead, and can be reactivated. Changing a target, a routing or
// retiring applies to referrals arriving from then on. Every write is audited.
import type { ResponseTargets } from '#domain/working-days';
import { newUnitTargets, targetOrderProblem } from '#domain/admin';
import { and, asc, eq } from 'drizzle-orm';
import type { ReferenceData } from '#domain/sync-protocol';
import type {
	AdminCategory,
	AdminUnit,
	AdminWard,
	CategoryInput,
	CategoryPatch,
	UnitInput,
	UnitPatch,
	WardInput,
	WardPatch
} from '#domain/admin';
import { recordAdminAction } from '../audit/admin-actions.ts';
import type { AppDeps, SessionUser } from '../context.ts';
import type { Db } from '../db/open.ts';
import { categories, outsideBodies, units, wards } from '../db/schema.ts';
import { refuse, settle, type Outcome } from '../outcome.ts';
import { idFromName } from './ids.ts';

export type DirectoryDeps = Pick<AppDeps, 'db' | 'sqlite' | 'clock'>;

type DirectoryTable = 'wards' | 'units' | 'categories';

const described: Record<DirectoryTable, string> = {
	wards: 'ward',
	units: 'Business Unit',
	categories: 'category'
};

function lookups(deps: DirectoryDeps, table: DirectoryTable) {
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
				refuse(
					'duplicate',
					`There is already a ${described[table]} called ${clash.name}. Choose another name.`
				);
		}
	};
}

/** What every tablet keeps for offline capture; retired rows too, to name older referrals. */
export function referenceData(db: Db): ReferenceData {
	return {
		wards: db
			.select({ id: wards.id, name: wards.name, active: wards.active })
			.from(wards)
			.orderBy(asc(wards.name))
			.all(),
		categories: db
			.select({
				id: categories.id,
				name: categories.name,
				unitId: categories.unitId,
				active: categories.active,
				urgentLine: categories.urgentLine
			})
			.from(categories)
			.orderBy(asc(categories.name))
			.all(),
		units: db
			.select({
				id: units.id,
				name: units.name,
				targetDays: units.targetDays,
				targetDaysSoon: units.targetDaysSoon,
				targetDaysUrgent: units.targetDaysUrgent,
				active: units.active
			})
			.from(units)
			.orderBy(asc(units.name))
			.all(),
		outsideBodies: db
			.select({
				id: outsideBodies.id,
				name: outsideBodies.name,
				dealsWith: outsideBodies.dealsWith,
				active: outsideBodies.active
			})
			.from(outsideBodies)
			.orderBy(asc(outsideBodies.name))
			.all()
	};
}

export const findWard = (db: Db, id: string): AdminWard | undefined =>
	db.select().from(wards).where(eq(wards.id, id)).get();

export const findUnit = (db: Db, id: string): AdminUnit | undefined =>
	db.select().from(units).where(eq(units.id, id)).get();

const findCategory = (db: Db, id: string): AdminCategory | undefined =>
	db.select().from(categories).where(eq(categories.id, id)).get();

export const listWards = (db: Db): AdminWard[] =>
	db.select().from(wards).orderBy(asc(wards.name)).all();

export function createWard(
	deps: DirectoryDeps,
	admin: SessionUser,
	input: WardInput
): Outcome<AdminWard> {
	const table = lookups(deps, 'wards');
	return settle(
		deps.sqlite.transaction((): AdminWard => {
			table.refuseTakenName(input.name);
			const row = { id: idFromName('ward', input.name, table.exists), name: input.name };
			deps.db.insert(wards).values(row).run();
			recordAdminAction(deps, admin, 'ward.create', row);
			return { ...row, active: true };
		})
	);
}

export function updateWard(
	deps: DirectoryDeps,
	admin: SessionUser,
	id: string,
	patch: WardPatch
): Outcome<AdminWard> {
	const table = lookups(deps, 'wards');
	return settle(
		deps.sqlite.transaction((): AdminWard => {
			const before = findWard(deps.db, id);
			if (!before) refuse('not_found', 'There is no such ward.');
			if (patch.name !== undefined) table.refuseTakenName(patch.name, before.id);
			// A retired ward stays on its referrals; tablets stop offering it for new ones.
			deps.db.update(wards).set(patch).where(eq(wards.id, before.id)).run();
			recordAdminAction(deps, admin, 'ward.update', { id: before.id, before, after: patch });
			return { ...before, ...patch };
		})
	);
}

export const listUnits = (db: Db): AdminUnit[] =>
	db.select().from(units).orderBy(asc(units.name)).all();

const listFormat = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

/** A retired unit gets no new referrals, so no category in use may still be sent to it. */
function refuseRetiringInUse(db: Db, unit: AdminUnit): void {
	const inUse = db
		.select({ name: categories.name })
		.from(categories)
		.where(and(eq(categories.unitId, unit.id), eq(categories.active, true)))
		.orderBy(asc(categories.name))
		.all()
		.map((category) => category.name);
	if (inUse.length === 0) return;
	const [those, them] = inUse.length === 1 ? ['that category', 'it'] : ['those categories', 'them'];
	refuse(
		'refused',
		`${unit.name} cannot be retired while new referrals of ${listFormat.format(inUse)} go to it. ` +
			`Send ${those} to another Business Unit, or retire ${them}, first.`
	);
}

function refuseTargetsOutOfOrder(targets: ResponseTargets, changed: string[]): void {
	const problem = targetOrderProblem(targets, changed);
	if (problem) refuse('invalid', `${problem.field}: ${problem.message}`);
}

export function createUnit(
	deps: DirectoryDeps,
	admin: SessionUser,
	input: UnitInput
): Outcome<AdminUnit> {
	const table = lookups(deps, 'units');
	return settle(
		deps.sqlite.transaction((): AdminUnit => {
			table.refuseTakenName(input.name);
			const row = {
				id: idFromName('unit', input.name, table.exists),
				name: input.name,
				...newUnitTargets(input)
			};
			refuseTargetsOutOfOrder(row, Object.keys(input));
			deps.db.insert(units).values(row).run();
			recordAdminAction(deps, admin, 'unit.create', row);
			return { ...row, active: true };
		})
	);
}

export function updateUnit(
	deps: DirectoryDeps,
	admin: SessionUser,
	id: string,
	patch: UnitPatch
): Outcome<AdminUnit> {
	const table = lookups(deps, 'units');
	return settle(
		deps.sqlite.transaction((): AdminUnit => {
			const before = findUnit(deps.db, id);
			if (!before) refuse('not_found', 'There is no such Business Unit.');
			if (patch.name !== undefined) table.refuseTakenName(patch.name, before.id);
			if (patch.active === false) refuseRetiringInUse(deps.db, before);
			refuseTargetsOutOfOrder({ ...before, ...patch }, Object.keys(patch));
			// Due dates already given stay as they are: a Member was told that date. Referrals
			// already with a unit that retires stay with it: its officers still answer them.
			deps.db.update(units).set(patch).where(eq(units.id, before.id)).run();
			recordAdminAction(deps, admin, 'unit.update', { id: before.id, before, after: patch });
			return { ...before, ...patch };
		})
	);
}

export const listCategories = (db: Db): AdminCategory[] =>
	db.select().from(categories).orderBy(asc(categories.name)).all();

/** The unit a request names must exist, and be in use for a category that is in use. */
function refuseUnit(db: Db, unitId: string, categoryActive: boolean): void {
	const unit = findUnit(db, unitId);
	if (!unit) refuse('invalid', 'unitId: Choose a Business Unit from the list');
	if (categoryActive && !unit.active)
		refuse('invalid', `unitId: ${unit.name} is retired. Choose a Business Unit that is in use`);
}

/** Brought back into use, a category must be sent to a unit that is in use too. */
function refuseReactivating(db: Db, category: AdminCategory): void {
	const unit = findUnit(db, category.unitId);
	if (unit && !unit.active)
		refuse(
			'refused',
			`${category.name} is sent to ${unit.name}, which is retired. Send it to a Business Unit that is in use.`
		);
}

export function createCategory(
	deps: DirectoryDeps,
	admin: SessionUser,
	input: CategoryInput
): Outcome<AdminCategory> {
	const table = lookups(deps, 'categories');
	return settle(
		deps.sqlite.transaction((): AdminCategory => {
			table.refuseTakenName(input.name);
			refuseUnit(deps.db, input.unitId, true);
			const id = idFromName('cat', input.name, table.exists);
			// Without a code the id stands in, as the CRM connector already does for unknown codes.
			const row = {
				id,
				name: input.name,
				unitId: input.unitId,
				crmServiceCode: input.crmServiceCode ?? id,
				urgentLine: input.urgentLine ?? null
			};
			deps.db.insert(categories).values(row).run();
			recordAdminAction(deps, admin, 'category.create', row);
			return { ...row, active: true };
		})
	);
}

/**
 * Also where a category's CRM service code is set: one write for the row, so the rules for it
 * are the CRM connector's (see ServiceCode in #domain/admin).
 */
export function updateCategory(
	deps: DirectoryDeps,
	admin: SessionUser,
	id: string,
	patch: CategoryPatch
): Outcome<AdminCategory> {
	const table = lookups(deps, 'categories');
	return settle(
		deps.sqlite.transaction((): AdminCategory => {
			const before = findCategory(deps.db, id);
			if (!before) refuse('not_found', 'There is no such category.');
			if (patch.name !== undefined) table.refuseTakenName(patch.name, before.id);
			if (patch.unitId !== undefined)
				refuseUnit(deps.db, patch.unitId, patch.active ?? before.active);
			else if (patch.active === true) refuseReactivating(deps.db, before);
			// Routing is read when a referral arrives; referrals already routed keep their unit.
			// A retired category is kept on its referrals; tablets stop offering it.
			deps.db.update(categories).set(patch).where(eq(categories.id, before.id)).run();
			recordAdminAction(deps, admin, 'category.update', { id: before.id, before, after: patch });
			return { ...before, ...patch };
		})
	);
}
