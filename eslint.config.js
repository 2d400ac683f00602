// Lint: TypeScript and Svelte, strict about promises (IndexedDB is all async), and the arrows
// between layers (see ../shared/STYLE.md "Shape").
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// The arrows between layers. In a flat config a later block's `no-restricted-imports` replaces an
// earlier one's (options are not merged), so each file gets its whole list from exactly one of
// the guard blocks below: their file sets do not overlap. eslint-guards.test.ts probes each one.

/** Tests and test kits wire real pieces together (a server, a Dexie store), as src/lib/app does. */
const testCode = ['**/*.test.ts', '**/testing/**'];

/** Product code never imports a test kit. */
const noTestKits = {
	group: ['**/testing', '**/testing/**'],
	message: 'Test kits (testing/ folders) are for tests, e2e and benchmarks, not product code.'
};
const serverTypesOnly = {
	group: ['**/server', '**/server/**'],
	allowTypeImports: true,
	message: 'The app may only import types from the server.'
};
const serverArrows = {
	group: [
		'dexie',
		'idb-keyval',
		'svelte',
		'svelte/*',
		'$lib',
		'$lib/*',
		'$app/*',
		'**/src',
		'**/src/**'
	],
	message: 'The server imports the domain through #domain/* only, and nothing else from src/.'
};

// The browser's own confirm() and alert() boxes: they block the page, cannot be styled or
// read in order by a screen reader, and some tablets suppress them. Ask in the page instead.
const dialogMessage = 'Ask in the page with ConfirmPanel ($lib/ui/form/ConfirmPanel.svelte).';
const browserDialogs = ['confirm', 'alert'];
const noDialogGlobals = browserDialogs.map((name) => ({ name, message: dialogMessage }));
const noDialogProperties = ['window', 'globalThis', 'self'].flatMap((object) =>
	browserDialogs.map((property) => ({ object, property, message: dialogMessage }))
);

/**
 * One guard block: `files` get exactly these restricted import patterns, globals and properties
 * (and any other rules). Every block also refuses the browser's dialogs: a later block's
 * `no-restricted-globals` would replace an earlier one's, so each block carries the whole list.
 * @param {{ files: string[], ignores?: string[], patterns: object[], globals?: object[], properties?: object[], rules?: import('eslint').Linter.RulesRecord }} guard
 * @returns {import('eslint').Linter.Config}
 */
const guard = ({ files, ignores = [], patterns, globals = [], properties = [], rules = {} }) => ({
	files,
	ignores,
	rules: {
		'no-restricted-imports': ['error', { patterns }],
		'no-restricted-globals': ['error', ...globals, ...noDialogGlobals],
		'no-restricted-properties': ['error', ...properties, ...noDialogProperties],
		...rules
	}
});

const layers = {
	domain: 'src/lib/domain/**',
	sync: 'src/lib/sync/**',
	local: 'src/lib/local/**'
};

const guards = [
	guard({
		files: [layers.domain],
		ignores: testCode,
		patterns: [
			{
				// Anything but zod, a file beside this one, and the pure geometry the tablet and the
				// server both need to place a point in a ward (no I/O, no globals: like zod).
				regex: '^(?!zod(/|$)|\\./[^/]+$|@turf/(boolean-point-in-polygon|distance)$|geojson$)',
				message: 'The domain imports only zod, its own files and the pure geometry it names.'
			}
		]
	}),
	guard({
		files: [layers.sync],
		ignores: testCode,
		patterns: [
			{
				// Anything but the engine's own files and a domain file.
				regex: '^(?!\\./(?!.*\\.\\./)|\\.\\./domain/[^/]+$)',
				message:
					'The sync engine imports only the domain and its own interfaces; it is handed its store and transport.'
			},
			noTestKits
		],
		globals: [
			{ name: 'fetch', message: 'Use the injected transport.' },
			{ name: 'window', message: 'Use the injected environment.' }
		],
		properties: [
			{ object: 'globalThis', property: 'fetch', message: 'Use the injected transport.' },
			{ object: 'globalThis', property: 'window', message: 'Use the injected environment.' }
		]
	}),
	guard({
		files: [layers.local],
		ignores: testCode,
		patterns: [
			{
				group: [
					'svelte',
					'svelte/*',
					'$app/*',
					'$lib/ui/*',
					'$lib/app/*',
					'**/lib/ui/*',
					'**/lib/app/*',
					'../ui/*',
					'../app/*',
					'**/routes/*'
				],
				message:
					'The tablet store is plain TypeScript over Dexie: the UI, pages and app wiring import it, not the other way.'
			},
			serverTypesOnly,
			noTestKits
		]
	}),
	guard({
		files: ['src/**'],
		ignores: [...Object.values(layers), ...testCode],
		patterns: [serverTypesOnly, noTestKits]
	}),
	guard({
		files: ['server/**'],
		ignores: testCode,
		patterns: [serverArrows, noTestKits]
	}),
	guard({
		files: testCode.map((glob) => `server/${glob}`),
		patterns: [serverArrows]
	}),
	guard({ files: ['scripts/**'], ignores: testCode, patterns: [noTestKits] })
];

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
	...guards
);
