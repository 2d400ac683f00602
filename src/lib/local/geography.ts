// The council's geography kept on the tablet, for capture with no signal: the postcode lookup
// (about 5,000 rows for a district) and the simplified ward boundaries. Not personal data, so a
// database of its own, in clear, apart from the sealed referrals (and from their versions).
import { Dexie, type Table } from 'dexie';
import type { BoundaryRow, PostcodeRow } from '../domain/geography.ts';
import { normalisePostcode } from '../domain/referral.ts';
import { guardQuota } from './storage-full.ts';

export type StoredPostcode = PostcodeRow;

export interface GeographyMeta {
	key: 'versions';
	boundariesVersion: number | null;
	postcodesVersion: number | null;
	tileUrl: string | null;
}

export class GeographyDb extends Dexie {
	postcodes!: Table<StoredPostcode, string>;
	boundaries!: Table<BoundaryRow, string>;
	meta!: Table<GeographyMeta, string>;

	constructor(name = 'wardline-geography') {
		super(name);
		this.version(1).stores({ postcodes: 'postcode', boundaries: 'wardId', meta: 'key' });
	}
}

export async function storedVersions(db: GeographyDb): Promise<GeographyMeta> {
	return (
		(await db.meta.get('versions')) ?? {
			key: 'versions',
			boundariesVersion: null,
			postcodesVersion: null,
			tileUrl: null
		}
	);
}

/** Replaces the boundaries whole, with their version, in one transaction. */
export async function saveBoundaries(
	db: GeographyDb,
	version: number | null,
	rows: BoundaryRow[]
): Promise<void> {
	await guardQuota(() =>
		db.transaction('rw', db.boundaries, db.meta, async () => {
			await db.boundaries.clear();
			await db.boundaries.bulkPut(rows);
			await db.meta.put({ ...(await storedVersions(db)), boundariesVersion: version });
		})
	);
}

/** Replaces the postcode lookup whole, with its version, in one transaction. */
export async function savePostcodes(
	db: GeographyDb,
	version: number | null,
	rows: PostcodeRow[]
): Promise<void> {
	await guardQuota(() =>
		db.transaction('rw', db.postcodes, db.meta, async () => {
			await db.postcodes.clear();
			await db.postcodes.bulkPut(rows);
			await db.meta.put({ ...(await storedVersions(db)), postcodesVersion: version });
		})
	);
}

export async function saveTileUrl(db: GeographyDb, tileUrl: string | null): Promise<void> {
	await db.meta.put({ ...(await storedVersions(db)), tileUrl });
}

/** The lookup's row for a postcode however it was typed ("ca11aa"), or undefined. */
export function findPostcode(db: GeographyDb, typed: string): Promise<StoredPostcode | undefined> {
	return db.postcodes.get(normalisePostcode(typed.trim()));
}

export function loadBoundaries(db: GeographyDb): Promise<BoundaryRow[]> {
	return db.boundaries.toArray();
}
