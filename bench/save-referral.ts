// Benchmark: saving a referral on the tablet in Chromium, from the click on "Save referral" to
// the saved confirmation on screen (sealed, written to IndexedDB with its outbox row, shown).
// Offline, as at a surgery. Run alone: npx vite build && npx tsx bench/save-referral.ts
import { fillCaptureForm } from '../e2e/journey.ts';
import { openBrowserSession } from './browser-session.ts';
import { ms, percentile, report } from './report.ts';

const saves = 50;
const warmUp = 3;
const session = await openBrowserSession();
const { page, context, server } = session;
try {
	await page.goto(`${server.url}/capture`);
	await page
		.getByLabel('What kind of problem')
		.locator('option')
		.nth(1)
		.waitFor({ state: 'attached' });
	await context.setOffline(true);
	const times: number[] = [];
	for (let i = 0; i < warmUp + saves; i += 1) {
		await fillCaptureForm(page, {
			category: 'Pothole',
			description: `Benchmark pothole number ${i}`,
			address: `${i} Warwick Road`,
			postcode: 'CA1 1AA',
			residentName: `Resident ${i}`
		});
		// Timed inside the page: click, then the confirmation node appearing (MutationObserver).
		const elapsed = await page.evaluate(
			() =>
				new Promise<number>((resolve) => {
					const button = [...document.querySelectorAll('button')].find((b) =>
						b.textContent?.includes('Save referral')
					)!;
					const started = performance.now();
					const observer = new MutationObserver(() => {
						if (document.querySelector('[data-testid="saved-confirmation"]')) {
							observer.disconnect();
							resolve(performance.now() - started);
						}
					});
					observer.observe(document.body, { childList: true, subtree: true });
					button.click();
				})
		);
		if (i >= warmUp) times.push(elapsed);
	}
	report([
		{
			benchmark: 'save on tablet',
			measure: `click to "Saved on this tablet" in Chromium, ${saves} saves: median`,
			value: ms(percentile(times, 50)),
			target: '< 50 ms'
		},
		{ benchmark: 'save on tablet', measure: 'p95', value: ms(percentile(times, 95)) }
	]);
} finally {
	await session.close();
}
