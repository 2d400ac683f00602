// Lint: TypeScript and Svelte, strict about promises (IndexedDB is all async), and the arrows
// between layers (see ../shared/STYLE.md "Shape").
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * @param {import('eslint').Linter.RuleEntry[] | object[]} patterns
 * @returns {import('eslint').Linter.RuleEntry}
 */
const restrict = (patterns) => ['error', { patterns }];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/',
			'dev-dist/',
			'static/sw-sync.js'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { attributes: false } }
			],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['src/lib/domain/**'],
		rules: {
			'no-restricted-imports': restrict([
				{
					group: [
						'svelte',
						'svelte/*',
						'dexie',
						'hono',
						'hono/*',
						'drizzle-orm',
						'drizzle-orm/*',
						'node:*',
						'$app/*',
						'$lib/*'
					],
					message: 'The domain imports only zod.'
				}
			])
		}
	},
	{
		files: ['src/lib/sync/**'],
		rules: {
			'no-restricted-imports': restrict([
				{
					group: ['svelte', 'svelte/*', 'dexie', 'idb-keyval', '$app/*', '**/local/*', '**/api/*'],
					message: 'The sync engine is handed its store and transport.'
				}
			]),
			'no-restricted-globals': [
				'error',
				{ name: 'fetch', message: 'Use the injected transport.' },
				{ name: 'window', message: 'Use the injected environment.' }
			]
		}
	},
	{
		files: ['server/**'],
		rules: {
			'no-restricted-imports': restrict([
				{
					group: ['dexie', 'idb-keyval', 'svelte', 'svelte/*', '$lib/*', '$app/*', '**/src/*'],
					message: 'The server imports the domain through #domain/* only.'
				}
			])
		}
	},
	{
		files: ['src/**'],
		ignores: ['src/**/*.test.ts'],
		rules: {
			'no-restricted-imports': restrict([
				{
					group: ['**/server/*'],
					allowTypeImports: true,
					message: 'The app may only import types from the server.'
				}
			])
		}
	}
);
