// Serves the built SvelteKit SPA: real files as they are, any other page path gets the SPA shell (200.html)
// (the client router takes over). The service worker must never be cached by HTTP, or an
// update would not reach tablets; hashed /_app/immutable files can be cached forever.
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppEnv } from '../context.ts';

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

export function mountStaticApp(app: Hono<AppEnv>, staticDir: string): void {
	const files = serveStatic({ root: staticDir });
	app.use('*', async (c, next) => {
		if (isServerPath(c.req.path)) return next();
		const res = await files(c, next);
		const policy = cachePolicy(c.req.path);
		if (res && policy && res.status === 200) res.headers.set('Cache-Control', policy);
		return res;
	});
	app.get('*', async (c, next) => {
		if (isServerPath(c.req.path)) return next();
		let html: string;
		try {
			html = await readFile(join(staticDir, '200.html'), 'utf8');
		} catch {
			return next();
		}
		return c.html(html, 200, { 'Cache-Control': 'no-cache' });
	});
}
