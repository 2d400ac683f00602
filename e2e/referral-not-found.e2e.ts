// Issue 13: a referral the tablet does not hold says so within 2 s (never "Loading…" for ever).
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { signIn, waitForOfflineReady } from './journey.ts';

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

test('a referral you may not see says so within 2 s, online and offline', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: server.url });
	const page = await context.newPage();
	await signIn(page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(page);
	await page.goto('/referrals/00000000-0000-4000-8000-000000000000');
	await expect(page.getByTestId('referral-not-found')).toBeVisible({ timeout: 2_000 });
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('referral-not-found')).toBeVisible({ timeout: 2_000 });
	await context.close();
});
