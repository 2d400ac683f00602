// Turns the browser's "quota exceeded" failure (however Dexie wraps it) into one clear message.

export class StorageFullError extends Error {
	override name = 'StorageFullError';
	constructor(options?: { cause?: unknown }) {
		super(
			'This tablet is out of storage space. Nothing you saved before was lost; free up space (delete old photos or apps) and save again.',
			options
		);
	}
}

function isQuotaExceeded(err: unknown): boolean {
	const named = (e: unknown): string | undefined =>
		typeof e === 'object' && e !== null && 'name' in e
			? String((e as { name: unknown }).name)
			: undefined;
	if (named(err) === 'QuotaExceededError') return true;
	const inner =
		typeof err === 'object' && err !== null ? (err as { inner?: unknown }).inner : undefined;
	return named(inner) === 'QuotaExceededError';
}

/** Runs a write; a full disk becomes StorageFullError, anything else is rethrown as is. */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (isQuotaExceeded(err)) throw new StorageFullError({ cause: err });
		throw err;
	}
}
