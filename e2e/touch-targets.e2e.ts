// Controls big enough for a finger on the Member's tablet (issue 13): on each main page, at
// both orientations of a tablet, every visible control is at least 44 by 44 CSS pixels.
//
// The rule measured (WCAG 2.5.5 target size, 44 px, stricter than 2.5.8's 24 px):
// - Controls are a, button, input, select, textarea, summary and [role=button], when visible.
// - A checkbox or radio is measured by what a finger presses: its label (the label for it, or
//   the label round it), which ticks it too; one with no label by its own box.
// - Exempt, as 2.5.8 allows, is a link inside running text (an inline link whose block also
//   holds words of its own, "…or <a>see the referral</a> below"): making it taller would break
//   the line spacing of the sentence, and its line is the target.
// - Visually hidden elements (1 px, the screen-reader-only pattern) are not drawn, so not measured.
import { expect, request, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { demoPassword, fillCaptureForm, passLock, signIn } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

const minimum = 44;

/** The service team answers, through the real API, so the Member's page shows its rating radios. */
async function answer(referralId: string) {
	const api = await request.newContext({ baseURL: server.url });
	const headers = { origin: server.url };
	const login = await api.post('/api/auth/login', {
		data: { username: 'officer.highways', password: demoPassword },
		headers
	});
	expect(login.status()).toBe(200);
	const answered = await api.post(`/api/referrals/${referralId}/responses`, {
		data: { text: 'Filled by the highways crew.' },
		headers
	});
	expect(answered.status()).toBeLessThan(300);
	await api.dispose();
}

/** Every control on the page smaller than `minimum` in either direction, named for the report. */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate((minimum) => {
		const selector = 'a[href], button, input, select, textarea, summary, [role="button"]';
		const small: string[] = [];
		const blockOf = (element: Element): Element => {
			let at: Element | null = element.parentElement;
			while (at && getComputedStyle(at).display.startsWith('inline')) at = at.parentElement;
			return at ?? element;
		};
		const inRunningText = (link: Element): boolean => {
			if (!getComputedStyle(link).display.startsWith('inline')) return false;
			if (getComputedStyle(link).display === 'inline-flex') return false;
			const own = (link.textContent ?? '').trim().length;
			const around = (blockOf(link).textContent ?? '').trim().length;
			return around > own;
		};
		for (const element of document.querySelectorAll<HTMLElement>(selector)) {
			if (!element.checkVisibility({ visibilityProperty: true })) continue;
			if (element instanceof HTMLInputElement && element.type === 'hidden') continue;
			let target: Element = element;
			if (
				element instanceof HTMLInputElement &&
				(element.type === 'checkbox' || element.type === 'radio')
			)
				target = element.labels?.[0] ?? element;
			const box = target.getBoundingClientRect();
			if (box.width <= 1 && box.height <= 1) continue;
			if (element.tagName === 'A' && inRunningText(element)) continue;
			if (box.width < minimum || box.height < minimum) {
				const name =
					element.getAttribute('aria-label') ??
					(element.textContent ?? '').trim().slice(0, 40) ??
					'';
				const id = element.id ? `#${element.id}` : '';
				const type = element instanceof HTMLInputElement ? `[type=${element.type}]` : '';
				small.push(
					`${element.tagName.toLowerCase()}${id}${type} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`
				);
			}
		}
		return small;
	}, minimum);
}

async function expectBigTargets(page: Page, path: string) {
	await page.goto(`${server.url}${path}`);
	await passLock(page);
	await expect(page.locator('main h1').first()).toBeVisible();
	await expect(page.getByText('Loading…')).toHaveCount(0);
	expect.soft(await smallTargets(page), `controls under ${minimum} px on ${path}`).toEqual([]);
}

for (const viewport of [
	{ width: 1024, height: 768 },
	{ width: 768, height: 1024 }
])
	test(`every control on the Member’s pages is at least 44 px at ${viewport.width}×${viewport.height}`, async ({
		browser
	}) => {
		const context = await browser.newContext({ viewport });
		const page = await context.newPage();
		await signIn(page, server.url, 'cllr.ahmed');
		await page.goto(`${server.url}/capture`);
		await passLock(page);
		await expect(page.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);
		await fillCaptureForm(page, {
			category: 'Pothole',
			description: `Pothole at ${viewport.width}`,
			address: 'Kirkgate',
			postcode: 'LS1 6HB',
			residentName: 'Dev Patel'
		});
		await page.getByLabel('The resident agrees their details may be shared').check();
		// The form with its errors and its consent choices showing, before it is saved.
		await page.getByLabel('Name', { exact: true }).fill('');
		await page.getByRole('button', { name: 'Save referral' }).click();
		await expect(page.getByTestId('error-summary')).toBeFocused();
		expect
			.soft(await smallTargets(page), 'controls under 44 px on /capture with errors')
			.toEqual([]);
		await page.getByLabel('Name', { exact: true }).fill('Dev Patel');
		await page.getByRole('button', { name: 'Save referral' }).click();
		await page.getByRole('link', { name: 'See the referral' }).click();
		await expect(page.getByTestId('detail-reference')).toHaveText(/^CR-/, { timeout: 20_000 });
		const referralPath = new URL(page.url()).pathname;
		await answer(referralPath.split('/').pop() ?? '');
		await page.reload();
		await passLock(page);
		await expect(page.getByRole('button', { name: 'Save rating' })).toBeVisible({
			timeout: 20_000
		});

		for (const path of [
			'/referrals',
			'/referrals?show=all',
			'/capture',
			referralPath,
			'/settings',
			'/print/referral-note'
		])
			await expectBigTargets(page, path);
		await context.close();
	});
