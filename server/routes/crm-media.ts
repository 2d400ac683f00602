// Photos for the council's CRM (/api/crm-media/:id?exp=&sig=): no session, the signed link of
// crm-media.ts is the key. Only a photo of a referral that was sent to the CRM with the
// resident's consent, and every fetch is in the audit trail.
import { and, eq, isNotNull } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { checkMediaSignature, crmMediaSecret } from '../crm/crm-media.ts';
import { attachments, auditLog, crmOutbox } from '../db/schema.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { findReferral } from '../referrals/store.ts';

const gone = () =>
	notFound('Wardline no longer holds this photo (removed, or past the time photos are kept).');

export function crmMediaRoutes(deps: AppDeps) {
	return new Hono<AppEnv>().get('/:id', (c) => {
		const id = c.req.param('id').toLowerCase();
		const secret = crmMediaSecret(deps.db, deps.config.crmMediaSecret);
		const now = deps.clock();
		const check = checkMediaSignature(secret, id, c.req.query('exp'), c.req.query('sig'), now);
		if (!check.ok) throw new ApiError(403, 'bad_signature', check.message);
		const row = deps.db.select().from(attachments).where(eq(attachments.id, id)).get();
		if (!row || row.referralId === null) throw gone();
		const referral = findReferral(deps.db, row.referralId);
		const sent = deps.db
			.select({ id: crmOutbox.id })
			.from(crmOutbox)
			.where(and(eq(crmOutbox.referralId, row.referralId), isNotNull(crmOutbox.lastSentAt)))
			.get();
		// Consent may have been withdrawn since the link was sent: the link stops working.
		if (!referral || !referral.residentConsentToShare || !sent) throw gone();
		deps.db
			.insert(auditLog)
			.values({
				at: now.toISOString(),
				userId: 'system:crm',
				action: 'crm_photo',
				referralId: row.referralId,
				detail: `photo ${id} fetched by the council's CRM`
			})
			.run();
		return c.body(new Uint8Array(row.data), 200, {
			'Content-Type': row.contentType,
			'Content-Length': String(row.size),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		});
	});
}
