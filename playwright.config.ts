// Browser tests: real Chromium (Debian's where present) against the built app and real server,
// which each spec starts itself (e2e/server.ts) so it can kill and restart it.
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
	existsSync(p)
);

export default defineConfig({
	testDir: 'e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		trace: 'on-first-retry',
		serviceWorkers: 'allow',
		// axe-core is injected as an inline script, which the app's strict CSP rightly refuses;
		// the CSP itself is checked with bypassCSP off (accessibility.e2e.ts).
		bypassCSP: true,
		launchOptions: {
			executablePath: systemChromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	}
});
