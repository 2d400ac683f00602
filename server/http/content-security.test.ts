import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes, strictCsp } from './content-security.ts';

describe('content security policy for the built app', () => {
	it('allows exactly the inline scripts of the built pages, and no unsafe-inline script', () => {
		const dir = mkdtempSync(join(tmpdir(), 'wardline-csp-'));
		try {
			const boot = '\n\t\t\t\t__sveltekit_x = { base: "" };\n\t\t\t';
			writeFileSync(
				join(dir, '200.html'),
				`<html><head><script type="module" src="/_app/start.js"></script></head><body><script>${boot}</script></body></html>`
			);
			writeFileSync(join(dir, 'login.html'), `<script>${boot}</script><script>other()</script>`);
			const hashes = inlineScriptHashes(dir);
			const expected = (text: string) =>
				`'sha256-${createHash('sha256').update(text).digest('base64')}'`;
			expect(hashes).toEqual([expected(boot), expected('other()')].sort());
			const csp = strictCsp(hashes);
			expect(csp).toContain(`script-src 'self' ${hashes.join(' ')};`);
			expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
			expect(csp).toContain("frame-ancestors 'none'");
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
