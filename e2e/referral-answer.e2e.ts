// The round trip Members asked for: a Member captures, the service team answers, and the Member
// reads the answer (offline after one sync), tells the resident and rates it.
import { expect, request, test, type Browser, type Locator } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import {
	demoPassword,
	fillCaptureForm,
	potholeCreate,
	serverReferrals,
	signIn,
	waitForOfflineReady
} from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

/** Whether `upper` is drawn above `lower` on the page (both visible). */
async function isAbove(upper: Locator, lower: Locator): Promise<boolean> {
	const [a, b] = [await upper.boundingBox(), await lower.boundingBox()];
	return a !== null && b !== null && a.y + a.height <= b.y;
}

async function newPage(browser: Browser) {
	const context = await browser.newContext({ baseURL: server.url });
	return { context, page: await context.newPage() };
}

test('an officer answers a Member’s referral and the Member reads, tells and rates it', async ({
	browser
}) => {
	const member = await newPage(browser);
	await signIn(member.page, server.url, 'cllr.ahmed');
	await waitForOfflineReady(member.page);
	await member.page.goto('/capture');
	await expect(member.page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);
	const description = `Deep pothole outside the school ${Date.now()}`;
	await fillCaptureForm(member.page, {
		category: 'Pothole',
		description,
		address: 'School Lane',
		postcode: 'LS3 1AB',
		residentName: 'Priya Shah'
	});
	await member.page.getByRole('button', { name: 'Save referral' }).click();
	await member.page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'My referrals' })
		.click();
	const item = member.page.getByTestId('referral-item').filter({ hasText: 'School Lane' });
	await expect(item.getByTestId('reference')).toHaveText(/^CR-\d{4}-\d{5}$/, { timeout: 20_000 });
	const referenceText = (await item.getByTestId('reference').textContent()) ?? '';

	const officer = await newPage(browser);
	await signIn(officer.page, server.url, 'officer.highways');
	// The team keeps a template for the common answer.
	await officer.page.getByRole('link', { name: 'Response templates' }).click();
	await officer.page.getByLabel('Name', { exact: false }).first().fill('Pothole filled');
	await officer.page.getByLabel('Answer').last().fill('Our crew filled the pothole this week.');
	await officer.page.getByRole('button', { name: 'Add template' }).click();
	await expect(officer.page.getByTestId('template')).toHaveCount(1);
	await officer.page.getByRole('link', { name: '← Back to the list' }).click();
	const queued = officer.page.getByTestId('queue-item').filter({ hasText: referenceText });
	await queued.getByRole('link').click();
	// The officer takes it on: the queue then finds it under "Mine", not "Unassigned".
	await officer.page.getByRole('button', { name: 'Take it on myself' }).click();
	await expect(officer.page.getByTestId('assigned-to')).toHaveText('With Priya Patel (Highways)');
	await officer.page.getByRole('link', { name: '← Back to the list' }).click();
	await officer.page.getByLabel('Who has it').selectOption({ label: 'Unassigned' });
	await expect(queued).toHaveCount(0);
	await officer.page.getByLabel('Who has it').selectOption({ label: 'Mine' });
	await expect(queued.getByTestId('assignee')).toHaveText('with Priya Patel (Highways)');
	await queued.getByRole('link').click();
	await officer.page.getByRole('button', { name: 'Start work on it' }).click();
	await expect(officer.page.getByTestId('queue-status')).toHaveText('Being worked on');
	// Choosing the template fills the answer, which stays the officer's to edit.
	await officer.page.getByLabel('Start from a template').selectOption({ label: 'Pothole filled' });
	await expect(officer.page.getByLabel('Response to the Member')).toHaveValue(
		'Our crew filled the pothole this week.'
	);
	await officer.page
		.getByLabel('Response to the Member')
		.fill('Filled on 24 November by the highways crew.');
	await officer.page.getByRole('button', { name: 'Send response' }).click();
	await expect(officer.page.getByTestId('queue-status')).toHaveText('Answered');
	// An answered referral opens with the answer, above the resident and the forms; no "due".
	await officer.page.reload();
	const officerAnswer = officer.page.getByTestId('council-answer');
	await expect(officerAnswer).toContainText('Filled on 24 November by the highways crew.');
	const officerMain = officer.page.locator('main#main');
	expect(
		await isAbove(
			officerAnswer,
			officerMain.getByRole('heading', { name: 'The resident', exact: true })
		)
	).toBe(true);
	expect(
		await isAbove(
			officerAnswer,
			officer.page.getByRole('heading', { name: 'Act on this referral' })
		)
	).toBe(true);
	await expect(officerMain.getByText(/^due |overdue/)).toHaveCount(0);
	// Every move is a verb: never a button named for a status, such as "Reopened".
	await expect(officer.page.getByRole('button', { name: 'Reopen (more to do)' })).toBeVisible();
	await expect(officer.page.getByRole('button', { name: 'Reopened', exact: true })).toHaveCount(0);

	// The Member's tablet syncs on start; then the signal goes.
	await member.page.reload();
	await expect(member.page.getByTestId('unread-answers')).toHaveText('1', { timeout: 20_000 });
	await member.context.setOffline(true);
	await member.page.getByRole('link', { name: /^Answered/ }).click();
	const answered = member.page.getByTestId('referral-item').filter({ hasText: 'School Lane' });
	await expect(answered.getByTestId('new-answer')).toBeVisible();
	await answered.getByRole('link').click();
	await expect(member.page.getByTestId('timeline')).toContainText(
		'Filled on 24 November by the highways crew.'
	);
	await expect(member.page.getByTestId('unread-answers')).toHaveCount(0);
	const memberAnswer = member.page.getByTestId('council-answer');
	await expect(memberAnswer).toContainText('Filled on 24 November by the highways crew.');
	expect(await isAbove(memberAnswer, member.page.getByTestId('detail-status'))).toBe(true);
	expect(await isAbove(memberAnswer, member.page.getByTestId('mark-resident-told'))).toBe(true);
	await expect(member.page.locator('main#main').getByText(/^due |overdue/)).toHaveCount(0);
	await member.page.getByTestId('mark-resident-told').click();
	await expect(member.page.getByTestId('resident-told')).toBeVisible();
	await member.page.getByLabel('4').check();
	await member.page.getByRole('button', { name: 'Save rating' }).click();
	await expect(member.page.getByTestId('waiting-count')).toContainText('2 items waiting to send');

	await member.context.setOffline(false);
	await expect(member.page.getByTestId('waiting-count')).toHaveText('Nothing waiting to send', {
		timeout: 20_000
	});
	const [onServer] = (await serverReferrals(server.url, 'cllr.ahmed')).filter(
		(r) => r.description === description
	);
	expect(onServer).toMatchObject({ rating: 4, status: 'responded' });
	expect(onServer.residentToldAt).not.toBeNull();
	await member.context.close();
	await officer.context.close();
});

