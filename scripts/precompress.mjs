// Brotli and gzip copies of the built app's text files (x.js -> x.js.br, x.js.gz), made once at
// build time at the highest settings, so the server sends them as they are (server/http/
// static-app.ts) and spends no time compressing per request. Ours rather than a plugin: it is
// twenty lines over node:zlib, and the one rule that matters here (compress build/ after the
// adapter and the service worker generator have written it) is ours to get right.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Files worth compressing, by name; images and fonts are compressed already. */
export const compressible = /\.(?:html|js|mjs|css|json|webmanifest|svg|txt|xml|map|ico)$/;
/** Below this, a compressed copy saves less than the headers it costs. */
export const minBytes = 512;

/**
 * Writes `.br` and `.gz` beside every compressible file of `dir` (recursively) that they make
 * smaller; returns how many files were compressed and the bytes before and after (brotli).
 * @param {string} dir
 * @returns {{ files: number, bytes: number, brotliBytes: number }}
 */
export function precompressDir(dir) {
	const totals = { files: 0, bytes: 0, brotliBytes: 0 };
	for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
		const path = join(dir, entry);
		if (!compressible.test(entry) || !statSync(path).isFile()) continue;
		const raw = readFileSync(path);
		if (raw.length < minBytes) continue;
		const br = brotliCompressSync(raw, {
			params: {
				[constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
				[constants.BROTLI_PARAM_SIZE_HINT]: raw.length
			}
		});
		const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
		if (br.length < raw.length) writeFileSync(`${path}.br`, br);
		if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
		totals.files++;
		totals.bytes += raw.length;
		totals.brotliBytes += Math.min(br.length, raw.length);
	}
	return totals;
}

/**
 * The Vite plugin: after the whole build (SvelteKit's adapter writes `dir`, then the PWA plugin
 * adds sw.js), compress `dir`. The service worker's precache list is made from SvelteKit's
 * output, not from `dir`, so it never lists the .br/.gz copies.
 * @param {string} dir
 * @returns {import('vite').Plugin}
 */
export function precompress(dir) {
	return {
		name: 'wardline-precompress',
		apply: 'build',
		closeBundle: {
			order: 'post',
			sequential: true,
			handler() {
				let present = false;
				try {
					present = statSync(join(dir, '200.html')).isFile();
				} catch {
					// Not written yet: SvelteKit's inner client build closes before its adapter runs.
				}
				if (!present) return;
				const { files, bytes, brotliBytes } = precompressDir(dir);
				console.log(
					`Precompressed ${files} files in ${dir}: ${(bytes / 1024).toFixed(0)} KB -> ${(brotliBytes / 1024).toFixed(0)} KB (brotli)`
				);
			}
		}
	};
}
