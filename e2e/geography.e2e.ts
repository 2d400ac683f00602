// The council's geography on the tablet with no signal: typing a postcode fills in the ward and
// suggests the street; "Use my location" puts a pin and finds the ward; and the admin's import
// page shows what a file it refused was refused for.
import { expect, test } from '@playwright/test';
import { expectNoAccessibilityViolations, signIn, waitForOfflineReady } from './journey.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

/** How many postcodes the tablet keeps in its own copy of the lookup. */
const cachedPostcodes = (page: import('@playwright/test').Page) =>
	page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const open = indexedDB.open('wardline-geography');
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('postcodes')) return resolve(0);
					const count = db.transaction('postcodes').objectStore('postcodes').count();
					count.onsuccess = () => resolve(count.result);
				};
				open.onerror = () => resolve(0);
			})
	);

test('offline, typing a postcode fills in the ward and suggests the street; my location finds the ward', async ({
	page,
	context
}) => {
	await signIn(page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(page);
	// The geography is fetched after the first screen of an unlocked tablet.
	await expect.poll(() => cachedPostcodes(page), { timeout: 20_000 }).toBe(960);

	await context.setOffline(true);
	await page.goto(`${server.url}/capture`);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'New referral' })).toBeVisible();
	const ward = page.getByLabel('Ward', { exact: true });
	// Cllr Ahmed's own ward to start with; the postcode is in Castle.
	await expect(ward).toHaveValue('ward-belah');
	await page.getByLabel('Postcode').fill('ca3 8da');
	await expect(ward).toHaveValue('ward-castle');
	await expect(page.getByTestId('location-status')).toHaveText(
		'Ward set to Castle from the postcode CA3 8DA. You can choose another.'
	);
	await page
		.getByTestId('street-suggestions')
		.getByRole('button', { name: 'Lowther Street' })
		.click();
	await expect(page.getByLabel('Street or place')).toHaveValue('Lowther Street');
	await expect(page.getByTestId('referral-map')).toBeVisible();

	// The Member knows better: their choice stands, and the form says what the postcode says.
	await ward.selectOption({ label: 'Harraby' });
	await expect(page.getByTestId('ward-disagrees')).toContainText(
		'The postcode CA3 8DA is in Castle ward, not Harraby'
	);

	// A pin in Botcherby (a point of the demo's Greystone Road), asked for only on the tap.
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation({ latitude: 54.91673, longitude: -2.896098 });
	await page.getByRole('button', { name: 'Use my location' }).click();
	await expect(ward).toHaveValue('ward-botcherby');
	await expect(page.getByTestId('map-pin')).toBeVisible();
	await expect(page.getByTestId('connection')).toHaveText('Offline');
	await expectNoAccessibilityViolations(page, '/capture with a postcode and a pin');
});

test('an admin checks a postcode file and sees each refusal by line, with nothing changed', async ({
	page
}) => {
	await signIn(page, server.url, 'admin');
	await page.goto(`${server.url}/admin/geography`);
	await expect(page.getByRole('heading', { name: 'Postcode lookup' })).toBeVisible();
	await page.getByTestId('postcodes-file').setInputFiles({
		name: 'postcodes.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(
			'postcode,latitude,longitude,ward_code\nCA1 1AA,54.9,-2.95,E05999001\nCA1 1A,54.9,-2.95,E05999001\n'
		)
	});
	await page.getByRole('button', { name: 'Import' }).nth(1).click();
	const report = page.getByTestId('report-postcodes');
	await expect(report.getByRole('heading')).toHaveText('Not imported: nothing was changed');
	await expect(report.getByRole('row', { name: '3 “CA1 1A” is not a UK postcode' })).toBeVisible();
	await expect(page.getByTestId('postcodes-problem')).toContainText('1 of 2 rows was refused');
	await expect(page.getByRole('row', { name: 'Belah E05999001 Yes 80' })).toBeVisible();
	await expectNoAccessibilityViolations(page, '/admin/geography with a report');
});
