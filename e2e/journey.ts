// Steps shared by the browser specs: sign in, wait for the offline shell, fill the capture form,
// and ask the server (as the Member) what it holds.
import { expect, request, type Page } from '@playwright/test';

export const demoPassword = 'wardline-demo';

export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
	// Page errors go to the test's output: a failing journey then says why.
	page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
	page.on('console', (message) => {
		// Failed requests are expected here: these journeys cut the network on purpose.
		if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
			console.log(`[console] ${message.text()}`);
	});
	await page.goto(`${baseUrl}/login`);
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(demoPassword);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/referrals$/);
}

/** Resolves once the service worker controls the page, so the app opens with no network. */
export async function waitForOfflineReady(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	// A worker installed by this page controls the next navigation (it does not claim pages).
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);
}

export interface CaptureInput {
	category: string;
	description: string;
	address: string;
	postcode: string;
	residentName: string;
	phone?: string;
}

export async function fillCaptureForm(page: Page, input: CaptureInput): Promise<void> {
	await page.getByLabel('What kind of problem').selectOption({ label: input.category });
	await page.getByLabel('What is the problem').fill(input.description);
	await page.getByLabel('Street or place').fill(input.address);
	await page.getByLabel('Postcode').fill(input.postcode);
	await page.getByLabel('Name', { exact: true }).fill(input.residentName);
	if (input.phone) await page.getByLabel('Phone').fill(input.phone);
}

/** The referrals the server holds for this user, read through the real API. */
export async function serverReferrals(
	baseUrl: string,
	username: string
): Promise<{ id: string; reference: string; description: string }[]> {
	const api = await request.newContext({ baseURL: baseUrl });
	const login = await api.post('/api/auth/login', {
		data: { username, password: demoPassword },
		headers: { origin: baseUrl }
	});
	expect(login.status()).toBe(200);
	const response = await api.get('/api/referrals');
	expect(response.status()).toBe(200);
	const body = (await response.json()) as {
		referrals: { id: string; reference: string; description: string }[];
	};
	await api.dispose();
	return body.referrals;
}
