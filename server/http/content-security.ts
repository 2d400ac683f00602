// A strict Content Security Policy for the built app: no 'unsafe-inline' for scripts. The
// prerendered pages carry SvelteKit's small inline bootstrap script; its exact text is allowed
// by hash, read from the build when the server starts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const inlineScript = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/** 'sha256-…' sources for every inline script in the HTML files at the top of the build. */
export function inlineScriptHashes(staticDir: string): string[] {
	const hashes = new Set<string>();
	for (const file of readdirSync(staticDir).filter((name) => name.endsWith('.html'))) {
		const html = readFileSync(join(staticDir, file), 'utf8');
		for (const match of html.matchAll(inlineScript))
			hashes.add(`'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
	}
	return [...hashes].sort();
}

/** The policy with script-src limited to our own files and those exact inline scripts. */
export function strictCsp(scriptHashes: string[]): string {
	return (
		`default-src 'self'; script-src 'self' ${scriptHashes.join(' ')}; ` +
		"style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; " +
		"worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'self'; " +
		"form-action 'self'; object-src 'none'"
	);
}
