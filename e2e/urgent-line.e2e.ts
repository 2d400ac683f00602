// A category's urgent line: an admin writes it, and a Member capturing an urgent referral of
// that category sees it on the form (and not for a routine one).
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { signIn } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

test('a Member capturing an urgent flooding referral is told who to call at once', async ({
	browser
}) => {
	const context = await browser.newContext({ baseURL: server.url });
	const page = await context.newPage();
	await signIn(page, server.url, 'cllr.ahmed');
	await page.goto('/capture');
	const category = page.getByLabel('What kind of problem');
	await expect(category.locator('option')).not.toHaveCount(1);
	await category.selectOption({ label: 'Flooding' });
	await page.getByLabel('How urgent').selectOption('routine');
	await expect(page.getByTestId('urgent-line')).toHaveCount(0);
	await page.getByLabel('How urgent').selectOption('urgent');
	await expect(page.getByTestId('urgent-line')).toContainText('call 999');
	await category.selectOption({ label: 'Graffiti' });
	await expect(page.getByTestId('urgent-line')).toHaveCount(0);
	await context.close();
});
