// Benchmark: the ward for a postcode and for a point, on the tablet in Chromium, offline, from the
// tablet's own copy of the geography (the demo's: 12 wards, 960 postcodes). The lookups are the
// app's own modules (src/lib/local/geography.ts, src/lib/domain/geography.ts) bundled by esbuild
// and run in the page against the IndexedDB the app filled; plus, end to end in the capture form,
// typing a postcode until the ward is filled in, and "Use my location" until the ward is found.
// Run alone: npx vite build && npx tsx bench/geography.ts
import { build } from 'esbuild';
import { openBrowserSession } from './browser-session.ts';
import { ms, percentile, report } from './report.ts';

const lookups = 500;
const session = await openBrowserSession();
const { page, context, server } = session;
try {
	const bundle = await build({
		stdin: {
			contents: `
				export { GeographyDb, findPostcode, loadBoundaries } from './src/lib/local/geography.ts';
				export { WardLocator } from './src/lib/domain/geography.ts';`,
			resolveDir: process.cwd(),
			loader: 'ts'
		},
		bundle: true,
		format: 'iife',
		globalName: 'geographyBench',
		write: false,
		platform: 'browser'
	});
	await page.goto(`${server.url}/capture`);
	// The app fetches the geography after the first screen; wait for its copy to be complete.
	// Evaluated over the DevTools protocol: the app's CSP (rightly) refuses an inline script tag.
	await page.evaluate(`${bundle.outputFiles[0].text}; globalThis.geographyBench = geographyBench;`);
	await page.waitForFunction(
		async () => {
			const { GeographyDb } = (
				globalThis as never as { geographyBench: typeof import('../src/lib/local/geography.ts') }
			).geographyBench;
			return (await new GeographyDb().postcodes.count()) === 960;
		},
		undefined,
		{ timeout: 30_000, polling: 500 }
	);
	await context.setOffline(true);

	const inPage = await page.evaluate(async (n: number) => {
		type Bench = typeof import('../src/lib/local/geography.ts') &
			typeof import('../src/lib/domain/geography.ts');
		const bench = (globalThis as never as { geographyBench: Bench }).geographyBench;
		const db = new bench.GeographyDb();
		const all = await db.postcodes.toArray();
		const postcodeTimes: number[] = [];
		for (let i = 0; i < n; i += 1) {
			const typed = all[(i * 37) % all.length].postcode.toLowerCase().replace(' ', '');
			const started = performance.now();
			const found = await bench.findPostcode(db, typed);
			postcodeTimes.push(performance.now() - started);
			if (!found) throw new Error(`${typed} not found`);
		}
		const loadStarted = performance.now();
		const boundaries = await bench.loadBoundaries(db);
		const locator = new bench.WardLocator(boundaries);
		const loadMs = performance.now() - loadStarted;
		const [w, s, e, nth] = boundaries.reduce(
			(box, b) => [
				Math.min(box[0], b.bbox[0]),
				Math.min(box[1], b.bbox[1]),
				Math.max(box[2], b.bbox[2]),
				Math.max(box[3], b.bbox[3])
			],
			[Infinity, Infinity, -Infinity, -Infinity]
		);
		// One lookup is below the page clock's 0.1 ms resolution: time batches of 100 and divide.
		const pointTimes: number[] = [];
		let found = 0;
		for (let batch = 0; batch < n / 100; batch += 1) {
			const started = performance.now();
			for (let i = batch * 100; i < (batch + 1) * 100; i += 1) {
				const point = {
					lng: w + ((i * 0.618) % 1) * (e - w),
					lat: s + ((i * 0.382) % 1) * (nth - s)
				};
				if (locator.wardAt(point)) found += 1;
			}
			pointTimes.push((performance.now() - started) / 100);
		}
		return { postcodeTimes, pointTimes, loadMs, found };
	}, lookups);

	// End to end in the form: type a postcode, until the ward select shows its ward.
	const typed: number[] = [];
	const postcodes = ['CA3 8DA', 'CA1 1AA', 'CA2 4NF', 'CA3 8PY'];
	for (let i = 0; i < 20; i += 1) {
		await page.getByLabel('Postcode').fill('');
		typed.push(
			await page.evaluate(
				async (postcode: string) => {
					const input = document.querySelector<HTMLInputElement>('#location-postcode')!;
					const ward = document.querySelector<HTMLSelectElement>('#ward')!;
					ward.value = '';
					ward.dispatchEvent(new Event('change', { bubbles: true }));
					await new Promise((r) => setTimeout(r, 50));
					const started = performance.now();
					input.value = postcode;
					input.dispatchEvent(new Event('input', { bubbles: true }));
					while (ward.value === '') await new Promise((r) => requestAnimationFrame(r));
					return performance.now() - started;
				},
				postcodes[i % postcodes.length]
			)
		);
	}
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation({ latitude: 54.91673, longitude: -2.896098 });
	const located: number[] = [];
	for (let i = 0; i < 10; i += 1)
		located.push(
			await page.evaluate(async () => {
				const ward = document.querySelector<HTMLSelectElement>('#ward')!;
				ward.value = '';
				ward.dispatchEvent(new Event('change', { bubbles: true }));
				await new Promise((r) => setTimeout(r, 50));
				const button = [...document.querySelectorAll('button')].find((b) =>
					/Use my location|Move the pin/.test(b.textContent ?? '')
				)!;
				const started = performance.now();
				button.click();
				while (ward.value === '') await new Promise((r) => requestAnimationFrame(r));
				return performance.now() - started;
			})
		);

	report([
		{
			benchmark: 'geography on tablet',
			measure: `ward for a postcode (IndexedDB lookup), ${lookups}×: median / p95`,
			value: `${ms(percentile(inPage.postcodeTimes, 50))} / ${ms(percentile(inPage.postcodeTimes, 95))}`,
			target: '< 5 ms'
		},
		{
			benchmark: 'geography on tablet',
			measure: `ward for a point (point in polygon, 12 wards), ${lookups}×, per lookup: median / p95 of batches`,
			value: `${(percentile(inPage.pointTimes, 50) * 1000).toFixed(0)} µs / ${(percentile(inPage.pointTimes, 95) * 1000).toFixed(0)} µs`,
			target: '< 5 ms'
		},
		{
			benchmark: 'geography on tablet',
			measure: 'boundaries read from IndexedDB into a locator, once',
			value: ms(inPage.loadMs)
		},
		{
			benchmark: 'geography on tablet',
			measure: 'capture form: postcode typed to ward filled in, 20×: median',
			value: ms(percentile(typed, 50))
		},
		{
			benchmark: 'geography on tablet',
			measure: '"Use my location" tapped to ward filled in, 10×: median',
			value: ms(percentile(located, 50))
		}
	]);
} finally {
	await session.close();
}
