// Residents' data must not outlive sign-out and the tablet's encryption in the browser's own
// caches: nothing from /api is kept by the HTTP cache or the service worker, and the Member's
// tablet shows photos from its sealed store. An officer's screen shows them from the server.
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { startServer, type RunningServer } from './server.ts';
import { fillCaptureForm, signIn, waitForOfflineReady } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

/** What this page could still read with no network: the HTTP cache, then Cache Storage. */
async function keptCopies(page: Page, urls: string[]) {
	return page.evaluate(async (wanted) => {
		const inHttpCache: string[] = [];
		for (const url of wanted) {
			try {
				await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' });
				inHttpCache.push(url);
			} catch {
				// Not in the HTTP cache: what we want.
			}
		}
		const inCacheStorage: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys())
				if (new URL(request.url).pathname.startsWith('/api/')) inCacheStorage.push(request.url);
		}
		return { inHttpCache, inCacheStorage };
	}, urls);
}

test('photos and API answers are not kept by the HTTP cache or the service worker', async ({
	browser
}) => {
	const photo = await sharp({
		create: { width: 320, height: 240, channels: 3, background: '#7a4' }
	})
		.png()
		.toBuffer();

	const member = await (await browser.newContext({ baseURL: server.url })).newPage();
	await signIn(member, server.url, 'cllr.ahmed');
	await waitForOfflineReady(member);
	await member.goto('/capture');
	await expect(member.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);
	await fillCaptureForm(member, {
		category: 'Pothole',
		description: 'Pothole by the bus stop, photo attached',
		address: 'Bus Stop Lane',
		postcode: 'LS3 1AB',
		residentName: 'Sam Lee'
	});
	await member.locator('#photo-input').setInputFiles({
		name: 'pothole.png',
		mimeType: 'image/png',
		buffer: photo
	});
	await expect(member.getByAltText('Photo 1')).toBeVisible();
	await member.getByRole('button', { name: 'Save referral' }).click();
	await member
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'My referrals' })
		.click();
	const item = member.getByTestId('referral-item').filter({ hasText: 'Bus Stop Lane' });
	await expect(item.getByTestId('reference')).toHaveText(/^CR-\d{4}-\d{5}$/, { timeout: 20_000 });
	const reference = (await item.getByTestId('reference').textContent()) ?? '';

	// The Member's own screen shows the photo from the tablet's sealed store, not the server.
	await item.getByRole('link').click();
	const ownPhoto = member.getByAltText('Photo 1 of the problem');
	await expect(ownPhoto).toBeVisible();
	expect(await ownPhoto.getAttribute('src')).toMatch(/^blob:/);

	// The officer's screen loads it from the server: no-store, inline, nosniff.
	const officer = await (await browser.newContext({ baseURL: server.url })).newPage();
	await signIn(officer, server.url, 'officer.highways');
	const photoAnswer = officer.waitForResponse((res) => res.url().includes('/api/attachments/'));
	await officer.getByTestId('queue-item').filter({ hasText: reference }).getByRole('link').click();
	const answered = await photoAnswer;
	expect(answered.status()).toBe(200);
	expect(answered.headers()['cache-control']).toBe('no-store');
	expect(answered.headers()['content-disposition']).toMatch(
		/^inline; filename="photo-[\w-]+\.jpg"$/
	);
	expect(answered.headers()['x-content-type-options']).toBe('nosniff');
	await expect(officer.getByAltText('Photo 1 of the problem')).toBeVisible();
	const photoPath = new URL(answered.url()).pathname;

	const referralPath = new URL(officer.url()).pathname.replace(/^\/queue/, '/api/referrals');
	for (const [page, urls] of [
		[officer, [photoPath, '/api/auth/me', referralPath, '/api/referrals']],
		[member, ['/api/auth/me', '/api/sync/pull?since=0&limit=200', '/api/reference']]
	] as const) {
		await page.context().setOffline(true);
		expect(await keptCopies(page, [...urls])).toEqual({ inHttpCache: [], inCacheStorage: [] });
		await page.context().setOffline(false);
	}
});
