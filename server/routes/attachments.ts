// Photos (/api/attachments/:id): uploaded before the mutation naming them, idempotent by id and
// sha256, and shown exactly to whoever may see the referral they belong to (before that, to the
// uploader alone).
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { limits, Uuid } from '#domain/referral';
import type { AppDeps, AppEnv } from '../context.ts';
import { attachments } from '../db/schema.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import { requireSession } from '../http/session-middleware.ts';
import { canSee } from '../referrals/access.ts';
import { audit } from '../referrals/audit.ts';
import { checkPhoto, sniffImageType } from '../attachments/photo-check.ts';
import { overUnattachedLimit } from '../attachments/unattached.ts';

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);
const extensions: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp'
};

const photoNotFound = () => notFound('That photo does not exist, or is not yours to see.');

function parseId(id: string): string {
	if (!Uuid.safeParse(id).success) throw badRequest('A photo id must be a UUID.');
	return id.toLowerCase();
}

const notAPhoto = (message: string) => new ApiError(415, 'unsupported_media_type', message);
// 413 and not 429: the tablet must not retry this photo before the rest, or nothing would move.
const photoQuota = (message: string) => new ApiError(413, 'photo_quota', message);

/** A photo sent again under its id: the same bytes by the same user is fine, else a conflict. */
function sentBefore(row: { sha256: string; ownerId: string }, userId: string, sha256: string) {
	if (row.sha256 !== sha256 || row.ownerId !== userId)
		throw new ApiError(409, 'conflict', 'A different photo was already sent with this id.');
}

export function attachmentRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.put('/:id', async (c) => {
			const id = parseId(c.req.param('id'));
			const contentType = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
			if (!imageTypes.has(contentType))
				throw new ApiError(
					415,
					'unsupported_media_type',
					'Photos must be JPEG, PNG or WebP images.'
				);
			const data = Buffer.from(await c.req.arrayBuffer());
			if (data.length === 0) throw badRequest('The photo is empty. Take it again.');
			if (data.length > limits.photoBytes)
				throw new ApiError(
					413,
					'too_large',
					'That photo is larger than 5 MB. Take it again at a lower resolution.'
				);
			const sniffed = sniffImageType(data);
			if (sniffed === null)
				throw notAPhoto('That file is not a JPEG, PNG or WebP photo. Take the photo again.');
			const sha256 = createHash('sha256').update(data).digest('hex');
			// The tablet sends the hash it computed; a mismatch means the bytes were damaged on the way.
			const claimed = c.req.header('x-content-sha256');
			if (claimed !== undefined && claimed.toLowerCase() !== sha256)
				throw new ApiError(
					400,
					'bad_checksum',
					'The photo arrived damaged. It will be sent again.'
				);
			const user = c.get('user');
			const stored = () => deps.db.select().from(attachments).where(eq(attachments.id, id)).get();
			const over = () =>
				overUnattachedLimit(deps.db, user.id, data.length, deps.config.unattachedPhotoLimit);
			let existing = stored();
			if (!existing) {
				const quota = over();
				if (quota) throw photoQuota(quota);
				const checked = await checkPhoto(data);
				if (!checked.ok) throw notAPhoto(checked.message);
				// Again after the await: the same id, or more of this user's photos, may have landed.
				existing = stored();
				const quotaNow = existing ? null : over();
				if (quotaNow) throw photoQuota(quotaNow);
				if (!existing)
					deps.db
						.insert(attachments)
						.values({
							id,
							ownerId: user.id,
							referralId: null,
							contentType: checked.type,
							size: data.length,
							sha256,
							data,
							createdAt: deps.clock().toISOString()
						})
						.run();
			}
			if (existing) {
				sentBefore(existing, user.id, sha256);
				return c.json({ id, sha256, size: existing.size }, 200);
			}
			return c.json({ id, sha256, size: data.length }, 200);
		})
		.get('/:id', (c) => {
			const id = parseId(c.req.param('id'));
			const user = c.get('user');
			const row = deps.db.select().from(attachments).where(eq(attachments.id, id)).get();
			if (!row) throw photoNotFound();
			// Once part of a referral, a photo is seen exactly by who may see that referral, the
			// uploader too (a support officer taken off a Member's list loses both). Before that,
			// only the uploader may read it back.
			const allowed =
				row.referralId === null ? row.ownerId === user.id : canSee(deps, user, row.referralId);
			if (!allowed) throw photoNotFound();
			// The uploader too: once part of a referral, a photo is that referral's personal data.
			if (row.referralId !== null) audit(deps, user, 'photo', [row.referralId], id);
			// Shown in the page (inline), never as anything but the image type its bytes are, and never
			// kept by the browser's HTTP cache (the API's no-store, and said here too).
			return c.body(new Uint8Array(row.data), 200, {
				'Content-Type': row.contentType,
				'Content-Length': String(row.size),
				'Content-Disposition': `inline; filename="photo-${id}.${extensions[row.contentType] ?? 'img'}"`,
				'X-Content-Type-Options': 'nosniff',
				'Cache-Control': 'no-store'
			});
		});
}
