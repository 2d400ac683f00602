// Before the browser tests: make sure a Chromium is there. Debian's is used where present;
// as root on Debian it is installed with apt-get; otherwise say exactly what to do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
if (candidates.some((p) => existsSync(p))) process.exit(0);

const playwright = spawnSync('npx', ['playwright', 'install', '--dry-run', 'chromium'], {
	encoding: 'utf8'
});
const bundled = /Install location:\s+(\S+)/.exec(playwright.stdout ?? '')?.[1];
if (bundled && existsSync(bundled)) process.exit(0);

if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
	console.log('Installing Debian’s Chromium for the browser tests…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
		stdio: 'inherit',
		env
	});
	if (update.status === 0 && install.status === 0) process.exit(0);
}
console.error(
	'The browser tests need Chromium. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or run `npx playwright install chromium`, then run the tests again.'
);
process.exit(1);
