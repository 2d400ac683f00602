// Serves the built SvelteKit SPA: real files as they are, any other page path gets the SPA shell (200.html)
// (the client router takes over). The service worker must never be cached by HTTP, or an
// update would not reach tablets; hashed /_app/immutable files can be cached forever.
// The build is fixed while the server runs (the CSP's script hashes are read from it at start),
// so its files are listed once: a request can only ever reach a file that was listed. Each text
// file's brotli and gzip copies, made at build time (scripts/precompress.mjs), are sent as they
// are to a browser that accepts them (issue 17), with the same headers as the plain file.
import type { Context, Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { AppEnv } from '../context.ts';
import { chooseEncoding, type Encoding } from './accept-encoding.ts';

const isServerPath = (path: string) =>
	path === '/api' ||
	path.startsWith('/api/') ||
	path === '/open311' ||
	path.startsWith('/open311/');

function cachePolicy(path: string): string | null {
	if (path.startsWith('/_app/immutable/')) return 'public, max-age=31536000, immutable';
	if (path === '/sw.js' || /^\/workbox-[^/]*\.js$/.test(path) || path === '/manifest.webmanifest')
		return 'no-cache';
	if (path === '/' || path.endsWith('.html')) return 'no-cache';
	return null;
}

interface StaticFile {
	path: string;
	type: string;
	lastModified: string;
	/** The precompressed copies there are, by encoding. */
	variants: Partial<Record<Encoding, string>>;
}

const suffix: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Every file of the build by its URL path ('/' and '/x/' mean their index.html). */
function listBuild(staticDir: string): Map<string, StaticFile> {
	const files = new Map<string, StaticFile>();
	if (!existsSync(staticDir)) return files;
	const names = new Set(readdirSync(staticDir, { recursive: true, encoding: 'utf8' }));
	for (const name of names) {
		if (name.endsWith('.br') || name.endsWith('.gz')) continue;
		const path = join(staticDir, name);
		const stat = statSync(path);
		if (!stat.isFile()) continue;
		const variants: Partial<Record<Encoding, string>> = {};
		for (const encoding of ['br', 'gzip'] as const)
			if (names.has(name + suffix[encoding])) variants[encoding] = path + suffix[encoding];
		const url = '/' + name.split(sep).join('/');
		const file: StaticFile = {
			path,
			type: getMimeType(name) ?? 'application/octet-stream',
			lastModified: stat.mtime.toUTCString(),
			variants
		};
		files.set(url, file);
		if (url === '/index.html' || url.endsWith('/index.html'))
			files.set(url.slice(0, -'index.html'.length), file);
	}
	return files;
}

async function send(c: Context<AppEnv>, file: StaticFile, cacheControl: string | null) {
	const encoding = chooseEncoding(c.req.header('Accept-Encoding'), file.variants);
	const headers: Record<string, string> = {
		'Content-Type': file.type,
		'Last-Modified': file.lastModified
	};
	// Any file with a compressed copy answers differently by Accept-Encoding, whichever it sent.
	if (file.variants.br || file.variants.gzip) headers.Vary = 'Accept-Encoding';
	if (encoding) headers['Content-Encoding'] = encoding;
	if (cacheControl) headers['Cache-Control'] = cacheControl;
	const body = await readFile(encoding ? (file.variants[encoding] ?? file.path) : file.path);
	headers['Content-Length'] = String(body.length);
	if (c.req.method === 'HEAD') return c.body(null, 200, headers);
	return c.body(new Uint8Array(body), 200, headers);
}

export function mountStaticApp(app: Hono<AppEnv>, staticDir: string): void {
	const files = listBuild(staticDir);
	const shell = files.get('/200.html');
	app.on(['GET', 'HEAD'], '*', async (c, next) => {
		const path = c.req.path;
		if (isServerPath(path)) return next();
		const file = files.get(path);
		if (file) return send(c, file, cachePolicy(path));
		// Any other page path: the SPA shell, which the client router takes over.
		if (shell) return send(c, shell, 'no-cache');
		return next();
	});
}
