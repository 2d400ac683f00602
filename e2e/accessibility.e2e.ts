// Every page of every role checked with axe-core (WCAG 2.1 A and AA): the Members, officers and
// support staff who use Wardline include people who rely on keyboards and screen readers.
import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { expectNoAccessibilityViolations, fillCaptureForm, passLock, signIn } from './journey.ts';

let server: RunningServer;
let referralPath = '';

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

async function check(page: Page, path: string) {
	await page.goto(`${server.url}${path}`);
	await passLock(page);
	await expect(page.locator('main h1').first()).toBeVisible();
	// Pages that load from the server: wait until they are no longer loading.
	await expect(page.getByText('Loading…')).toHaveCount(0);
	await expectNoAccessibilityViolations(page, path);
}

test('the app runs under a CSP that allows no inline script but its own', async ({ browser }) => {
	const context = await browser.newContext({ bypassCSP: false });
	const page = await context.newPage();
	const blocked: string[] = [];
	page.on('console', (message) => {
		if (message.text().includes('Content Security Policy')) blocked.push(message.text());
	});
	const response = await page.goto(`${server.url}/login`);
	const csp = response?.headers()['content-security-policy'] ?? '';
	expect(csp).toMatch(/script-src 'self' 'sha256-/);
	expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	await signIn(page, server.url, 'cllr.brown');
	await page.goto(`${server.url}/capture`);
	await passLock(page);
	await expect(page.getByRole('heading', { name: 'New referral' })).toBeVisible();
	expect(blocked).toEqual([]);
	await context.close();
});

test('the sign-in page', async ({ page }) => {
	await page.goto(`${server.url}/login`);
	await expect(page.getByRole('heading', { name: 'Sign in to Wardline' })).toBeVisible();
	await expectNoAccessibilityViolations(page, '/login');
});

test('every page a Member uses', async ({ page }) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await page.goto(`${server.url}/capture`);
	await passLock(page);
	await expect(page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);
	await fillCaptureForm(page, {
		category: 'Street lighting',
		description: 'Street light flickering all night',
		address: 'Church Street',
		postcode: 'LS1 2AB',
		residentName: 'Ann Lee'
	});
	await page.getByRole('button', { name: 'Save referral' }).click();
	await page.getByRole('link', { name: 'See the referral' }).click();
	referralPath = new URL(page.url()).pathname;
	await expect(page.getByTestId('detail-reference')).toHaveText(/^CR-/, { timeout: 20_000 });
	for (const path of [
		'/referrals',
		'/referrals?show=answered',
		'/referrals?show=all',
		'/capture',
		referralPath,
		'/print/referral-note',
		'/insights',
		'/settings'
	])
		await check(page, path);
	// The capture form with its errors showing.
	await page.goto(`${server.url}/capture`);
	await passLock(page);
	await page.getByRole('button', { name: 'Save referral' }).click();
	await expect(page.getByTestId('error-summary')).toBeVisible();
	await expectNoAccessibilityViolations(page, '/capture with errors');
});

test('every page a support officer and a service officer use', async ({ browser }) => {
	const referralId = referralPath.split('/').pop();
	for (const username of ['support.jones', 'officer.highways']) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, server.url, username);
		for (const path of ['/queue', `/queue/${referralId}`, '/insights']) await check(page, path);
		if (username === 'support.jones') {
			await check(page, '/capture');
			await check(page, '/referrals');
		}
		await context.close();
	}
});

test('every page an admin uses', async ({ page }) => {
	await signIn(page, server.url, 'admin');
	for (const path of [
		'/queue',
		'/admin',
		'/admin/users',
		'/admin/users/new',
		'/admin/users/user-cllr-ahmed',
		'/admin/units',
		'/admin/categories',
		'/admin/wards',
		'/admin/geography',
		'/admin/crm',
		'/admin/mail',
		'/admin/outside-bodies',
		'/admin/privacy',
		'/insights',
		'/insights/evidence-pack'
	])
		await check(page, path);
});
