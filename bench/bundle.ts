// Benchmark: the JavaScript and CSS a browser fetches for the first page, gzip, measured in
// headless Chromium against the built app (every script and stylesheet the page requests, sized
// as gzip -9 of the file in build/). Three first visits:
//   - signed out: `/` sends to the sign-in page; counted until its form is on screen;
//   - a Member's tablet (signed in, locked as after every full load): until the unlock screen;
//   - the same Member after typing the passphrase: until "My referrals" is on screen.
// Scripts fetched after the page is on screen (loaded in the background) are shown separately.
// Run alone: npx vite build && npx tsx bench/bundle.ts   (BENCH_VERBOSE=1 lists the files)
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tabletPassphrase } from '../e2e/journey.ts';
import { openBrowserSession } from './browser-session.ts';
import { kb, report, type BenchRow } from './report.ts';

const buildDir = 'build';
const gzipped = new Map<string, number>();

/** gzip -9 size of a built file, by its URL path. */
function gzipSize(path: string): number {
	let size = gzipped.get(path);
	if (size === undefined) {
		const file = join(buildDir, path.replace(/^\//, ''));
		size = gzipSync(readFileSync(file), { level: 9 }).length;
		gzipped.set(path, size);
	}
	return size;
}

/** The inline bootstrap script SvelteKit writes into every page is shipped too. */
function inlineScriptSize(htmlFile: string): number {
	const html = readFileSync(join(buildDir, htmlFile), 'utf8');
	const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
	return gzipSync(inline, { level: 9 }).length;
}

interface Load {
	js: number;
	css: number;
	files: number;
	/** Scripts requested in the two seconds after the page was on screen. */
	laterJs: number;
}

/**
 * Opens `url` in a new page and counts what it fetched until `selector` was on screen (seen by a
 * MutationObserver in the page; request times come from the page's Resource Timing entries).
 */
async function firstLoad(
	context: BrowserContext,
	url: string,
	htmlFile: string,
	selector: string,
	interact: (page: Page) => Promise<void> = async () => {}
): Promise<Load> {
	const page = await context.newPage();
	await page.addInitScript((wanted: string) => {
		const mark = { ready: 0 };
		(globalThis as unknown as { __ready: typeof mark }).__ready = mark;
		new MutationObserver((_, observer) => {
			if (document.querySelector(wanted)) {
				mark.ready = performance.now();
				observer.disconnect();
			}
		}).observe(document, { childList: true, subtree: true });
	}, selector);
	await page.goto(url);
	await interact(page);
	await page.locator(selector).first().waitFor();
	await page.waitForTimeout(2000);
	const { ready, entries } = await page.evaluate(() => ({
		ready: (globalThis as unknown as { __ready: { ready: number } }).__ready.ready,
		entries: performance
			.getEntriesByType('resource')
			.map((e) => ({ path: new URL(e.name).pathname, start: e.startTime }))
	}));
	await page.close();
	const assets = entries.filter((e) => /^\/_app\/.*\.(js|css)$/.test(e.path));
	const onScreen = [...new Set(assets.filter((e) => e.start <= ready).map((e) => e.path))];
	const later = [...new Set(assets.filter((e) => e.start > ready).map((e) => e.path))].filter(
		(p) => !onScreen.includes(p)
	);
	if (process.env.BENCH_VERBOSE === '1')
		console.log(
			`${url} until ${selector}:\n  ${onScreen.join('\n  ')}\nlater:\n  ${later.join('\n  ')}`
		);
	const sum = (paths: string[], ext: string) =>
		paths.filter((p) => p.endsWith(ext)).reduce((total, p) => total + gzipSize(p), 0);
	return {
		js: sum(onScreen, '.js') + inlineScriptSize(htmlFile),
		css: sum(onScreen, '.css'),
		files: onScreen.length,
		laterJs: sum(later, '.js')
	};
}

function rows(label: string, load: Load, target?: string): BenchRow[] {
	return [
		{
			benchmark: 'first page',
			measure: `${label}: JavaScript, gzip (${load.files} files + inline bootstrap)`,
			value: kb(load.js),
			...(target ? { target } : {})
		},
		{ benchmark: 'first page', measure: `${label}: CSS, gzip`, value: kb(load.css) },
		{
			benchmark: 'first page',
			measure: `${label}: JavaScript fetched in the background afterwards`,
			value: kb(load.laterJs)
		}
	];
}

const session = await openBrowserSession();
const { browser, context, server } = session;
try {
	const stranger = await browser.newContext();
	const signedOut = await firstLoad(stranger, `${server.url}/`, 'index.html', '#username');
	await stranger.close();

	// The Member's tablet: signed in, passphrase set, service worker in control.
	const locked = await firstLoad(context, `${server.url}/`, 'index.html', '#unlock-passphrase');
	const unlocked = await firstLoad(
		context,
		`${server.url}/`,
		'index.html',
		'nav.tabs',
		async (page) => {
			await page.locator('#unlock-passphrase').fill(tabletPassphrase);
			await page.locator('#unlock-passphrase').press('Enter');
		}
	);

	report([
		...rows('signed out, sign-in page', signedOut, '< 100 KB'),
		...rows("Member's tablet, unlock screen", locked, '< 100 KB'),
		...rows("Member's tablet, unlocked to My referrals", unlocked)
	]);
} finally {
	await session.close();
}
