// The outside bodies admins keep (name, address for referrals, what they deal with). Like the
// directory, nothing is deleted: forwards and residents' consent name these rows, so a body is
// retired (`active: false`) instead, and can be reactivated. Every write is audited.
import { asc, eq, sql } from 'drizzle-orm';
import type { OutsideBody, OutsideBodyInput, OutsideBodyPatch } from '#domain/outside-bodies';
import type { AppDeps, SessionUser } from '../context.ts';
import { recordAdminAction } from '../audit/admin-actions.ts';
import type { Db } from '../db/open.ts';
import { outsideBodies } from '../db/schema.ts';
import { idFromName } from '../directory/ids.ts';
import { refuse, settle, type Outcome } from '../outcome.ts';

type Deps = Pick<AppDeps, 'db' | 'sqlite' | 'clock'>;
type Row = typeof outsideBodies.$inferSelect;

const shown = (row: Row): OutsideBody => ({
	id: row.id,
	name: row.name,
	email: row.email,
	dealsWith: row.dealsWith,
	active: row.active
});

export const findOutsideBody = (db: Db, id: string): Row | undefined =>
	db.select().from(outsideBodies).where(eq(outsideBodies.id, id)).get();

export const listOutsideBodies = (db: Db): OutsideBody[] =>
	db.select().from(outsideBodies).orderBy(asc(outsideBodies.name)).all().map(shown);

/** Names are unique regardless of case, or two "Yorkshire Water" would puzzle everyone. */
function refuseTakenName(db: Db, name: string, exceptId = ''): void {
	const clash = db
		.select({ name: outsideBodies.name })
		.from(outsideBodies)
		.where(
			sql`lower(${outsideBodies.name}) = lower(${name}) and ${outsideBodies.id} <> ${exceptId}`
		)
		.get();
	if (clash)
		refuse(
			'duplicate',
			`There is already an outside body called ${clash.name}. Choose another name.`
		);
}

export function createOutsideBody(
	deps: Deps,
	admin: SessionUser,
	input: OutsideBodyInput
): Outcome<OutsideBody> {
	return settle(
		deps.sqlite.transaction((): OutsideBody => {
			refuseTakenName(deps.db, input.name);
			const row: Row = {
				id: idFromName('body', input.name, (id) => findOutsideBody(deps.db, id) !== undefined),
				name: input.name,
				email: input.email,
				dealsWith: input.dealsWith ?? '',
				active: true,
				createdAt: deps.clock().toISOString()
			};
			deps.db.insert(outsideBodies).values(row).run();
			recordAdminAction(deps, admin, 'outside_body.create', shown(row));
			return shown(row);
		})
	);
}

export function updateOutsideBody(
	deps: Deps,
	admin: SessionUser,
	id: string,
	patch: OutsideBodyPatch
): Outcome<OutsideBody> {
	return settle(
		deps.sqlite.transaction((): OutsideBody => {
			const before = findOutsideBody(deps.db, id);
			if (!before) refuse('not_found', 'There is no such outside body.');
			if (patch.name !== undefined) refuseTakenName(deps.db, patch.name, before.id);
			deps.db.update(outsideBodies).set(patch).where(eq(outsideBodies.id, before.id)).run();
			recordAdminAction(deps, admin, 'outside_body.update', {
				id: before.id,
				before: shown(before),
				after: patch
			});
			return shown({ ...before, ...patch });
		})
	);
}
