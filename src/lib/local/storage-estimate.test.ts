import { describe, expect, it } from 'vitest';
import { requestPersistentStorage, storageUsage } from './storage-estimate.ts';

describe('storage estimate', () => {
	it('asks for persistent storage only when not already granted', async () => {
		let asked = 0;
		const granted = { persisted: async () => true, persist: async () => (asked++, true) };
		expect(await requestPersistentStorage(granted)).toBe(true);
		expect(asked).toBe(0);
		const refused = { persisted: async () => false, persist: async () => (asked++, false) };
		expect(await requestPersistentStorage(refused)).toBe(false);
		expect(asked).toBe(1);
		expect(await requestPersistentStorage(undefined)).toBe(false);
	});

	it('reports usage against the quota', async () => {
		expect(await storageUsage({ estimate: async () => ({ usage: 25, quota: 100 }) })).toEqual({
			usedBytes: 25,
			quotaBytes: 100,
			fraction: 0.25
		});
		expect(await storageUsage({})).toBeNull();
	});
});
