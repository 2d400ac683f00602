// The lint guards on the arrows between layers (../shared/STYLE.md "Shape") really fire: each
// probe, linted at a path inside a layer, must be refused exactly its forbidden imports.
import { ESLint } from 'eslint';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The probes are not on disk, so the type-aware parser cannot see them; the guards need no types.
const eslint = new ESLint({
	cwd: import.meta.dirname,
	overrideConfig: ts.configs.disableTypeChecked
});

const guardRules = new Set([
	'no-restricted-imports',
	'no-restricted-globals',
	'no-restricted-properties'
]);

/** The lines of `lines`, linted as the file at `filePath`, that a guard refuses. */
async function refused(filePath: string, lines: string[]): Promise<string[]> {
	const [result] = await eslint.lintText(lines.join('\n') + '\n', { filePath });
	const fatal = result.messages.filter((message) => message.fatal);
	expect(fatal).toEqual([]);
	const lineNumbers = new Set(
		result.messages
			.filter((message) => message.ruleId !== null && guardRules.has(message.ruleId))
			.map((message) => message.line)
	);
	return lines.filter((_, index) => lineNumbers.has(index + 1));
}

type Probe = { filePath: string; refused: string[]; allowed: string[] };

const probes: Record<string, Probe> = {
	'the domain imports only zod, its own files and the pure geometry it names': {
		filePath: 'src/lib/domain/__probe__.ts',
		refused: [
			"import 'svelte';",
			"import { writable } from 'svelte/store';",
			"import Dexie from 'dexie';",
			"import { Hono } from 'hono';",
			"import { eq } from 'drizzle-orm';",
			"import { sql } from 'drizzle-orm/sql';",
			"import { randomUUID } from 'node:crypto';",
			"import { browser } from '$app/environment';",
			"import { db } from '$lib/local/db.ts';",
			"import { db } from '../local/db.ts';",
			"import { api } from '../api/client.ts';",
			"import { createSyncEngine } from '../sync/engine.ts';",
			"import type { SyncStore } from '../sync/types.ts';",
			"import { formatDateTime } from '../ui/time.ts';",
			"import type { AppType } from '../../../server/app.ts';",
			"import { fake } from './testing/fake.ts';",
			"import * as turf from '@turf/turf';",
			"import { simplify } from '@turf/simplify';"
		],
		allowed: [
			"import { z } from 'zod/mini';",
			"import { z } from 'zod';",
			"import { categorySlugs } from './enums.ts';",
			"import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';",
			"import type { Polygon } from 'geojson';"
		]
	},
	'the sync engine imports only the domain and its own interfaces': {
		filePath: 'src/lib/sync/__probe__.ts',
		refused: [
			"import { mount } from 'svelte';",
			"import Dexie from 'dexie';",
			"import { get } from 'idb-keyval';",
			"import { browser } from '$app/environment';",
			"import { db } from '$lib/local/db.ts';",
			"import { db } from '../local/db.ts';",
			"import { db } from './../local/db.ts';",
			"import { db } from '../domain/../local/db.ts';",
			"import { createHttpTransport } from '../api/http-transport.ts';",
			"import { formatDateTime } from '../ui/time.ts';",
			"import { startSync } from '../app/sync-wiring.ts';",
			"import type { AppType } from '../../../server/app.ts';",
			"import { createFakeServer } from './testing/fake-server.ts';",
			"void fetch('/api/sync/pull');",
			'void window.location;',
			"void globalThis.fetch('/api/sync/pull');",
			"confirm('Sure?');"
		],
		allowed: [
			"import { pushResponseSchema } from '../domain/sync-protocol.ts';",
			"import type { SyncStore } from './types.ts';",
			"import { backoff } from './backoff.ts';"
		]
	},
	'the tablet store does not import the UI, pages or app wiring': {
		filePath: 'src/lib/local/__probe__.ts',
		refused: [
			"import { onMount } from 'svelte';",
			"import { goto } from '$app/navigation';",
			"import { formatDateTime } from '../ui/time.ts';",
			"import { formatDateTime } from '$lib/ui/time.ts';",
			"import Page from '../../routes/+page.svelte';",
			"import { session } from '../app/session.svelte.ts';",
			"import { createApp } from '../../../server/app.ts';",
			"import { createFakeServer } from '../sync/testing/fake-server.ts';"
		],
		allowed: [
			"import Dexie from 'dexie';",
			"import { get } from 'idb-keyval';",
			"import { referralSchema } from '../domain/referral.ts';",
			"import type { SyncStore } from '../sync/types.ts';",
			"import { sealValue } from '../crypto/sealing.ts';",
			"import type { AppType } from '../../../server/app.ts';"
		]
	},
	'a page imports only types from the server, and no test kit': {
		filePath: 'src/routes/__probe__.ts',
		refused: [
			"import { createApp } from '../../server/app.ts';",
			"import { type AppType, createApp } from '../../server/app.ts';",
			"import { createFakeServer } from '$lib/sync/testing/fake-server.ts';"
		],
		allowed: [
			"import type { AppType } from '../../server/app.ts';",
			"import { liveQuery } from 'dexie';",
			"import { onMount } from 'svelte';",
			"import { db } from '$lib/local/db.ts';"
		]
	},
	'the browser HTTP client imports only types from the server': {
		filePath: 'src/lib/api/__probe__.ts',
		refused: [
			"import { createApp } from '../../../server/app.ts';",
			"import { createTestServer } from '../../../server/testing/test-server.ts';"
		],
		allowed: [
			"import type { AppType } from '../../../server/app.ts';",
			"import type { TransportResult } from '../sync/types.ts';"
		]
	},
	'the server imports the domain through #domain only, and no test kit': {
		filePath: 'server/routes/__probe__.ts',
		refused: [
			"import Dexie from 'dexie';",
			"import { get } from 'idb-keyval';",
			"import { mount } from 'svelte';",
			"import { writable } from 'svelte/store';",
			"import { referralSchema } from '$lib/domain/referral.ts';",
			"import { browser } from '$app/environment';",
			"import { referralSchema } from '../../src/lib/domain/referral.ts';",
			"import { createTestServer } from '../testing/test-server.ts';"
		],
		allowed: [
			"import { referralSchema } from '#domain/referral';",
			"import { Hono } from 'hono';",
			"import { eq } from 'drizzle-orm';",
			"import { randomUUID } from 'node:crypto';",
			"import { referrals } from '../db/schema.ts';"
		]
	},
	'server tests use the test kits but still not the browser code': {
		filePath: 'server/routes/__probe__.test.ts',
		refused: [
			"import Dexie from 'dexie';",
			"import { referralSchema } from '../../src/lib/domain/referral.ts';"
		],
		allowed: [
			"import { createTestServer } from '../testing/test-server.ts';",
			"import { referralSchema } from '#domain/referral';"
		]
	},
	'app tests and test kits wire real pieces together': {
		filePath: 'src/lib/sync/__probe__.test.ts',
		refused: [],
		allowed: [
			"import { createDexieSyncStore } from '../local/sync-store.ts';",
			"import { createHttpTransport } from '../api/http-transport.ts';",
			"import { createTestServer } from '../../../server/testing/test-server.ts';",
			"import { createFakeServer } from './testing/fake-server.ts';"
		]
	},
	'a test kit may use the other kits and any layer': {
		filePath: 'src/lib/local/testing/__probe__.ts',
		refused: [],
		allowed: [
			"import { createDexieSyncStore } from '../sync-store.ts';",
			"import { createFakeServer } from '../../sync/testing/fake-server.ts';",
			"import { createTestServer } from '../../../../server/testing/test-server.ts';"
		]
	},
	'benchmarks and browser journeys may use the test kits': {
		filePath: 'bench/__probe__.ts',
		refused: [],
		allowed: [
			"import { createTestServer } from '../server/testing/test-server.ts';",
			"import { openTablet } from '../src/lib/local/testing/tablet.ts';"
		]
	},
	'no screen opens the browser’s confirm() or alert() box: it asks in the page': {
		filePath: 'src/lib/ui/__probe__.ts',
		refused: [
			"void confirm('Sign out?');",
			"void window.confirm('Sign out?');",
			"alert('Saved');",
			"globalThis.alert('Saved');",
			"self.confirm('Sign out?');"
		],
		allowed: [
			"const yes = await confirmer.ask('Sign out?', 'Yes, sign out');",
			'const question = { confirm: true };'
		]
	},
	'a page asks in the page too': {
		filePath: 'src/routes/__probe__.ts',
		refused: ["if (!confirm('Clear this form?')) throw new Error();"],
		allowed: []
	},
	'scripts import no test kit': {
		filePath: 'scripts/__probe__.mjs',
		refused: ["import { createTestServer } from '../server/testing/test-server.ts';"],
		allowed: ["import { spawn } from 'node:child_process';"]
	}
};

describe('lint guards', () => {
	for (const [behaviour, probe] of Object.entries(probes)) {
		it(behaviour, async () => {
			expect(await refused(probe.filePath, [...probe.refused, ...probe.allowed])).toEqual(
				probe.refused
			);
		});
	}
});
