// Unit tests: domain, tablet storage and sync engine (fake-indexeddb), and server routes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['./vitest.setup.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20_000,
		pool: 'forks'
	}
});
