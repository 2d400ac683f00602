// E-mail: each person's choices (/api/mail/preferences), and for admins the outbox queue with
// "try again" (/api/admin/mail). Every e-mail goes through the outbox; nothing is sent from here.
import { eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import {
	kindsForRole,
	mailKindRules,
	MailPreferencesInput,
	type MailKind,
	type MailPreferences
} from '#domain/mail';
import type { AppDeps, AppEnv, SessionUser } from '../context.ts';
import { outsideBodies, referrals, users } from '../db/schema.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { requireSession } from '../http/session-middleware.ts';
import {
	listMail,
	mailCounts,
	retryMail,
	type MailFilter,
	type MailRow
} from '../mail/mail-outbox.ts';
import { preferencesOf, setPreference } from '../mail/mail-preferences.ts';
import { recordAdminAction } from '../audit/admin-actions.ts';
import { adminRouter } from './admin-common.ts';

function preferencesView(deps: AppDeps, user: SessionUser): MailPreferences {
	const email =
		deps.db.select({ email: users.email }).from(users).where(eq(users.id, user.id)).get()?.email ??
		null;
	const modes = preferencesOf(deps.db, user.id, user.role);
	return {
		mailEnabled: deps.mail.enabled,
		email: email?.trim() || null,
		choices: kindsForRole(user.role).map((kind) => ({
			kind,
			mode: modes.get(kind) ?? mailKindRules[kind].default,
			modes: [...mailKindRules[kind].modes],
			label: mailKindRules[kind].label,
			hint: mailKindRules[kind].hint
		}))
	};
}

export function mailRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/preferences', (c) => c.json(preferencesView(deps, c.get('user')), 200))
		.put('/preferences', async (c) => {
			const body = await readJson(c, MailPreferencesInput);
			const user = c.get('user');
			const mine = kindsForRole(user.role);
			const problems: string[] = [];
			for (const [kind, mode] of Object.entries(body) as [MailKind, string][]) {
				const rule = mailKindRules[kind];
				if (!mine.includes(kind)) problems.push(`${kind}: This e-mail is not one your role gets`);
				else if (!(rule.modes as readonly string[]).includes(mode))
					problems.push(`${kind}: Choose one of ${rule.modes.join(', ')}`);
			}
			if (problems.length > 0) throw badRequest(problems.join('; '));
			deps.sqlite.transaction(() => {
				for (const [kind, mode] of Object.entries(body) as [
					MailKind,
					MailPreferences['choices'][number]['mode']
				][])
					setPreference(deps.db, user.id, kind, mode);
			})();
			return c.json(preferencesView(deps, user), 200);
		});
}

const OutboxQuery = z.strictObject({
	state: z.enum(['waiting', 'refused', 'sent', 'all']).optional()
});

/** Who an e-mail is for, as the admin page names them (a person or an outside body). */
function describeRows(deps: AppDeps, rows: MailRow[]) {
	const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
	const bodyIds = [...new Set(rows.flatMap((r) => (r.outsideBodyId ? [r.outsideBodyId] : [])))];
	const referralIds = [...new Set(rows.flatMap((r) => (r.referralId ? [r.referralId] : [])))];
	const people = new Map(
		userIds.length === 0
			? []
			: deps.db
					.select({ id: users.id, name: users.displayName })
					.from(users)
					.where(inArray(users.id, userIds))
					.all()
					.map((u) => [u.id, u.name])
	);
	const bodies = new Map(
		bodyIds.length === 0
			? []
			: deps.db
					.select({ id: outsideBodies.id, name: outsideBodies.name })
					.from(outsideBodies)
					.where(inArray(outsideBodies.id, bodyIds))
					.all()
					.map((b) => [b.id, b.name])
	);
	const references = new Map(
		referralIds.length === 0
			? []
			: deps.db
					.select({ id: referrals.id, reference: referrals.reference })
					.from(referrals)
					.where(inArray(referrals.id, referralIds))
					.all()
					.map((r) => [r.id, r.reference])
	);
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		recipient:
			(r.userId ? people.get(r.userId) : r.outsideBodyId ? bodies.get(r.outsideBodyId) : null) ??
			r.toAddress,
		toAddress: r.toAddress,
		subject: r.subject,
		reference: r.referralId ? (references.get(r.referralId) ?? null) : null,
		messageId: r.messageId,
		state: r.state,
		attempts: r.attempts,
		nextAttemptAt: r.state === 'queued' || r.state === 'sending' ? r.nextAttemptAt : null,
		lastError: r.lastError,
		createdAt: r.createdAt,
		sentAt: r.sentAt
	}));
}

export function adminMailRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/outbox', (c) => {
			const query = OutboxQuery.safeParse(c.req.query());
			if (!query.success) throw badRequest('Show one of: waiting, refused, sent, all.');
			const filter: MailFilter = query.data.state ?? 'waiting';
			return c.json(
				{
					enabled: deps.mail.enabled,
					relay: deps.mail.status?.() ?? null,
					counts: mailCounts(deps.db),
					rows: describeRows(deps, listMail(deps.db, filter, 200))
				},
				200
			);
		})
		.post('/outbox/:id/retry', (c) => {
			const id = Number(c.req.param('id'));
			const row = Number.isSafeInteger(id) ? retryMail(deps.db, id, deps.clock()) : undefined;
			if (!row) throw notFound('There is no e-mail waiting or refused with that number.');
			recordAdminAction(deps, c.get('user'), 'mail.retry', { id });
			deps.mail.retryNow?.();
			return c.json(describeRows(deps, [row])[0], 200);
		});
}
