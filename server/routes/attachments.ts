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

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);
const extensions: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp'
};

/**
 * The image type the bytes themselves show (JPEG, PNG or WebP signature), or null. Stored and
 * served instead of the type the client claimed, so a photo is never served as something else.
 */
export function sniffImageType(data: Uint8Array): string | null {
	const starts = (offset: number, bytes: number[]) =>
		data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
	if (starts(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	// RIFF....WEBP
	if (starts(0, [0x52, 0x49, 0x46, 0x46]) && starts(8, [0x57, 0x45, 0x42, 0x50]))
		return 'image/webp';
	return null;
}
const photoNotFound = () => notFound('That photo does not exist, or is not yours to see.');

function parseId(id: string): string {
	if (!Uuid.safeParse(id).success) throw badRequest('A photo id must be a UUID.');
	return id.toLowerCase();
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
			const storedType = sniffImageType(data);
			if (storedType === null)
				throw new ApiError(
					415,
					'unsupported_media_type',
					'That file is not a JPEG, PNG or WebP photo. Take the photo again.'
				);
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
			const existing = deps.db.select().from(attachments).where(eq(attachments.id, id)).get();
			if (existing) {
				if (existing.sha256 !== sha256 || existing.ownerId !== user.id)
					throw new ApiError(409, 'conflict', 'A different photo was already sent with this id.');
				return c.json({ id, sha256, size: existing.size }, 200);
			}
			deps.db
				.insert(attachments)
				.values({
					id,
					ownerId: user.id,
					referralId: null,
					contentType: storedType,
					size: data.length,
					sha256,
					data,
					createdAt: deps.clock().toISOString()
				})
				.run();
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
