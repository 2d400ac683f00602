// The Communications Manager at a desk: changes a Business Unit's response target and a
// category's routing, sees both saved; and without a connection is told so plainly.
import { expect, request, test, type Page } from '@playwright/test';
import { demoPassword, signIn } from './journey.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

async function openAdmin(page: Page, section: string): Promise<void> {
	await signIn(page, server.url, 'admin');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
	await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();
	await page.getByRole('link', { name: section }).click();
	await expect(page.getByRole('heading', { name: section, level: 1 })).toBeVisible();
}

/** Leaves the page and comes back through the app, so the section loads afresh from the server. */
async function revisit(page: Page, section: string): Promise<void> {
	await page.getByRole('link', { name: '← Admin' }).click();
	await page.getByRole('link', { name: section }).click();
	await expect(page.getByRole('heading', { name: section, level: 1 })).toBeVisible();
}

/** What the server now holds, read through the real admin API. */
async function adminGet<T>(path: string): Promise<T> {
	const api = await request.newContext({ baseURL: server.url });
	const login = await api.post('/api/auth/login', {
		data: { username: 'admin', password: demoPassword },
		headers: { origin: server.url }
	});
	expect(login.status()).toBe(200);
	const response = await api.get(path);
	expect(response.status()).toBe(200);
	const body = (await response.json()) as T;
	await api.dispose();
	return body;
}

test('an admin changes a unit’s response targets and a category’s routing, and sees both saved', async ({
	page
}) => {
	await openAdmin(page, 'Business Units');
	const parks = () => page.getByRole('group', { name: 'Parks', exact: true });
	await expect(parks().getByLabel('Routine target')).toHaveValue('10');
	await parks().getByLabel('Routine target').fill('7');
	await parks().getByLabel('Urgent target').fill('1');
	await parks().getByRole('button', { name: 'Save' }).click();
	await expect(parks().getByRole('status')).toHaveText('Saved.');
	await revisit(page, 'Business Units');
	await expect(parks().getByLabel('Routine target')).toHaveValue('7');
	await expect(parks().getByLabel('Urgent target')).toHaveValue('1');

	await page.getByRole('link', { name: 'Categories and routing' }).click();
	const pothole = () => page.getByRole('group', { name: 'Pothole', exact: true });
	await expect(pothole().getByLabel('Sent to')).toHaveValue('unit-highways');
	await pothole().getByLabel('Sent to').selectOption({ label: 'Parks' });
	await pothole().getByRole('button', { name: 'Save' }).click();
	await expect(pothole().getByRole('status')).toHaveText(
		'Saved. New Pothole referrals go to Parks.'
	);
	await revisit(page, 'Categories and routing');
	await expect(pothole().getByLabel('Sent to')).toHaveValue('unit-parks');

	const { units } = await adminGet<{
		units: { id: string; targetDays: number; targetDaysUrgent: number }[];
	}>('/api/admin/units');
	expect(units.find((u) => u.id === 'unit-parks')).toMatchObject({
		targetDays: 7,
		targetDaysUrgent: 1
	});
	const { categories } = await adminGet<{ categories: { id: string; unitId: string }[] }>(
		'/api/admin/categories'
	);
	expect(categories.find((c) => c.id === 'cat-pothole')?.unitId).toBe('unit-parks');
});

test('without a connection, admin says so and nothing is half-saved', async ({ page, context }) => {
	await openAdmin(page, 'Wards');
	const belah = page.getByRole('group', { name: 'Belah', exact: true });
	await expect(belah.getByLabel('Name')).toHaveValue('Belah');

	await context.setOffline(true);
	await expect(page.getByTestId('admin-offline')).toHaveText(/^Admin needs a connection/);
	await belah.getByLabel('Name').fill('Belah and Kingmoor');
	await belah.getByRole('button', { name: 'Save' }).click();
	await expect(belah.getByTestId('error-summary')).toBeFocused();
	await expect(belah.getByTestId('error-summary')).toContainText('Admin needs a connection');

	await context.setOffline(false);
	await expect(page.getByTestId('admin-offline')).toBeHidden();
	const { wards } = await adminGet<{ wards: { id: string; name: string }[] }>('/api/admin/wards');
	expect(wards.find((w) => w.id === 'ward-belah')?.name).toBe('Belah');
});