test('a support officer keys in a paper note for a Member, who sees it on their tablet', async ({
	browser
}) => {
	const support = await newPage(browser);
	await signIn(support.page, server.url, 'support.jones');
	await support.page.goto('/capture');
	await expect(support.page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(
		1
	);
	// An invented code is refused, and nothing is saved.
	await support.page.getByLabel('Paper note reference').fill('P-ZZZZ-0000-0');
	await support.page
		.getByLabel('Member', { exact: true })
		.selectOption({ label: 'Cllr Samira Ahmed' });
	await fillCaptureForm(support.page, {
		category: 'Graffiti',
		description: 'Graffiti on the bus shelter, from a paper note',
		address: 'Bus shelter, Park Road',
		postcode: 'LS4 2BB',
		residentName: 'Tom Hale'
	});
	await support.page.getByRole('button', { name: 'Save referral' }).click();
	await expect(support.page.locator('#paper-code-error')).toContainText(
		'not a reference printed by Wardline'
	);
	await expect(support.page.getByTestId('saved-confirmation')).toHaveCount(0);
	await support.page.getByLabel('Paper note reference').fill('p 7kq2 m9xd m');
	await support.page.getByRole('button', { name: 'Save referral' }).click();
	await expect(support.page.getByTestId('saved-confirmation')).toBeVisible();
	await support.page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Keyed in here' })
		.click();
	const keyed = support.page.getByTestId('referral-item').filter({ hasText: 'Park Road' });
	await expect(keyed.getByTestId('reference')).toHaveText(/^CR-\d{4}-\d{5}$/, { timeout: 20_000 });

	const member = await newPage(browser);
	await signIn(member.page, server.url, 'cllr.ahmed');
	const mine = member.page.getByTestId('referral-item').filter({ hasText: 'Park Road' });
	await expect(mine.getByTestId('reference')).toHaveText(
		(await keyed.getByTestId('reference').textContent()) ?? '',
		{ timeout: 20_000 }
	);
	await mine.getByRole('link').click();
	await expect(member.page.getByTestId('paper-reference')).toHaveText('P-7KQ2-M9XD-M');

	// The same paper keyed in again is caught, not doubled.
	await support.page.goto('/capture');
	// Typed as an older note without its check character, it needs the officer's word.
	await support.page.getByLabel('Paper note reference').fill('P-7KQ2-M9XD');
	await support.page
		.getByLabel('Member', { exact: true })
		.selectOption({ label: 'Cllr Samira Ahmed' });
	await fillCaptureForm(support.page, {
		category: 'Graffiti',
		description: 'Graffiti again',
		address: 'Park Road',
		postcode: 'LS4 2BB',
		residentName: 'Tom Hale'
	});
	await support.page.getByRole('button', { name: 'Save referral' }).click();
	await expect(support.page.locator('#paper-code-error')).toContainText('no check character');
	await support.page.getByLabel(/checked this older note's code/).check();
	await support.page.getByRole('button', { name: 'Save referral' }).click();
	await expect(support.page.locator('#paper-code-error')).toContainText('already been keyed in');
	await support.context.close();
	await member.context.close();
});

/** Pushes a captured pothole on Duplicate Street as this Member, answering its reference. */
async function pushPothole(username: string, description: string): Promise<string> {
	const api = await request.newContext({ baseURL: server.url });
	const login = await api.post('/api/auth/login', {
		data: { username, password: demoPassword },
		headers: { origin: server.url }
	});
	expect(login.status()).toBe(200);
	const response = await api.post('/api/sync/push', {
		headers: { origin: server.url },
		data: {
			deviceId: `device-${username}`,
			mutations: [
				potholeCreate({
					description,
					location: { address: '3 Duplicate Street', postcode: 'CA1 1AA' },
					resident: { name: 'Sam Lee' }
				})
			]
		}
	});
	expect(response.status()).toBe(200);
	const body = (await response.json()) as { results: { referral?: { reference: string } }[] };
	await api.dispose();
	return body.results[0].referral?.reference ?? '';
}

test('an officer closes a referral as a duplicate, and answering the other answers both', async ({
	browser
}) => {
	const main = await pushPothole('cllr.ahmed', 'Pothole on Duplicate Street, first');
	const duplicate = await pushPothole('cllr.brown', 'Pothole on Duplicate Street, again');
	const officer = await newPage(browser);
	await signIn(officer.page, server.url, 'officer.highways');
	await officer.page.getByLabel('Search').fill(duplicate);
	await officer.page.getByRole('button', { name: 'Search' }).click();
	await officer.page
		.getByTestId('queue-item')
		.filter({ hasText: duplicate })
		.getByRole('link')
		.click();
	await officer.page.getByRole('button', { name: `Duplicate of ${main}` }).click();
	await officer.page.getByRole('button', { name: 'Yes, close it as a duplicate' }).click();
	await expect(officer.page.getByTestId('queue-status')).toHaveText('Closed');
	await expect(officer.page.getByTestId('timeline')).toContainText(
		`Closed as the same problem as ${main}`
	);

	await officer.page.goto('/queue');
	await officer.page.getByLabel('Search').fill(main);
	await officer.page.getByRole('button', { name: 'Search' }).click();
	await officer.page.getByTestId('queue-item').filter({ hasText: main }).getByRole('link').click();
	await expect(officer.page.getByTestId('timeline')).toContainText(
		`${duplicate} is the same problem`
	);
	await officer.page.getByLabel('Response to the Member').fill('Both potholes were one: filled.');
	await officer.page.getByRole('button', { name: 'Send response' }).click();
	await expect(officer.page.getByTestId('queue-status')).toHaveText('Answered');

	const [brownsCopy] = (await serverReferrals(server.url, 'cllr.brown')).filter(
		(r) => r.reference === duplicate
	);
	expect(brownsCopy).toMatchObject({ status: 'closed' });
	expect((brownsCopy as unknown as { respondedAt: string | null }).respondedAt).not.toBeNull();
	await officer.context.close();
});
