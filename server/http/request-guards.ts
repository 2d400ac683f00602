// Checks every /api request before its route runs: cross-site writes are refused, write bodies
// must be JSON (photos excepted) or empty, and bodies are capped (1 MB JSON, 5 MB photos).
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { geographyFileLimitBytes } from '#domain/geography-import';
import { limits } from '#domain/referral';
import { ApiError } from './errors.ts';
import { isJsonContentType } from './json-body.ts';
import { isOwnOrigin, type OriginConfig } from './public-origin.ts';

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const jsonLimit = 1024 * 1024;

const isAttachmentPath = (path: string) => path.startsWith('/api/attachments/');
/** An admin's geography file (GeoJSON or CSV): its route checks the type; its own size limit. */
const isGeographyImportPath = (path: string) => path.startsWith('/api/admin/geography/');

/**
 * The session cookie is SameSite=Strict already; this is the second lock. A browser sends
 * Origin on every cross-origin write, so an Origin that is not ours means another site. "Ours"
 * is the public origin (WARDLINE_PUBLIC_URL, or what a trusted proxy forwarded): behind a proxy
 * that rewrites Host, the request's own URL names the proxy's upstream, not the site.
 */
export const sameOriginWrites = (config: OriginConfig) =>
	createMiddleware(async (c, next) => {
		if (writeMethods.has(c.req.method)) {
			const origin = c.req.header('origin');
			if (
				(origin !== undefined && !isOwnOrigin(origin, c, config)) ||
				c.req.header('sec-fetch-site') === 'cross-site'
			)
				throw new ApiError(403, 'cross_site', 'Requests from other websites are not accepted.');
			// A form on another site can only send form or text bodies without asking first (CORS).
			const type = c.req.header('content-type');
			if (
				type !== undefined &&
				!isAttachmentPath(c.req.path) &&
				!isGeographyImportPath(c.req.path) &&
				!isJsonContentType(type)
			)
				throw new ApiError(415, 'unsupported_media_type', 'Send the request as application/json.');
		}
		await next();
	});

/**
 * The rest of an oversized body is never read, so the connection cannot carry another request:
 * say so (Connection: close), or the client's next request on it would meet a dropped socket.
 */
const tooLarge = (message: string) => (c: Context) =>
	c.json({ error: 'too_large', message }, 413, { Connection: 'close' });
const jsonBodyLimit = bodyLimit({
	maxSize: jsonLimit,
	onError: tooLarge('The request is larger than 1 MB. Send fewer changes at once.')
});
const photoBodyLimit = bodyLimit({
	maxSize: limits.photoBytes,
	onError: tooLarge('That photo is larger than 5 MB. Take it again at a lower resolution.')
});

/**
 * A write without a Content-Type may only be empty ("retry everything", "sign out"): a body sent
 * without saying what it is would otherwise be ignored, and the request taken for a bare one.
 * Read inside the size limit, so an endless body is cut off at 1 MB.
 */
async function refuseUntypedBody(c: Context): Promise<void> {
	if (!writeMethods.has(c.req.method) || c.req.header('content-type') !== undefined) return;
	if (c.req.raw.body === null) return;
	if ((await c.req.arrayBuffer()).byteLength > 0)
		throw new ApiError(415, 'unsupported_media_type', 'Send the request as application/json.');
}

const geographyBodyLimit = bodyLimit({
	maxSize: geographyFileLimitBytes,
	onError: tooLarge(
		'The file is larger than 50 MB. Download the ward boundaries generalised (BGC) rather than full resolution, or the postcodes of the council’s area only.'
	)
});

export const bodySizeLimits = createMiddleware(async (c, next) =>
	isAttachmentPath(c.req.path)
		? photoBodyLimit(c, next)
		: isGeographyImportPath(c.req.path)
			? geographyBodyLimit(c, next)
			: jsonBodyLimit(c, async () => {
					await refuseUntypedBody(c);
					await next();
				})
);
