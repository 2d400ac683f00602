// User accounts as admins keep them: create, change, deactivate, reset a password, set the
// Members a support officer supports, end someone's sessions. Password hashes never leave here.
import { asc, eq, inArray } from 'drizzle-orm';
import {
	roleFieldProblem,
	type AdminUser,
	type SupportsInput,
	type UserInput,
	type UserPatch
} from '#domain/admin';
import type { Role } from '#domain/enums';
import { recordAdminAction } from '../audit/admin-actions.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { AppDeps, SessionUser } from '../context.ts';
import type { Db } from '../db/open.ts';
import { referrals, supportMembers, users } from '../db/schema.ts';
import { idFromName } from '../directory/ids.ts';
import { findUnit, findWard } from '../directory/store.ts';
import { refuse, settle, type Outcome } from '../outcome.ts';
import { nextChangeNo } from '../referrals/store.ts';
import { revokeUserSessions } from './sessions.ts';

export type AccountDeps = Pick<AppDeps, 'db' | 'sqlite' | 'clock'>;

/** The admin acting, and the session they act from (theirs is kept when they end their own). */
export interface Acting {
	admin: SessionUser;
	sessionId: string;
}

// Every column but password_hash: the one place user rows are read for admins.
const publicColumns = {
	id: users.id,
	username: users.username,
	displayName: users.displayName,
	role: users.role,
	wardId: users.wardId,
	unitId: users.unitId,
	email: users.email,
	phone: users.phone,
	active: users.active,
	createdAt: users.createdAt
};

export function listUsers(db: Db, id?: string): AdminUser[] {
	const rows = db
		.select(publicColumns)
		.from(users)
		.where(id ? eq(users.id, id) : undefined)
		.orderBy(asc(users.displayName))
		.all();
	const supports = db
		.select()
		.from(supportMembers)
		.where(id ? eq(supportMembers.supportId, id) : undefined)
		.all();
	return rows.map((row) => ({
		...row,
		memberIds: supports.filter((s) => s.supportId === row.id).map((s) => s.memberId)
	}));
}

/** The user, or a refusal inside settle(). */
function existingUser(db: Db, id: string): AdminUser {
	const [user] = listUsers(db, id);
	if (!user) refuse('not_found', 'There is no such user.');
	return user;
}

export const findUser = (db: Db, id: string): Outcome<AdminUser> =>
	settle(() => existingUser(db, id));

/**
 * Keeps a ward only for Members and a unit only for officers, and checks both exist and are in
 * use. A retired one the user already has is kept: editing their phone number must not fail.
 */
function placement(
	db: Db,
	role: Role,
	wardId: string | null,
	unitId: string | null,
	current: { wardId: string | null; unitId: string | null } = { wardId: null, unitId: null }
) {
	const problem = roleFieldProblem(role, wardId, unitId);
	if (problem) refuse('invalid', `${problem.field}: ${problem.message}`);
	const ward = role === 'member' ? wardId : null;
	const unit = role === 'officer' ? unitId : null;
	const wardRow = ward ? findWard(db, ward) : null;
	if (ward && !wardRow) refuse('invalid', 'wardId: Choose a ward from the list');
	if (wardRow && !wardRow.active && ward !== current.wardId)
		refuse('invalid', `wardId: ${wardRow.name} is retired. Choose a ward that is in use`);
	const unitRow = unit ? findUnit(db, unit) : null;
	if (unit && !unitRow) refuse('invalid', 'unitId: Choose a Business Unit from the list');
	if (unitRow && !unitRow.active && unit !== current.unitId)
		refuse('invalid', `unitId: ${unitRow.name} is retired. Choose a Business Unit that is in use`);
	return { wardId: ward, unitId: unit };
}

/**
 * Gives the referrals of newly supported Members new change numbers, so a support officer's
 * tablet that already synced past them still pulls them. One number each: pull pages by it.
 */
function resendReferralsOf(db: Db, memberIds: string[]): void {
	if (memberIds.length === 0) return;
	const rows = db
		.select({ id: referrals.id })
		.from(referrals)
		.where(inArray(referrals.ownerId, memberIds))
		.all();
	for (const row of rows)
		db.update(referrals)
			.set({ changeNo: nextChangeNo(db) })
			.where(eq(referrals.id, row.id))
			.run();
}

const usernameTaken = (db: Db, username: string) =>
	db.select().from(users).where(eq(users.username, username)).get() !== undefined;

const idTaken = (db: Db) => (id: string) =>
	db.select().from(users).where(eq(users.id, id)).get() !== undefined;

