// `npm start`: build the app if the build is missing or older than its sources, then run the
// server (migrate, seed on first run, serve app + API). Signals pass through to the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];
const marker = join('build', '200.html');

/** @param {string} path @returns {number} */
function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
if (builtAt === 0 || Math.max(...sources.map(newestMtime)) > builtAt) {
	console.log('Building Wardline…');
	const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

// A first `npm start` seeds two years of made-up referrals so Insights has something to show.
const env = { WARDLINE_SEED: 'history', ...process.env };
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
	stdio: 'inherit',
	env
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
