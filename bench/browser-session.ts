// For the browser benchmarks: Chromium (Debian's where present) against the built app and the
// real server process, signed in as a Member with the tablet's passphrase set, offline-ready.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { signIn, waitForOfflineReady } from '../e2e/journey.ts';
import { startServer, type RunningServer } from '../e2e/server.ts';

export interface BrowserSession {
	server: RunningServer;
	browser: Browser;
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

export async function openBrowserSession(): Promise<BrowserSession> {
	if (!existsSync('build/200.html')) throw new Error('No build/: run `npx vite build` first.');
	const server = await startServer();
	const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
		existsSync(p)
	);
	const browser = await chromium.launch({
		executablePath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	const context = await browser.newContext({ serviceWorkers: 'allow' });
	// tsx (esbuild keepNames) wraps functions in __name(); those passed to the page need it there.
	await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
	const page = await context.newPage();
	await signIn(page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(page);
	return {
		server,
		browser,
		context,
		page,
		async close() {
			await browser.close();
			await server.dispose();
		}
	};
}
