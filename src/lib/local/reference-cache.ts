// Wards, categories and Business Units kept on the tablet so the capture form works offline.
import { ReferenceData } from '../domain/sync-protocol.ts';
import type { WardlineDb } from './db.ts';
import { guardQuota } from './storage-full.ts';

export const referenceKey = 'reference';

export async function saveReferenceData(db: WardlineDb, data: ReferenceData): Promise<void> {
	await guardQuota(() => db.meta.put({ key: referenceKey, value: data }));
}

/** The cached reference data, or null if none (or if an older app version stored another shape). */
export async function loadReferenceData(db: WardlineDb): Promise<ReferenceData | null> {
	const row = await db.meta.get(referenceKey);
	const parsed = ReferenceData.safeParse(row?.value);
	return parsed.success ? parsed.data : null;
}
