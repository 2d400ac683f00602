// Wrong passwords slow an account down from that address, say for how long, and an admin can let
// the person try again at once. The same browser (one address) plays both people.
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { demoPassword, signIn } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

test('after five wrong passwords the sign-in page says how long to wait; an admin clears it', async ({
	browser
}) => {
	const member = await (await browser.newContext({ baseURL: server.url })).newPage();
	await member.goto('/login');
	for (let i = 0; i < 5; i += 1) {
		await member.getByLabel('Username').fill('cllr.brown');
		await member.getByLabel('Password').fill(`not it ${i}`);
		await member.getByRole('button', { name: 'Sign in' }).click();
		await expect(member.getByTestId('login-error')).toContainText(
			'That username and password do not match.'
		);
	}
	await member.getByLabel('Password').fill(demoPassword);
	await member.getByRole('button', { name: 'Sign in' }).click();
	await expect(member.getByTestId('login-error')).toContainText(
		'Too many sign-in attempts for this account from here. Try again in 30 seconds, or ask an admin to clear the attempts.'
	);

	const admin = await (await browser.newContext({ baseURL: server.url })).newPage();
	await signIn(admin, server.url, 'admin');
	await admin.goto('/admin');
	await admin.getByRole('link', { name: 'Sign-in attempts' }).click();
	const row = admin
		.getByTestId('sign-in-attempts')
		.getByRole('row')
		.filter({ hasText: 'cllr.brown' });
	await expect(row).toContainText('Cllr Tom Brown');
	await expect(row.getByRole('cell').nth(2)).toHaveText('5');
	await row.getByRole('button', { name: /^Clear cllr\.brown from / }).click();
	await expect(admin.getByRole('status')).toContainText('may try again now');
	await expect(admin.getByText('No failed sign-ins in the last day.')).toBeVisible();

	await member.getByRole('button', { name: 'Sign in' }).click();
	await expect(member).not.toHaveURL(/\/login/);
});
