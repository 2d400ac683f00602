// What the browser sees, as opposed to what the socket shows: the public origin (scheme, host,
// port) and the client's address. Behind a reverse proxy the socket shows the proxy, so the
// X-Forwarded-* headers are honoured, but only when the proxy is declared trusted: otherwise
// any client could write them.
import type { Context } from 'hono';
import type { AppConfig } from '../context.ts';

export type OriginConfig = Pick<AppConfig, 'publicUrl' | 'trustProxy' | 'secureCookies'>;

/**
 * The value our own proxy put in a forwarded header. Each proxy appends to the list, so the
 * entry `trustProxy` places from the right is what the outermost trusted proxy saw; anything
 * left of it was written by the client and proves nothing.
 */
function forwarded(c: Context, config: OriginConfig, header: string): string | undefined {
	if (config.trustProxy <= 0) return undefined;
	const raw = c.req.header(header);
	if (raw === undefined) return undefined;
	const values = raw
		.split(',')
		.map((v) => v.trim())
		.filter((v) => v !== '');
	if (values.length === 0) return undefined;
	return values[Math.max(0, values.length - config.trustProxy)];
}

/** The client's address: the socket's peer, or with a trusted proxy the address it forwarded. */
export function clientAddress(c: Context, config: OriginConfig): string {
	const forwardedFor = forwarded(c, config, 'x-forwarded-for');
	if (forwardedFor) return forwardedFor;
	// Tests through app.request() have no socket.
	const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
	return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

function isLocalHost(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * The origin browsers use for this server (e.g. https://wardline.council.gov.uk): the configured
 * public URL; else what a trusted proxy forwarded; else the request's own URL.
 */
export function publicOrigin(c: Context, config: OriginConfig): URL {
	if (config.publicUrl) return new URL(config.publicUrl);
	const url = new URL(c.req.url);
	const proto = forwarded(c, config, 'x-forwarded-proto');
	const host = forwarded(c, config, 'x-forwarded-host');
	const scheme = proto === 'http' || proto === 'https' ? proto : url.protocol.slice(0, -1);
	// A forwarded host carries its own port (or none): the upstream's port is not the public one.
	const forwardedOrigin = host ? `${scheme}://${host}` : `${scheme}://${url.host}`;
	return new URL(URL.canParse(forwardedOrigin) ? new URL(forwardedOrigin).origin : url.origin);
}

/**
 * Whether the session cookie is marked Secure (and so named with the __Host- prefix). Known
 * when the public URL is configured or a trusted proxy said the scheme; otherwise a host other
 * than localhost is taken to sit behind TLS, as a council deployment always should.
 */
export function cookiesAreSecure(c: Context, config: OriginConfig): boolean {
	if (config.secureCookies !== 'auto') return config.secureCookies;
	const origin = publicOrigin(c, config);
	if (config.publicUrl || forwarded(c, config, 'x-forwarded-proto'))
		return origin.protocol === 'https:';
	return origin.protocol === 'https:' || !isLocalHost(origin.hostname);
}

/**
 * True when `origin` (the browser's Origin header) is this server. With a public URL, scheme,
 * host and port must all match it. Without one, host and port are compared: behind a proxy that
 * terminates TLS the server sees http:// while the browser sends https://.
 */
export function isOwnOrigin(origin: string, c: Context, config: OriginConfig): boolean {
	let sent: URL;
	try {
		sent = new URL(origin);
	} catch {
		return false; // "null" (sandboxed frames, file://) or garbage
	}
	const ours = publicOrigin(c, config);
	return config.publicUrl ? sent.origin === ours.origin : sent.host === ours.host;
}
