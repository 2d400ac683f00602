// The server started with scheduled backups (WARDLINE_BACKUP_DIR): it takes a checked copy at
// start, and the admin's front page says when the last backup was and that it was good.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './journey.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
let backupDir: string;

test.beforeAll(async () => {
	backupDir = mkdtempSync(join(tmpdir(), 'wardline-e2e-backups-'));
	server = await startServer({
		WARDLINE_BACKUP_DIR: backupDir,
		WARDLINE_BACKUP_EVERY_H: '24',
		WARDLINE_BACKUP_KEEP: '3'
	});
});
test.afterAll(async () => {
	await server.dispose();
	rmSync(backupDir, { recursive: true, force: true });
});

test('an admin sees the last backup the server took, and it was good', async ({ page }) => {
	await signIn(page, server.url, 'admin');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
	await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();
	await expect(page.getByTestId('server-storage')).toContainText(/Last backup .*: good\./);
	await expect(page.getByTestId('server-storage')).not.toContainText('disk is full');
	expect(readdirSync(backupDir).filter((name) => name.endsWith('.db'))).toHaveLength(1);
});
