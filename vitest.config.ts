// Unit tests: domain, tablet storage and sync engine (fake-indexeddb), and server routes.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	test: {
		include: ['src/**/*.test.ts', 'server/**/*.test.ts', '*.test.ts'],
		environment: 'node',
		setupFiles: ['./vitest.setup.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20_000,
		pool: 'forks'
	}
});
