// Photos (/api/attachments/:id): uploaded before the mutation naming them, idempotent by id and
// sha256, and shown only to the uploader or someone who may see the referral they belong to.
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
					contentType,
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
			const allowed =
				row.ownerId === user.id || (row.referralId !== null && canSee(deps, user, row.referralId));
			if (!allowed) throw photoNotFound();
			if (row.referralId !== null && row.ownerId !== user.id)
				audit(deps, user, 'photo', [row.referralId], id);
			return c.body(new Uint8Array(row.data), 200, {
				'Content-Type': row.contentType,
				'Content-Length': String(row.size),
				'Cache-Control': 'private, max-age=31536000, immutable',
				ETag: `"${row.sha256}"`
			});
		});
}
