// A fresh tablet's pull is sealed and written by the pull worker, not the page (issue 17): the
// worker starts from the built app (CSP and precache allow it), and what it wrote opens in the
// page with the page's key.
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { fillCaptureForm, signIn } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

test('a second tablet pulls in the pull worker and opens what it wrote', async ({
	page,
	browser
}) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await page.goto(`${server.url}/capture`);
	await expect(page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);
	await fillCaptureForm(page, {
		category: 'Pothole',
		description: 'Deep pothole outside the library',
		address: 'Library Lane',
		postcode: 'LS2 7HY',
		residentName: 'Grace Hopper'
	});
	await page.getByRole('button', { name: 'Save referral' }).click();
	await expect(page.getByTestId('waiting-count')).toHaveText('Nothing waiting to send', {
		timeout: 20_000
	});

	const other = await browser.newContext({ serviceWorkers: 'allow' });
	const tablet = await other.newPage();
	const workerStarted = tablet.waitForEvent('worker', {
		predicate: (worker) => worker.url().includes('pull-worker'),
		timeout: 30_000
	});
	await signIn(tablet, server.url, 'cllr.ahmed');
	await workerStarted;
	// The list open since sign-in hears the worker's writes (Dexie tells other contexts).
	const item = tablet.getByTestId('referral-item').filter({ hasText: 'Library Lane' });
	await expect(item.getByTestId('reference')).toHaveText(/^CR-\d{4}-\d{5}$/, { timeout: 20_000 });
	await item.getByRole('link').click();
	await expect(tablet.getByText('Grace Hopper')).toBeVisible();
	await other.close();
});
