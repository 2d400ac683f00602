// A Member at a surgery with no signal: capture, reload offline, reconnect, and the referral
// reaches the council by itself, once.
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

test('a referral captured offline survives reloads and is sent by itself when back online', async ({
	page,
	context
}) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(page);
	await page.goto(`${server.url}/capture`);
	await expect(page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'New referral' })).toBeVisible();

	const description = `Blocked drain flooding the pavement ${Date.now()}`;
	await fillCaptureForm(page, {
		category: 'Blocked drain',
		description,
		address: 'Outside 14 Mill Lane',
		postcode: 'ls1 4ap',
		residentName: 'Margaret Okafor',
		phone: '0113 496 0000'
	});
	await page.getByRole('button', { name: 'Save referral' }).click();
	await expect(page.getByTestId('saved-confirmation')).toBeVisible();

	for (const path of ['/referrals', '/capture', '/login', '/referrals']) {
		await page.goto(`${server.url}${path}`);
		await page.reload();
	}
	const item = page.getByTestId('referral-item').filter({ hasText: 'Mill Lane' });
	await expect(item.getByTestId('reference')).toHaveText('Not yet sent');
	await expect(item.getByTestId('sync-state')).toHaveText('Waiting to send');
	await expect(page.getByTestId('connection')).toHaveText('Offline');
	await expect(page.getByTestId('waiting-count')).toContainText('1 item waiting to send');

	await item.getByRole('link').click();
	await expect(page).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('detail-reference')).toHaveText('Not yet sent');
	await page.reload();
	await expect(page.getByTestId('detail-reference')).toHaveText('Not yet sent');
	await page.goto(`${server.url}/referrals`);

	await context.setOffline(false);
	await expect(item.getByTestId('reference')).toHaveText(/^CR-\d{4}-\d{5}$/, { timeout: 20_000 });
	await expect(item.getByTestId('sync-state')).toHaveText('Sent');
	await expect(page.getByTestId('waiting-count')).toHaveText('Nothing waiting to send');

	const onServer = (await serverReferrals(server.url, 'cllr.ahmed')).filter(
		(r) => r.description === description
	);
	expect(onServer).toHaveLength(1);
	await expect(item.getByTestId('reference')).toHaveText(onServer[0].reference);
});

test('a half-filled form is still there after a reload', async ({ page }) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await page.goto(`${server.url}/capture`);
	await page.getByLabel('What is the problem').fill('Streetlight out for two weeks');
	await page.getByLabel('Name', { exact: true }).fill('Dev Patel');
	await page.waitForTimeout(600);
	await page.reload();
	await expect(page.getByLabel('What is the problem')).toHaveValue('Streetlight out for two weeks');
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Dev Patel');
});

test('errors are shown beside each field and in a summary, and nothing is saved', async ({
	page
}) => {
	await signIn(page, server.url, 'cllr.brown');
	await page.goto(`${server.url}/capture`);
	await page.getByLabel('Postcode').fill('not a postcode');
	await page.getByRole('button', { name: 'Save referral' }).click();
	const summary = page.getByTestId('error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Say what the problem is');
	await expect(summary).toContainText('Enter a UK postcode, like LS1 4AP');
	await expect(page.locator('#location-postcode-error')).toContainText('Enter a UK postcode');
	await page.goto(`${server.url}/referrals`);
	await expect(page.getByText('Nothing is waiting for the council.')).toBeVisible();
	await page.goto(`${server.url}/referrals?show=all`);
	await expect(page.getByText('No referrals on this tablet yet.')).toBeVisible();
});