export async function createUser(
	deps: AccountDeps,
	admin: SessionUser,
	input: UserInput
): Promise<Outcome<AdminUser>> {
	const passwordHash = await hashPassword(input.password);
	// From here on nothing awaits, so the checks and the insert see the same database.
	return settle(
		deps.sqlite.transaction((): AdminUser => {
			if (usernameTaken(deps.db, input.username))
				refuse('duplicate', `The username ${input.username} is taken. Choose another.`);
			const place = placement(deps.db, input.role, input.wardId ?? null, input.unitId ?? null);
			const id = idFromName('user', input.username, idTaken(deps.db));
			deps.db
				.insert(users)
				.values({
					id,
					username: input.username,
					displayName: input.displayName,
					role: input.role,
					...place,
					email: input.email ?? null,
					phone: input.phone ?? null,
					passwordHash,
					active: true,
					createdAt: deps.clock().toISOString()
				})
				.run();
			const user = existingUser(deps.db, id);
			recordAdminAction(deps, admin, 'user.create', { ...user, memberIds: undefined });
			return user;
		})
	);
}

export async function updateUser(
	deps: AccountDeps,
	{ admin, sessionId }: Acting,
	id: string,
	patch: UserPatch
): Promise<Outcome<AdminUser>> {
	const passwordHash =
		patch.password === undefined ? undefined : await hashPassword(patch.password);
	return settle(
		deps.sqlite.transaction((): AdminUser => {
			const before = existingUser(deps.db, id);
			const self = before.id === admin.id;
			// Guards against an admin locking themselves (and perhaps everyone) out.
			if (self && patch.active === false)
				refuse('refused', 'You cannot deactivate your own account. Ask another admin to do it.');
			if (self && patch.role !== undefined && patch.role !== 'admin')
				refuse('refused', 'You cannot take away your own admin role. Ask another admin to do it.');
			const role = patch.role ?? before.role;
			const place = placement(
				deps.db,
				role,
				patch.wardId === undefined ? before.wardId : patch.wardId,
				patch.unitId === undefined ? before.unitId : patch.unitId,
				before
			);
			deps.db
				.update(users)
				.set({
					displayName: patch.displayName,
					role: patch.role,
					...place,
					email: patch.email,
					phone: patch.phone,
					active: patch.active,
					passwordHash
				})
				.where(eq(users.id, before.id))
				.run();
			if (before.role === 'support' && role !== 'support')
				deps.db.delete(supportMembers).where(eq(supportMembers.supportId, before.id)).run();
			// Deactivating keeps their referrals; it only ends their way in. A new password
			// ends the sessions opened with the old one (yours stays if it is your own).
			let sessionsRevoked = 0;
			if (patch.active === false || passwordHash !== undefined)
				sessionsRevoked = revokeUserSessions(deps, before.id, self ? sessionId : undefined);
			recordAdminAction(deps, admin, 'user.update', {
				id: before.id,
				changes: { ...patch, password: passwordHash === undefined ? undefined : 'changed' },
				sessionsRevoked
			});
			return existingUser(deps.db, before.id);
		})
	);
}

/** Sets the Members a support officer supports; newly supported Members' referrals resend. */
export function setSupportedMembers(
	deps: AccountDeps,
	admin: SessionUser,
	id: string,
	input: SupportsInput
): Outcome<AdminUser> {
	const memberIds = [...new Set(input.memberIds)];
	return settle(
		deps.sqlite.transaction((): AdminUser => {
			const support = existingUser(deps.db, id);
			if (support.role !== 'support')
				refuse(
					'invalid',
					'Only support officers support Members. Make this person a support officer first.'
				);
			const found = memberIds.length
				? deps.db
						.select({ id: users.id, role: users.role })
						.from(users)
						.where(inArray(users.id, memberIds))
						.all()
				: [];
			const members = new Set(found.filter((u) => u.role === 'member').map((u) => u.id));
			const wrong = memberIds.filter((memberId) => !members.has(memberId));
			if (wrong.length > 0)
				refuse('invalid', `memberIds: These are not Members: ${wrong.join(', ')}`);
			const added = memberIds.filter((memberId) => !support.memberIds.includes(memberId));
			const removed = support.memberIds.filter((memberId) => !memberIds.includes(memberId));
			deps.db.delete(supportMembers).where(eq(supportMembers.supportId, support.id)).run();
			if (memberIds.length > 0)
				deps.db
					.insert(supportMembers)
					.values(memberIds.map((memberId) => ({ supportId: support.id, memberId })))
					.run();
			resendReferralsOf(deps.db, added);
			recordAdminAction(deps, admin, 'user.supports', { id: support.id, added, removed });
			return existingUser(deps.db, support.id);
		})
	);
}

/** Ends a user's sessions; your own is "sign me out everywhere else", not out of this page too. */
export function revokeSessionsOf(
	deps: AccountDeps,
	{ admin, sessionId }: Acting,
	id: string
): Outcome<number> {
	return settle(
		deps.sqlite.transaction(() => {
			const user = existingUser(deps.db, id);
			const count = revokeUserSessions(deps, user.id, user.id === admin.id ? sessionId : undefined);
			recordAdminAction(deps, admin, 'user.revoke-sessions', { id: user.id, revoked: count });
			return count;
		})
	);
}
