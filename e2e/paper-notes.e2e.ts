// Paper referral notes: printed two to a sheet-free run of pages, each with a checked reference
// and its QR code, which the support officer's key-in form reads with the camera.
import { expect, test, type Browser } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { signIn } from './journey.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer();
});
test.afterAll(async () => {
	await server.dispose();
});

async function newPage(browser: Browser) {
	const context = await browser.newContext({ baseURL: server.url });
	return { context, page: await context.newPage() };
}

test('a support officer scans a printed note’s QR code and the reference is filled in', async ({
	browser
}) => {
	const support = await newPage(browser);
	await signIn(support.page, server.url, 'support.jones');
	await support.page.goto('/print/referral-note');
	const firstNote = support.page.getByTestId('paper-note').first();
	const code = (await firstNote.getByTestId('paper-code').textContent()) ?? '';
	expect(code).toMatch(/^P-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
	const qr = await firstNote.locator('svg').evaluate((svg) => svg.outerHTML);

	await support.page.goto('/capture');
	// The camera sees the printed QR code: a canvas stream standing in for it.
	await support.page.evaluate(async (svg) => {
		const image = new Image();
		image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.includes('xmlns') ? svg : svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"'))}`;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = 400;
		canvas.height = 400;
		const context = canvas.getContext('2d');
		const draw = () => {
			context?.drawImage(image, 40, 40, 320, 320);
			requestAnimationFrame(draw);
		};
		context!.fillStyle = '#fff';
		context!.fillRect(0, 0, 400, 400);
		draw();
		navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(10);
	}, qr);
	await support.page.getByRole('button', { name: 'Scan the code' }).click();
	await expect(support.page.getByLabel('Paper note reference')).toHaveValue(code, {
		timeout: 15_000
	});
	await expect(support.page.getByTestId('paper-scan-video')).toHaveCount(0);
	await support.context.close();
});

test('two paper notes print as two pages, with no blank one after', async ({ browser }) => {
	const support = await newPage(browser);
	await signIn(support.page, server.url, 'support.jones');
	await support.page.goto('/print/referral-note');
	await support.page.getByLabel('How many notes').fill('2');
	await support.page.getByRole('button', { name: 'Make new references' }).click();
	await expect(support.page.getByTestId('paper-note')).toHaveCount(2);
	await support.page.emulateMedia({ media: 'print' });
	const pdf = (await support.page.pdf({ format: 'A4' })).toString('latin1');
	expect(pdf.match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(2);
	await support.context.close();
});
