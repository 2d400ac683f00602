// Each person's choices about the e-mails they get, and who gets a kind of e-mail: active users
// of its role with an address, who have not turned it off.
import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { kindsForRole, mailKindRules, type MailKind, type MailMode } from '#domain/mail';
import type { Role } from '#domain/enums';
import type { Db } from '../db/open.ts';
import { mailPreferences, users } from '../db/schema.ts';

export interface Recipient {
	id: string;
	displayName: string;
	email: string;
	unitId: string | null;
	mode: MailMode;
}

/**
 * Who gets `kind` (of its role), with the mode each chose; never a deactivated user, one with no
 * address, or one who turned it off. `where` narrows further (a unit's officers, one Member).
 */
export function recipientsOf(db: Db, kind: MailKind, where?: SQL): Recipient[] {
	const rule = mailKindRules[kind];
	const rows = db
		.select({
			id: users.id,
			displayName: users.displayName,
			email: users.email,
			unitId: users.unitId,
			mode: mailPreferences.mode
		})
		.from(users)
		.leftJoin(
			mailPreferences,
			and(eq(mailPreferences.userId, users.id), eq(mailPreferences.kind, kind))
		)
		.where(
			and(
				eq(users.role, rule.role),
				eq(users.active, true),
				isNotNull(users.email),
				sql`trim(${users.email}) <> ''`,
				where
			)
		)
		.all();
	return rows
		.map((row) => ({
			id: row.id,
			displayName: row.displayName,
			email: (row.email ?? '').trim(),
			unitId: row.unitId,
			mode: validMode(kind, row.mode)
		}))
		.filter((row) => row.mode !== 'off');
}

/** A stored mode this kind no longer offers falls back to the default. */
function validMode(kind: MailKind, mode: string | null): MailMode {
	const rule = mailKindRules[kind];
	return mode !== null && (rule.modes as readonly string[]).includes(mode)
		? (mode as MailMode)
		: rule.default;
}

export function preferencesOf(db: Db, userId: string, role: Role): Map<MailKind, MailMode> {
	const stored = new Map(
		db
			.select({ kind: mailPreferences.kind, mode: mailPreferences.mode })
			.from(mailPreferences)
			.where(eq(mailPreferences.userId, userId))
			.all()
			.map((row) => [row.kind, row.mode])
	);
	return new Map(
		kindsForRole(role).map((kind) => [kind, validMode(kind, stored.get(kind) ?? null)])
	);
}

export function setPreference(db: Db, userId: string, kind: MailKind, mode: MailMode): void {
	db.insert(mailPreferences)
		.values({ userId, kind, mode })
		.onConflictDoUpdate({ target: [mailPreferences.userId, mailPreferences.kind], set: { mode } })
		.run();
}
