// In-memory limiter for sign-in failures, per account and per client address, so guessing
// passwords is slow without letting one noisy address lock everyone out of their accounts.
export interface RateLimitOptions {
	clock: () => Date;
	perAccount?: number;
	perAddress?: number;
	windowMs?: number;
}

export class LoginRateLimiter {
	readonly #clock: () => Date;
	readonly #perAccount: number;
	readonly #perAddress: number;
	readonly #windowMs: number;
	readonly #failures = new Map<string, number[]>();

	constructor(options: RateLimitOptions) {
		this.#clock = options.clock;
		this.#perAccount = options.perAccount ?? 5;
		this.#perAddress = options.perAddress ?? 20;
		this.#windowMs = options.windowMs ?? 15 * 60_000;
	}

	/** True when this sign-in must be refused without even checking the password. */
	isBlocked(username: string, address: string): boolean {
		return (
			this.#recent(`account:${username}`) >= this.#perAccount ||
			this.#recent(`address:${address}`) >= this.#perAddress
		);
	}

	recordFailure(username: string, address: string): void {
		const now = this.#clock().getTime();
		for (const key of [`account:${username}`, `address:${address}`]) {
			const list = this.#failures.get(key) ?? [];
			list.push(now);
			this.#failures.set(key, list);
		}
	}

	/** A correct password clears the account's count (the address keeps its record). */
	recordSuccess(username: string): void {
		this.#failures.delete(`account:${username}`);
	}

	#recent(key: string): number {
		const list = this.#failures.get(key);
		if (!list) return 0;
		const since = this.#clock().getTime() - this.#windowMs;
		const kept = list.filter((t) => t > since);
		if (kept.length === 0) this.#failures.delete(key);
		else this.#failures.set(key, kept);
		return kept.length;
	}
}
