// Photos for the council's CRM (media_url): signed links that expire, to
// /api/crm-media/<attachmentId>?exp=<unix seconds>&sig=<HMAC-SHA256, base64url>. The CRM has no
// Wardline session, so the signature is its only key; it names one photo until one moment.
// Photos go only where the resident consented to sharing: a photo of a problem usually shows no
// one, but one of a resident's home may, and Wardline cannot tell the two apart.
import { asc, eq } from 'drizzle-orm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { attachments } from '../db/schema.ts';
import { residentKeySecret } from '../privacy/resident-match.ts';
import type { ReferralRow } from '../referrals/store.ts';

export const defaultCrmMediaDays = 30;

/** What the worker needs to sign photo links; absent: no photos are sent. */
export interface CrmMediaSettings {
	/** WARDLINE_PUBLIC_URL: the CRM must reach it, so links are made only when it is set. */
	publicUrl: string;
	secret: Buffer;
	/** CRM_MEDIA_DAYS: how long a link works after it is sent. */
	days: number;
}

/**
 * WARDLINE_MEDIA_SECRET where set; otherwise derived from the database's own secret
 * (privacy_keys, made by a migration), so links survive restarts and need no new setting.
 */
export function crmMediaSecret(db: Db, configured: string | null): Buffer {
	if (configured) return Buffer.from(configured, 'utf8');
	return createHmac('sha256', residentKeySecret(db)).update('wardline crm media links v1').digest();
}

export function mediaSignature(secret: Buffer, attachmentId: string, exp: number): string {
	return createHmac('sha256', secret).update(`${attachmentId}\n${exp}`).digest('base64url');
}

export function mediaLink(settings: CrmMediaSettings, attachmentId: string, now: Date): string {
	const exp = Math.floor(now.getTime() / 1000) + Math.round(settings.days * 24 * 60 * 60);
	const sig = mediaSignature(settings.secret, attachmentId, exp);
	const base = settings.publicUrl.replace(/\/+$/, '');
	return `${base}/api/crm-media/${attachmentId}?exp=${exp}&sig=${sig}`;
}

export type SignatureCheck = { ok: true } | { ok: false; message: string };

/** A link as the CRM sends it back: the right signature for this photo, not yet expired. */
export function checkMediaSignature(
	secret: Buffer,
	attachmentId: string,
	exp: string | undefined,
	sig: string | undefined,
	now: Date
): SignatureCheck {
	if (!exp || !/^\d{1,12}$/.test(exp) || !sig)
		return { ok: false, message: 'This photo link is incomplete: it needs exp and sig.' };
	const expected = Buffer.from(mediaSignature(secret, attachmentId, Number(exp)));
	const given = Buffer.from(sig);
	if (given.length !== expected.length || !timingSafeEqual(given, expected))
		return { ok: false, message: 'This photo link is not valid: its signature does not match.' };
	if (Number(exp) * 1000 <= now.getTime())
		return { ok: false, message: 'This photo link has expired. Ask the council for the photo.' };
	return { ok: true };
}

/** The referral's photos in the Member's order (photoIds), those still stored. */
export function referralPhotoIds(db: Db, referral: ReferralRow): string[] {
	const stored = new Set(
		db
			.select({ id: attachments.id })
			.from(attachments)
			.where(eq(attachments.referralId, referral.id))
			.orderBy(asc(attachments.createdAt))
			.all()
			.map((r) => r.id)
	);
	const ordered = (referral.photoIds ?? []).filter((id) => stored.has(id));
	return [...ordered, ...[...stored].filter((id) => !ordered.includes(id))];
}

/** Links to send with a referral: none without consent or without settings. */
export function mediaLinksFor(
	db: Db,
	settings: CrmMediaSettings | undefined,
	referral: ReferralRow,
	now: Date
): string[] {
	if (!settings || !referral.residentConsentToShare) return [];
	return referralPhotoIds(db, referral).map((id) => mediaLink(settings, id, now));
}
