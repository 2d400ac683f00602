// Asking the browser to keep our data (persistent storage) and reading how much space is used,
// for the storage line in settings. The StorageManager is passed in (navigator.storage).

export interface StorageManagerLike {
	persist?: () => Promise<boolean>;
	persisted?: () => Promise<boolean>;
	estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

/** true if the browser promises not to evict our data; asks once if not yet granted. */
export async function requestPersistentStorage(
	storage: StorageManagerLike | undefined
): Promise<boolean> {
	if (!storage?.persist) return false;
	if (storage.persisted && (await storage.persisted())) return true;
	try {
		return await storage.persist();
	} catch {
		return false;
	}
}

export interface StorageUsage {
	usedBytes: number;
	quotaBytes: number | null;
	/** 0..1, or null when the browser does not say. */
	fraction: number | null;
}

export async function storageUsage(
	storage: StorageManagerLike | undefined
): Promise<StorageUsage | null> {
	if (!storage?.estimate) return null;
	const { usage = 0, quota } = await storage.estimate();
	return { usedBytes: usage, quotaBytes: quota ?? null, fraction: quota ? usage / quota : null };
}
