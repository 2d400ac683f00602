// Where the vault keeps its wrapped data key: the Dexie meta table, beside the data it opens, so
// the two are cleared (or copied) together. Only wraps are stored, never the key itself.
import type { VaultRecord, VaultRecordStore } from '../crypto/vault.ts';
import type { WardlineDb } from './db.ts';

export const vaultKey = 'vault';

export function dexieVaultRecords(db: WardlineDb): VaultRecordStore {
	return {
		async load() {
			return (await db.meta.get(vaultKey))?.value ?? null;
		},
		async save(record: VaultRecord) {
			await db.meta.put({ key: vaultKey, value: record });
		},
		async remove() {
			await db.meta.delete(vaultKey);
		}
	};
}
