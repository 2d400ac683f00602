// Read marks follow the person (issue 13): an answer read on one tablet is read on their other
// tablet, "mark all as read" clears the badge everywhere, and the list's search finds a referral
// by street and resident offline.
import { expect, request, test, type Browser } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { demoPassword, expectNoAccessibilityViolations, potholeCreate, signIn } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

async function api(username: string) {
	const context = await request.newContext({
		baseURL: server.url,
		extraHTTPHeaders: { origin: server.url }
	});
	const login = await context.post('/api/auth/login', {
		data: { username, password: demoPassword }
	});
	expect(login.status()).toBe(200);
	return context;
}

/** Three referrals of Cllr Ahmed's, answered by Highways. */
async function seedAnswers(): Promise<void> {
	const member = await api('cllr.ahmed');
	const officer = await api('officer.highways');
	const streets = ['Warwick Road', 'Botchergate', 'Scotch Street'];
	const names = ['Mary Smith', 'Tom Bell', 'Asha Patel'];
	for (const [i, street] of streets.entries()) {
		const create = potholeCreate({
			description: `Pothole ${i}`,
			location: { address: `${i + 1} ${street}, Carlisle`, postcode: 'CA1 1AA' },
			resident: { name: names[i], phone: '01228 496000', preferredContact: 'phone' },
			capturedAt: new Date(Date.now() - i * 60_000).toISOString()
		});
		const { referralId } = create;
		const push = await member.post('/api/sync/push', {
			data: { deviceId: 'seed-device', mutations: [create] }
		});
		expect(push.status()).toBe(200);
		expect(
			(
				await officer.post(`/api/referrals/${referralId}/status`, {
					data: { status: 'in_progress' }
				})
			).status()
		).toBe(200);
		expect(
			(
				await officer.post(`/api/referrals/${referralId}/responses`, { data: { text: 'Filled.' } })
			).status()
		).toBe(200);
	}
	await member.dispose();
	await officer.dispose();
}

async function tablet(browser: Browser) {
	const context = await browser.newContext({ baseURL: server.url });
	const page = await context.newPage();
	await signIn(page, server.url, 'cllr.ahmed');
	return { context, page };
}

test('an answer read on one tablet is read on the other, and "mark all as read" clears both', async ({
	browser
}) => {
	await seedAnswers();
	const a = await tablet(browser);
	await expect(a.page.getByTestId('unread-answers')).toHaveText('3', { timeout: 20_000 });

	await a.page.getByRole('link', { name: /^Answered/ }).click();
	await a.page.getByLabel('Search').fill('botcher bell');
	await expect(a.page.getByTestId('list-status')).toContainText('1 found');
	const found = a.page.getByTestId('referral-item');
	await expect(found).toHaveCount(1);
	await expect(found.getByTestId('new-answer')).toBeVisible();
	await found.getByRole('link').click();
	await expect(a.page.getByTestId('unread-answers')).toHaveText('2');

	const b = await tablet(browser);
	await expect(b.page.getByTestId('unread-answers')).toHaveText('2', { timeout: 20_000 });
	await b.page.getByRole('link', { name: /^Answered/ }).click();
	await expect(b.page.getByTestId('new-answer')).toHaveCount(2);
	await b.page.getByRole('button', { name: 'Mark all as read' }).click();
	await expect(b.page.getByText('2 answers marked as read.')).toBeVisible();
	await expect(b.page.getByTestId('unread-answers')).toHaveCount(0);
	await b.page.getByLabel('Search').fill('scotch');
	await expectNoAccessibilityViolations(b.page, 'the list with a search');

	await a.page.reload();
	await expect(a.page.getByTestId('unread-answers')).toHaveCount(0, { timeout: 20_000 });
	await a.context.close();
	await b.context.close();
});
