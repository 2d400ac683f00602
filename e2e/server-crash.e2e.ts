// The server is killed while a push is in flight (after it stored the referral, before the
// tablet heard back); when it comes back, the tablet resends and the referral exists once.
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { fillCaptureForm, serverReferrals, signIn, waitForOfflineReady } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

test('a push cut off by a server crash arrives exactly once after the restart', async ({
	page
}) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(page);
	await page.goto(`${server.url}/capture`);
	await expect(page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);

	let pushes = 0;
	await page.route('**/api/sync/push', async (route) => {
		pushes += 1;
		if (pushes === 1) {
			// Let the server apply the push, then kill it before the answer reaches the tablet.
			await route.fetch().catch(() => undefined);
			await server.kill('SIGKILL');
			await route.abort('connectionreset');
			setTimeout(() => void server.start(), 1500);
			return;
		}
		await route.continue();
	});

	const description = `Pothole by the bus stop ${Date.now()}`;
	await fillCaptureForm(page, {
		category: 'Pothole',
		description,
		address: 'Station Road',
		postcode: 'LS2 7HY',
		residentName: 'Alan Whitby'
	});
	await page.getByRole('button', { name: 'Save referral' }).click();
	await page.getByRole('navigation').getByRole('link', { name: 'My referrals' }).click();

	const item = page.getByTestId('referral-item').filter({ hasText: 'Station Road' });
	await expect(item.getByTestId('reference')).toHaveText(/^CR-\d{4}-\d{5}$/, { timeout: 40_000 });
	expect(pushes).toBeGreaterThanOrEqual(2);

	const onServer = (await serverReferrals(server.url, 'cllr.ahmed')).filter(
		(r) => r.description === description
	);
	expect(onServer).toHaveLength(1);
	await expect(item.getByTestId('reference')).toHaveText(onServer[0].reference);
});

test('a server killed before the push reaches it loses nothing', async ({ page }) => {
	await signIn(page, server.url, 'cllr.brown');
	await waitForOfflineReady(page);
	await page.goto(`${server.url}/capture`);
	await expect(page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);
	await server.kill('SIGKILL');

	const description = `Fly-tipping in the alley ${Date.now()}`;
	await fillCaptureForm(page, {
		category: 'Fly-tipping',
		description,
		address: 'Back Lane',
		postcode: 'LS6 2AA',
		residentName: 'Ruth Green'
	});
	await page.getByRole('button', { name: 'Save referral' }).click();
	await page.getByRole('navigation').getByRole('link', { name: 'My referrals' }).click();
	const item = page.getByTestId('referral-item').filter({ hasText: 'Back Lane' });
	await expect(item.getByTestId('sync-state')).toHaveText('Waiting to send');

	await server.start();
	await expect(item.getByTestId('reference')).toHaveText(/^CR-\d{4}-\d{5}$/, { timeout: 40_000 });
	const onServer = (await serverReferrals(server.url, 'cllr.brown')).filter(
		(r) => r.description === description
	);
	expect(onServer).toHaveLength(1);
});
