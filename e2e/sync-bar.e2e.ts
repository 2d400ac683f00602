// The sync bar tells a council server answering 503 from a tablet with no network (or a server
// not listening), says when it tries again, and never says "Syncing…" with no network (issue 13).
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

test('a server answering 503 is not "Offline"; no connection is, and each says when it tries again', async ({
	page,
	context
}) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(page);
	const connection = page.getByTestId('connection');
	const detail = page.getByTestId('connection-detail');
	const button = page.getByTestId('sync-bar').getByRole('button');
	await expect(connection).toHaveText('Online');

	await page.route('**/api/sync/**', (route) =>
		route.fulfill({
			status: 503,
			contentType: 'application/json',
			body: JSON.stringify({ error: 'unavailable', message: 'Down for maintenance' })
		})
	);
	await button.click();
	await expect(connection).toHaveText('Server not answering');
	await expect(detail).toContainText("The council's server isn't answering");
	await expect(detail).toContainText(/Trying again (now|in \d+ s|at \d\d:\d\d)\./);

	await page.unroute('**/api/sync/**');
	await server.kill();
	await button.click();
	await expect(connection).toHaveText('Offline');
	await expect(detail).toContainText('no network, or the server is down');
	await expect(detail).toContainText(/Trying again (now|in \d+ s|at \d\d:\d\d)\./);

	await context.setOffline(true);
	await expect(connection).toHaveText('Offline');
	await expect(detail).toContainText('No network.');
	await button.click();
	await expect(button).toHaveText('Sync now');
	await expect(button).toBeEnabled();

	await server.start();
	await context.setOffline(false);
	await expect(connection).toHaveText('Online', { timeout: 20_000 });
	await expect(detail).toHaveCount(0);
});
