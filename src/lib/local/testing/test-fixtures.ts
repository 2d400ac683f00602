// Test fixtures for tablet-side tests: a fresh database per test (unlocked with a test data key),
// valid referral payloads, and deterministic clocks and ids.
import { Sealer } from '../../crypto/sealing.ts';
import { uuidv7 } from '../../domain/ids.ts';
import {
	CreateReferral,
	type CreateReferralInput,
	type ServerReferral
} from '../../domain/referral.ts';
import { fakeCreatePayload } from '../../sync/testing/fake-server.ts';
import { openWardlineDb, type WardlineDb } from '../db.ts';
import type { RepositoryDeps } from '../referrals.ts';

/** One data key for every test database; non-extractable, as the vault makes them. */
export const testDataKey = await crypto.subtle.generateKey(
	{ name: 'AES-GCM', length: 256 },
	false,
	['encrypt', 'decrypt']
);

let dbCounter = 0;
/** A new database whose sealer is unlocked (pass `locked: true` for one that is not). */
export function freshDb(label = 'test', options: { locked?: boolean } = {}): WardlineDb {
	dbCounter += 1;
	return openWardlineDb(
		`wardline-${label}-${dbCounter}-${Math.random().toString(36).slice(2)}`,
		new Sealer(options.locked ? null : testDataKey)
	);
}

/** A parsed `create` payload, as the capture form hands it to saveNewReferral (one the fake server takes). */
export function sampleCreate(overrides: Partial<CreateReferralInput> = {}): CreateReferral {
	return CreateReferral.parse(fakeCreatePayload(overrides));
}

// Shared by every testDeps() so two tablets in one test never make the same id.
let idCounter = 0;

/** Ids are UUID v7 from a counter, so they are valid, unique and sort in creation order. */
export function testDeps(
	start = Date.parse('2026-03-02T09:00:00Z')
): RepositoryDeps & { tick: (ms: number) => void } {
	let now = start;
	return {
		now: () => new Date(now),
		newId: () => {
			idCounter += 1;
			const random = new Uint8Array(10);
			new DataView(random.buffer).setUint32(6, idCounter);
			return uuidv7(now, random);
		},
		tick: (ms: number) => {
			now += ms;
		}
	};
}

/** A referral as a pull brings it (the sample create, routed to Highways), with `patch` on top. */
export function serverReferral(id: string, patch: Partial<ServerReferral> = {}): ServerReferral {
	const p = sampleCreate();
	return {
		id,
		reference: 'CR-2026-00007',
		ownerId: 'member-1',
		ownerName: 'Cllr Test',
		createdById: 'member-1',
		wardId: p.wardId,
		categoryId: p.categoryId,
		unitId: 'unit-highways',
		channel: p.channel,
		urgency: p.urgency,
		status: 'routed',
		description: p.description,
		location: { ...p.location, lat: null, lng: null },
		resident: { name: 'Ada Lovelace', phone: '0113 496 0000', email: null, consentToShare: false },
		photoIds: [],
		capturedAt: p.capturedAt,
		createdAt: '2026-03-02T09:00:00.000Z',
		updatedAt: '2026-03-03T09:00:00.000Z',
		dueAt: '2026-03-16T17:00:00.000Z',
		respondedAt: null,
		residentToldAt: null,
		rating: null,
		timeline: [
			{
				id: 't1',
				at: '2026-03-03T09:00:00.000Z',
				kind: 'routed',
				by: 'Wardline',
				text: 'Sent to Highways'
			}
		],
		...patch
	};
}
