// A busy surgery on a bad connection: 50 referrals captured in a burst while the network drops
// in and out and the server is killed (SIGKILL) twice; all 50 arrive exactly once.
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

const captures = 50;
/** Before these captures the server is killed; five captures later it is started again. */
const killsAt = new Set([12, 32]);
const restartAfter = 5;

test('50 referrals captured through outages and two server kills arrive exactly once', async ({
	page,
	context
}) => {
	test.setTimeout(180_000);
	await signIn(page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(page);
	await page.goto(`${server.url}/capture`);
	await expect(page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);

	const stamp = Date.now();
	let offline = false;
	let restarting: Promise<void> | null = null;
	let kills = 0;
	for (let i = 1; i <= captures; i += 1) {
		// Flip the connection every few captures, so some pushes start online and end offline.
		if (i % 4 === 0) {
			offline = !offline;
			await context.setOffline(offline);
		}
		if (killsAt.has(i)) {
			await restarting;
			await server.kill('SIGKILL');
			kills += 1;
		}
		if ([...killsAt].some((k) => i === k + restartAfter)) restarting = server.start();
		await fillCaptureForm(page, {
			category: 'Pothole',
			description: `Burst ${stamp} referral ${i}`,
			address: `${i} Burst Street`,
			postcode: 'LS6 3AA',
			residentName: `Resident ${i}`
		});
		await page.getByRole('button', { name: 'Save referral' }).click();
		await expect(page.getByTestId('saved-confirmation')).toBeVisible();
	}
	expect(kills).toBe(2);
	await restarting;

	// Back online for good: the `online` event resets the backoff and syncs at once.
	await context.setOffline(false);
	if (!offline) {
		await context.setOffline(true);
		await context.setOffline(false);
	}
	await page.goto(`${server.url}/referrals`);
	await expect(page.getByTestId('waiting-count')).toHaveText('Nothing waiting to send', {
		timeout: 90_000
	});

	const onServer = (await serverReferrals(server.url, 'cllr.ahmed')).filter((r) =>
		r.description.startsWith(`Burst ${stamp} `)
	);
	const descriptions = onServer.map((r) => r.description).sort();
	const expected = Array.from(
		{ length: captures },
		(_, i) => `Burst ${stamp} referral ${i + 1}`
	).sort();
	expect(descriptions).toEqual(expected);
	expect(new Set(onServer.map((r) => r.id)).size).toBe(captures);
	expect(new Set(onServer.map((r) => r.reference)).size).toBe(captures);

	// The tablet shows every one as sent, with the server's reference.
	const waiting = page.getByTestId('sync-state').filter({ hasText: 'Waiting to send' });
	await expect(waiting).toHaveCount(0);
	const attention = page.getByTestId('sync-state').filter({ hasText: /attention/i });
	await expect(attention).toHaveCount(0);
});
