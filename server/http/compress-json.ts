// JSON answers over a threshold go out compressed (issue 17): a pull page of 200 referrals or a
// list is hundreds of KB, and a tablet tethered to a phone at a surgery waits on every byte.
// Compressed on libuv's thread pool (node:zlib's async calls), so the event loop goes on serving
// meanwhile; brotli at a fast setting where the client takes it, else gzip. Only JSON (and CSV
// exports): never the live event stream (text/event-stream must reach the app as each event is
// written, not when a buffer fills) and never photos (JPEG, PNG and WebP are compressed already).
// Every header the route and the guards set (Cache-Control: no-store, the CSP...) is kept.
import { createMiddleware } from 'hono/factory';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { chooseEncoding } from './accept-encoding.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Answers smaller than this are sent as they are: compressing them saves next to nothing. */
export const compressThreshold = 1024;
const eligible = /^(?:application\/(?:[\w.+-]+\+)?json|text\/csv)\s*(?:;|$)/i;

export const compressJson = createMiddleware(async (c, next) => {
	await next();
	const res = c.res;
	const type = res.headers.get('Content-Type') ?? '';
	if (!eligible.test(type) || !res.body || c.req.method === 'HEAD') return;
	if (res.status === 206 || res.status === 204 || res.headers.has('Content-Encoding')) return;
	if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')) return;
	const vary = res.headers.get('Vary');
	if (!vary) res.headers.set('Vary', 'Accept-Encoding');
	else if (!/accept-encoding/i.test(vary)) res.headers.set('Vary', `${vary}, Accept-Encoding`);
	const encoding = chooseEncoding(c.req.header('Accept-Encoding'), { br: true, gzip: true });
	if (!encoding) return;
	const length = Number(res.headers.get('Content-Length') ?? NaN);
	if (length < compressThreshold) return;
	const raw = new Uint8Array(await res.arrayBuffer());
	const headers = new Headers(res.headers);
	let body: Uint8Array<ArrayBuffer> = raw;
	if (raw.length >= compressThreshold) {
		body =
			encoding === 'br'
				? ((await brotli(raw, {
						params: {
							[constants.BROTLI_PARAM_QUALITY]: 4,
							[constants.BROTLI_PARAM_SIZE_HINT]: raw.length
						}
					})) as Uint8Array<ArrayBuffer>)
				: ((await gzipAsync(raw, { level: 6 })) as Uint8Array<ArrayBuffer>);
		headers.set('Content-Encoding', encoding);
	}
	headers.set('Content-Length', String(body.length));
	// Replaced outright (c.res = … would merge the old headers, Content-Length among them, back in).
	c.res = undefined;
	c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
});
