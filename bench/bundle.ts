// Benchmark: JavaScript and CSS the first page makes the browser fetch, gzip, read from build/
// (the tags of build/200.html, the SPA shell every first load gets). Run after `npx vite build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kb, report } from './report.ts';

const buildDir = 'build';
const html = readFileSync(join(buildDir, '200.html'), 'utf8');
const refs = new Set<string>();
for (const match of html.matchAll(/<(?:link|script)\b[^>]*?(?:href|src)="([^"]+\.(?:js|css))"/g))
	refs.add(match[1]);
// SvelteKit starts the app with import("…/start.js") and import("…/app.js") in an inline script.
for (const match of html.matchAll(/import\("([^"]+\.js)"\)/g)) refs.add(match[1]);
// The inline bootstrap script is shipped too.
const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');

let js = 0;
let css = 0;
for (const ref of refs) {
	const file = join(buildDir, ref.replace(/^(\.\/|\/)/, ''));
	const size = gzipSync(readFileSync(file), { level: 9 }).length;
	if (ref.endsWith('.css')) css += size;
	else js += size;
}
js += gzipSync(inline, { level: 9 }).length;

report([
	{
		benchmark: 'first page',
		measure: `JavaScript, gzip (${[...refs].filter((r) => r.endsWith('.js')).length} files + inline bootstrap, from 200.html)`,
		value: kb(js),
		target: '< 100 KB'
	},
	{ benchmark: 'first page', measure: 'CSS, gzip', value: kb(css) }
]);
