// Steps shared by the browser specs: sign in (and set or type the tablet's passphrase), wait for
// the offline shell, fill the capture form, and ask the server (as the Member) what it holds.
import { expect, request, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const demoPassword = 'wardline-demo';
/** The passphrase the journeys set on each (fresh) tablet. */
export const tabletPassphrase = 'green bench by the library';

const settledStates = /^(none|locked|reset|unlocked|signed-out)$/;
/** Pages whose lock screen is answered after every load (see unlockAfterEveryLoad). */
const autoUnlocking = new WeakSet<Page>();

/** Waits until the app knows whether the tablet is locked, and answers what it asks for. */
export async function passLock(page: Page, passphrase = tabletPassphrase): Promise<void> {
	const main = page.locator('main#main');
	await expect(main).toHaveAttribute('data-vault-state', settledStates, { timeout: 20_000 });
	const state = await main.getAttribute('data-vault-state');
	if (state === 'locked' && autoUnlocking.has(page)) {
		// The init script below is typing it already.
	} else if (state === 'none' || state === 'reset') {
		await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
		await page.getByLabel('Type it again').fill(passphrase);
		await page.getByRole('button', { name: 'Set passphrase' }).click();
	} else if (state === 'locked') {
		await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
		await page.getByRole('button', { name: 'Unlock', exact: true }).click();
	}
	if (state !== 'signed-out')
		await expect(main).toHaveAttribute('data-vault-state', 'unlocked', { timeout: 20_000 });
}

/**
 * Every full page load locks the tablet (the data key lives in memory only). From signIn on, the
 * Member types the passphrase whenever a load shows the lock screen, so specs can reload and
 * `goto` freely; specs about the lock itself pass `{ autoUnlock: false }`. It runs inside each
 * document, so a quick run of reloads never types into the wrong one.
 */
async function unlockAfterEveryLoad(page: Page): Promise<void> {
	if (autoUnlocking.has(page)) return;
	autoUnlocking.add(page);
	await page.addInitScript((passphrase: string) => {
		const answer = () => {
			const screen = document.querySelector('[data-testid="unlock-screen"]');
			const input = screen?.querySelector<HTMLInputElement>('#unlock-passphrase');
			if (!screen || !input?.form || screen.hasAttribute('data-auto-unlock')) return;
			screen.setAttribute('data-auto-unlock', '');
			input.value = passphrase;
			input.dispatchEvent(new Event('input', { bubbles: true }));
			input.form.requestSubmit();
		};
		new MutationObserver(answer).observe(document, { childList: true, subtree: true });
	}, tabletPassphrase);
}

export async function signIn(
	page: Page,
	baseUrl: string,
	username: string,
	options: { autoUnlock?: boolean } = {}
): Promise<void> {
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
	// A fresh tablet asks for a passphrase; one already set up opens with the fresh sign-in.
	await expect(page).not.toHaveURL(/\/login/);
	await passLock(page);
	if (options.autoUnlock !== false) await unlockAfterEveryLoad(page);
	// Members start at their referrals; everyone else at the queue.
	await expect(page).toHaveURL(/\/(referrals|queue)$/);
}

/** Resolves once the service worker controls the page, so the app opens with no network. */
export async function waitForOfflineReady(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	// A worker installed by this page controls the next navigation (it does not claim pages).
	await page.reload();
	await passLock(page);
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

export interface ServerReferralSummary {
	id: string;
	reference: string;
	description: string;
	status: string;
	rating: number | null;
	residentToldAt: string | null;
}

/** The referrals the server holds for this user, read through the real API. */
export async function serverReferrals(
	baseUrl: string,
	username: string
): Promise<ServerReferralSummary[]> {
	const api = await request.newContext({ baseURL: baseUrl });
	const login = await api.post('/api/auth/login', {
		data: { username, password: demoPassword },
		headers: { origin: baseUrl }
	});
	expect(login.status()).toBe(200);
	const response = await api.get('/api/referrals');
	expect(response.status()).toBe(200);
	const body = (await response.json()) as { referrals: ServerReferralSummary[] };
	await api.dispose();
	return body.referrals;
}

/** Fails with the list of violations if axe-core finds any WCAG 2 A/AA problem on the page. */
export async function expectNoAccessibilityViolations(page: Page, what: string): Promise<void> {
	await page.addScriptTag({ path: axePath });
	const violations = await page.evaluate(async () => {
		const axe = (
			window as unknown as {
				axe: {
					run: (
						ctx: Document,
						options: object
					) => Promise<{
						violations: { id: string; help: string; nodes: { target: string[] }[] }[];
					}>;
				};
			}
		).axe;
		const result = await axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }
		});
		return result.violations.map(
			(v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
		);
	});
	expect(violations, `accessibility problems on ${what}`).toEqual([]);
}

/**
 * A `create` mutation as a tablet pushes it: a routine pothole in the demo's Belah ward, captured
 * now, with `payload` on top. Its referralId is new.
 */
export function potholeCreate(payload: Record<string, unknown>) {
	const now = new Date().toISOString();
	return {
		id: randomUUID(),
		referralId: randomUUID(),
		kind: 'create',
		createdAt: now,
		payload: {
			wardId: 'ward-belah',
			categoryId: 'cat-pothole',
			channel: 'surgery',
			urgency: 'routine',
			capturedAt: now,
			...payload
		}
	};
}
