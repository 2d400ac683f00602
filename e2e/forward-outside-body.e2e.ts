// Forwarding to an outside body, end to end with a real SMTP server: an admin lists the bodies,
// the Member records which one the resident agrees to, and the officer forwards, told first what
// will go; the body's e-mail arrives, and its reference is recorded. Checked with axe on the way.
import { expect, test } from '@playwright/test';
import { TestSmtpServer } from '../server/mail/testing/smtp-test-server.ts';
import { startServer, type RunningServer } from './server.ts';
import { expectNoAccessibilityViolations, fillCaptureForm, signIn } from './journey.ts';

let server: RunningServer;
const smtp = new TestSmtpServer();

test.beforeAll(async () => {
	await smtp.start();
	server = await startServer({ SMTP_URL: smtp.url, MAIL_FROM: 'wardline@example.gov.uk' });
});
test.afterAll(async () => {
	await server.dispose();
	await smtp.stop();
});

test('an officer forwards a referral to the body the resident agreed to, and records its reference', async ({
	browser
}) => {
	const admin = await (await browser.newContext({ baseURL: server.url })).newPage();
	await signIn(admin, server.url, 'admin');
	await admin.goto('/admin/outside-bodies');
	for (const [name, email, dealsWith] of [
		['Yorkshire Water', 'referrals@water.example.co.uk', 'Burst mains and sewers'],
		['County Council', 'roads@county.example.gov.uk', 'Trunk roads']
	]) {
		await admin.locator('#new-body-name').fill(name);
		await admin.locator('#new-body-email').fill(email);
		await admin.locator('#new-body-deals-with').fill(dealsWith);
		await admin.getByRole('button', { name: 'Add outside body' }).click();
		await expect(admin.getByTestId('outside-body-list')).toContainText(name);
	}
	await expectNoAccessibilityViolations(admin, '/admin/outside-bodies with bodies');

	const member = await (await browser.newContext({ baseURL: server.url })).newPage();
	await signIn(member, server.url, 'cllr.ahmed');
	await member.goto('/capture');
	await expect(member.getByLabel('What kind of problem').locator('option')).not.toHaveCount(1);
	await fillCaptureForm(member, {
		category: 'Pothole',
		description: 'Water bubbling up through the road',
		address: '4 Kirkgate',
		postcode: 'LS1 6HB',
		residentName: 'Dev Patel',
		phone: '0113 496 0001'
	});
	await member.getByLabel('The resident agrees their details may be shared').check();
	await member.getByLabel(/^Yorkshire Water/).check();
	await expectNoAccessibilityViolations(member, '/capture with outside bodies');
	await member.getByRole('button', { name: 'Save referral' }).click();
	await member.getByRole('link', { name: 'See the referral' }).click();
	await expect(member.getByTestId('detail-reference')).toHaveText(/^CR-/, { timeout: 20_000 });
	const reference = (await member.getByTestId('detail-reference').textContent()) ?? '';
	const referralId = new URL(member.url()).pathname.split('/').pop();

	const officer = await (await browser.newContext({ baseURL: server.url })).newPage();
	await signIn(officer, server.url, 'officer.highways');
	await officer.goto(`/queue/${referralId}`);
	const forward = officer.getByTestId('forward');
	await forward.getByLabel('Outside body').selectOption({ label: 'County Council (Trunk roads)' });
	await expect(officer.getByTestId('forward-consent')).toContainText(
		'only the problem and its location will be sent'
	);
	await forward
		.getByLabel('Outside body')
		.selectOption({ label: 'Yorkshire Water (Burst mains and sewers)' });
	await expect(officer.getByTestId('forward-consent')).toContainText(
		'The resident agreed to share their details with Yorkshire Water'
	);
	await expectNoAccessibilityViolations(officer, `/queue/${referralId} forwarding`);
	await forward.getByRole('button', { name: 'Forward to Yorkshire Water' }).click();
	await expect(forward.getByRole('status')).toHaveText('Forwarded to Yorkshire Water.');

	const [mail] = await smtp.waitFor(1, 15_000);
	expect(mail.to).toEqual(['referrals@water.example.co.uk']);
	expect(mail.subject).toContain(reference);
	expect(mail.text).toContain('Name: Dev Patel');
	expect(mail.text).toContain('Phone: 0113 496 0001');
	await expect(forward).toContainText('sent', { timeout: 10_000 });

	await forward.getByLabel('Yorkshire Water’s reference').fill('YW-778812');
	await forward.getByRole('button', { name: 'Save their reference' }).click();
	await expect(forward).toContainText('Their reference: YW-778812');
	await expect(officer.getByTestId('timeline')).toContainText(
		'Forwarded to Yorkshire Water: with the resident’s details, as they agreed'
	);

	await admin.goto('/admin/mail?');
	await admin.getByLabel('Show').selectOption('sent');
	await expect(admin.locator('table')).toContainText(reference);
	await expectNoAccessibilityViolations(admin, '/admin/mail with a sent e-mail');
});
