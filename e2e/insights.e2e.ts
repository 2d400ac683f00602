// An analyst looks for where the problems are: the demo history's hot spots on the Insights page,
// the heat map, and an evidence pack for an outside body that names no resident or house.
import { expect, request, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { demoPassword, signIn } from './journey.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;

test.beforeAll(async () => {
	// The demo history (what `npm start` seeds); other journeys start from an empty council.
	// The spawned server reads the environment once, so it is put back straight after.
	const seed = process.env.WARDLINE_SEED;
	process.env.WARDLINE_SEED = 'history';
	try {
		server = await startServer();
	} finally {
		if (seed === undefined) delete process.env.WARDLINE_SEED;
		else process.env.WARDLINE_SEED = seed;
	}
	// One more fly-tipping report on the demo's Greystone Road hot spot, with details a leak
	// would carry into the evidence pack.
	const api = await request.newContext({ baseURL: server.url });
	const login = await api.post('/api/auth/login', {
		data: { username: 'cllr.brown', password: demoPassword },
		headers: { origin: server.url }
	});
	expect(login.status()).toBe(200);
	const pushed = await api.post('/api/sync/push', {
		headers: { origin: server.url },
		data: {
			deviceId: 'insights-e2e',
			mutations: [
				{
					id: randomUUID(),
					referralId: randomUUID(),
					kind: 'create',
					createdAt: new Date().toISOString(),
					payload: {
						wardId: 'ward-botcherby',
						categoryId: 'cat-fly-tipping',
						channel: 'phone',
						urgency: 'routine',
						description: 'Zebedee Quux says mattresses are dumped behind 221B again',
						location: { address: '221B Greystone Road, Carlisle', postcode: 'CA2 4NF' },
						resident: {
							name: 'Zebedee Quux',
							phone: '07700 900123',
							email: 'zebedee.quux@example.com',
							preferredContact: 'phone'
						},
						capturedAt: new Date().toISOString()
					}
				}
			]
		}
	});
	expect(pushed.status()).toBe(200);
	expect((await pushed.json()) as unknown).toMatchObject({ results: [{ status: 'applied' }] });
	await api.dispose();
});
test.afterAll(async () => {
	await server.dispose();
});

test('an admin sees the heat map and the demo hot spots, and prints an evidence pack', async ({
	page
}) => {
	await signIn(page, server.url, 'admin');
	await page.getByRole('link', { name: 'Insights' }).click();
	await expect(page).toHaveURL(/\/insights$/);
	await expect(page.getByRole('heading', { name: 'Insights', level: 1 })).toBeVisible();

	const heatMap = page.getByTestId('heat-map');
	await expect(heatMap.getByRole('columnheader', { name: 'Belah' })).toBeVisible();
	await expect(heatMap.getByRole('rowheader', { name: 'Blocked drain' })).toBeVisible();

	const hotspots = page.getByTestId('hotspot');
	await expect(hotspots.first()).toContainText(/^Blocked drain in Belah: \d+ in the last 90 days/);
	await expect(hotspots.filter({ hasText: 'Fly-tipping on Greystone Road (CA2)' })).toContainText(
		'Keeps coming back'
	);
	await expect(page.getByRole('heading', { name: 'How hot spots are found' })).toBeVisible();

	// Every chart has its figures as a table behind a toggle.
	const byCategory = page.getByRole('figure').filter({ hasText: 'Referrals by category' });
	await expect(byCategory.getByRole('img')).toHaveAttribute('aria-label', /^Referrals by category/);
	await byCategory.getByRole('button', { name: 'Show as a table' }).click();
	await expect(byCategory.getByRole('rowheader', { name: 'Blocked drain' })).toBeVisible();

	// Filters narrow the figures; the choice is kept in the address for sharing.
	await page.getByLabel('Ward', { exact: true }).selectOption({ label: 'Belah' });
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page).toHaveURL(/wardId=ward-belah/);
	await expect(heatMap.getByRole('columnheader')).toHaveText(['Category', 'Belah', 'All wards']);

	await page.getByRole('link', { name: 'Make an evidence pack' }).click();
	await expect(page).toHaveURL(/\/insights\/evidence-pack/);
	// Unnamed, the pack prints no "Prepared for" line (nor a placeholder for one).
	await expect(page.getByTestId('prepared-for-missing')).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('prepared-for-missing')).toBeHidden();
	expect(await page.locator('main').innerText()).not.toMatch(/prepared for|name the outside/i);
	await page.emulateMedia({ media: 'screen' });
	await page.getByLabel('Prepared for').fill('Yorkshire Water');
	await expect(page.getByTestId('prepared-for')).toHaveText('Prepared for: Yorkshire Water');
	const pages = page.getByTestId('pack-page');
	await expect(pages.first()).toContainText('Blocked drain: Belah ward');
	const greystone = pages.filter({ hasText: 'Fly-tipping: Greystone Road (CA2)' });
	await expect(greystone.getByRole('cell', { name: 'Greystone Road' }).first()).toBeVisible();

	// The pack names no resident, contact detail or house number.
	await page.emulateMedia({ media: 'print' });
	const printed = (await page.locator('main').innerText()).toLowerCase();
	for (const secret of ['zebedee', 'quux', '07700 900123', 'example.com', '221b', 'rear of 40'])
		expect(printed).not.toContain(secret);
	// In print, every hot spot starts on a new page.
	await expect(pages.first()).toHaveCSS('break-before', 'page');
});

test('Insights say plainly that they need a connection', async ({ page, context }) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await page.getByRole('link', { name: 'Insights' }).click();
	await expect(page.getByTestId('heat-map')).toBeVisible();
	await context.setOffline(true);
	await page.getByLabel('Ward', { exact: true }).selectOption({ label: 'Castle' });
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page.getByTestId('insights-problem')).toContainText('Insights need a connection');
	await context.setOffline(false);
	await expect(page.getByTestId('insights-problem')).toBeHidden();
});
