// Sealing personal data with the data key while the tablet is unlocked: AES-GCM 256, a fresh
// random 96-bit IV for every write, and the row's table and id as additional data.
import { decodeValue, encodeValue } from './value-codec.ts';

/** What a row keeps instead of its personal fields. */
export interface Sealed {
	iv: Uint8Array<ArrayBuffer>;
	data: ArrayBuffer;
}

/** Asked to read or write personal data while the data key is not in memory. */
export class VaultLockedError extends Error {
	override name = 'VaultLockedError';
	constructor() {
		super('Wardline is locked. Unlock it with your passphrase to carry on.');
	}
}

export function isSealed(value: unknown): value is Sealed {
	return (
		typeof value === 'object' &&
		value !== null &&
		(value as Sealed).iv instanceof Uint8Array &&
		(value as Sealed).data instanceof ArrayBuffer
	);
}

const ivBytes = 12;

/**
 * Holds the data key (non-extractable) while unlocked; every sealed read and write goes through
 * it. Calls to WebCrypto are wrapped in Promise.resolve so Dexie's liveQuery keeps its context.
 */
export class Sealer {
	#key: CryptoKey | null = null;
	readonly #listeners = new Set<(unlocked: boolean) => void>();

	constructor(key: CryptoKey | null = null) {
		if (key) this.unlock(key);
	}

	get unlocked(): boolean {
		return this.#key !== null;
	}

	/** Takes the data key into memory. An extractable key is refused: it could be copied out. */
	unlock(key: CryptoKey): void {
		if (key.extractable) throw new Error('The data key must not be extractable.');
		if (key.algorithm.name !== 'AES-GCM') throw new Error('The data key must be an AES-GCM key.');
		this.#key = key;
		this.#emit();
	}

	/**
	 * The data key itself, to post to a dedicated worker of this page (structured clone keeps it
	 * non-extractable; the worker's own Sealer holds it only while it works); null while locked.
	 */
	keyForWorker(): CryptoKey | null {
		return this.#key;
	}

	/** Drops the data key; sealed rows stay unreadable until the next unlock. */
	lock(): void {
		if (this.#key === null) return;
		this.#key = null;
		this.#emit();
	}

	/** The listener hears every lock and unlock; returns the way to stop listening. */
	onChange(listener: (unlocked: boolean) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async sealBytes(bytes: BufferSource, context: string): Promise<Sealed> {
		const key = this.#requireKey();
		const iv = crypto.getRandomValues(new Uint8Array(ivBytes));
		const data = await Promise.resolve(
			crypto.subtle.encrypt(
				{ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) },
				key,
				bytes
			)
		);
		return { iv, data };
	}

	/** Fails (OperationError) if the data was changed or belongs to another row. */
	async openBytes(sealed: Sealed, context: string): Promise<ArrayBuffer> {
		const key = this.#requireKey();
		return Promise.resolve(
			crypto.subtle.decrypt(
				{ name: 'AES-GCM', iv: sealed.iv, additionalData: new TextEncoder().encode(context) },
				key,
				sealed.data
			)
		);
	}

	async seal(value: unknown, context: string): Promise<Sealed> {
		this.#requireKey();
		return this.sealBytes(await encodeValue(value), context);
	}

	async open<T>(sealed: Sealed, context: string): Promise<T> {
		return decodeValue(await this.openBytes(sealed, context)) as T;
	}

	#requireKey(): CryptoKey {
		if (!this.#key) throw new VaultLockedError();
		return this.#key;
	}

	#emit(): void {
		for (const listener of this.#listeners) listener(this.unlocked);
	}
}
