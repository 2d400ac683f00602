// Slows password guessing without letting a stranger lock anyone out (OWASP's Authentication
// and Credential Stuffing cheat sheets). Each (username, address) pair gets a few free failures,
// then growing waits up to a cap; nothing done from another address touches that pair. Many
// failures from one address, or on one account from anywhere, are a soft limit: they shorten
// the free failures of pairs that have never signed in and pace that address's unknown pairs,
// while a known pair (this account has signed in from this address) keeps its full allowance.
//
// An attempt is counted before the slow password check, in one synchronous step (better-sqlite3
// and one process: nothing interleaves), so 100 guesses sent at once get the same number of
// real checks as 100 sent one by one. Counts live in SQLite so a restart gives out no fresh
// guesses; the address pacing (seconds) lives in memory, as a restart takes longer than that.
import { and, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Sqlite } from '../db/open.ts';
import { signInAttempts, users } from '../db/schema.ts';

export interface SignInThrottleSettings {
	/** Failures a pair may make before it must wait. */
	freeFailures: number;
	/** The first wait; each further failure doubles it, up to maxDelaySeconds. */
	firstDelaySeconds: number;
	maxDelaySeconds: number;
	/** Failures in an hour from one address, across accounts, past which it is slowed. */
	addressSoftLimit: number;
	/** Failures in an hour on one account, from any address, past which new addresses are slowed. */
	accountSoftLimit: number;
	/** While an address is over its soft limit: one check per this many seconds for its unknown pairs. */
	addressPaceSeconds: number;
}

export const defaultSignInThrottle: SignInThrottleSettings = {
	freeFailures: 5,
	firstDelaySeconds: 30,
	maxDelaySeconds: 15 * 60,
	addressSoftLimit: 100,
	accountSoftLimit: 20,
	addressPaceSeconds: 2
};

const hourMs = 3_600_000;
/** A pair quiet for a day starts again from nothing. */
const forgetAfterMs = 24 * hourMs;
/** A success makes the address known for the account for this long. */
const knownForMs = 30 * 24 * hourMs;

export type SignInSlot =
	{ ok: true } | { ok: false; reason: 'pair' | 'address'; retryAfterSeconds: number };

export interface SignInAttemptRow {
	username: string;
	/** The account's name when the username is one; null for a name nobody has. */
	displayName: string | null;
	address: string;
	failures: number;
	lastAttemptAt: string;
	retryAt: string | null;
	/** This account has signed in from this address in the last 30 days. */
	knownAddress: boolean;
}

export interface SignInAddressRow {
	address: string;
	failuresLastHour: number;
	/** Over the soft limit: unknown pairs from here are paced and get one free failure. */
	slowed: boolean;
}

export class SignInThrottle {
	readonly #db: Db;
	readonly #sqlite: Sqlite;
	readonly #clock: () => Date;
	readonly #settings: SignInThrottleSettings;
	/** address -> when its unknown pairs may next have a password checked (ms). */
	readonly #paced = new Map<string, number>();

	constructor(options: {
		db: Db;
		sqlite: Sqlite;
		clock: () => Date;
		settings: SignInThrottleSettings;
	}) {
		this.#db = options.db;
		this.#sqlite = options.sqlite;
		this.#clock = options.clock;
		this.#settings = options.settings;
	}

	/** The wait after `over` failures beyond the free ones (0: the first wait). */
	delayMs(over: number): number {
		const { firstDelaySeconds, maxDelaySeconds } = this.#settings;
		return Math.min(maxDelaySeconds, firstDelaySeconds * 2 ** Math.min(over, 30)) * 1000;
	}

	/**
	 * Counts this attempt as a failure before the password is checked, or refuses it. A success
	 * afterwards (`succeeded`) takes the count back to nothing.
	 */
	reserve(username: string, address: string): SignInSlot {
		return this.#sqlite.transaction((): SignInSlot => {
			const now = this.#clock().getTime();
			const row = this.#db
				.select()
				.from(signInAttempts)
				.where(and(eq(signInAttempts.username, username), eq(signInAttempts.address, address)))
				.get();
			const stale = row !== undefined && Date.parse(row.lastAttemptAt) <= now - forgetAfterMs;
			const retryAt = row?.retryAt && !stale ? Date.parse(row.retryAt) : 0;
			if (retryAt > now)
				return { ok: false, reason: 'pair', retryAfterSeconds: Math.ceil((retryAt - now) / 1000) };

			const known = row?.lastSuccessAt != null && Date.parse(row.lastSuccessAt) > now - knownForMs;
			let free = this.#settings.freeFailures;
			if (!known) {
				const addressBusy = this.#failuresSince(eq(signInAttempts.address, address), now);
				const addressOver = addressBusy >= this.#settings.addressSoftLimit;
				if (addressOver) {
					const next = this.#paced.get(address) ?? 0;
					if (next > now)
						return {
							ok: false,
							reason: 'address',
							retryAfterSeconds: Math.ceil((next - now) / 1000)
						};
					this.#paced.set(address, now + this.#settings.addressPaceSeconds * 1000);
				}
				const accountOver =
					this.#failuresSince(eq(signInAttempts.username, username), now) >=
					this.#settings.accountSoftLimit;
				if (addressOver || accountOver) free = Math.min(free, 1);
			}

			const failures = (stale ? 0 : (row?.failures ?? 0)) + 1;
			const values = {
				failures,
				lastAttemptAt: new Date(now).toISOString(),
				retryAt:
					failures >= free ? new Date(now + this.delayMs(failures - free)).toISOString() : null
			};
			this.#db
				.insert(signInAttempts)
				.values({ username, address, ...values })
				.onConflictDoUpdate({
					target: [signInAttempts.username, signInAttempts.address],
					set: values
				})
				.run();
			this.#prunePacing(now);
			return { ok: true };
		})();
	}

	/** The password was right: the pair starts again from nothing, and the address is known. */
	succeeded(username: string, address: string): void {
		this.#db
			.update(signInAttempts)
			.set({ failures: 0, retryAt: null, lastSuccessAt: this.#clock().toISOString() })
			.where(and(eq(signInAttempts.username, username), eq(signInAttempts.address, address)))
			.run();
	}

	/** Pairs with failures in the last day, newest first (for admins). */
	attempts(limit = 500): SignInAttemptRow[] {
		const now = this.#clock().getTime();
		const rows = this.#db
			.select({ row: signInAttempts, displayName: users.displayName })
			.from(signInAttempts)
			.leftJoin(users, eq(users.username, signInAttempts.username))
			.where(
				and(
					gt(signInAttempts.failures, 0),
					gt(signInAttempts.lastAttemptAt, new Date(now - forgetAfterMs).toISOString())
				)
			)
			.orderBy(desc(signInAttempts.lastAttemptAt))
			.limit(limit)
			.all();
		return rows.map(({ row, displayName }) => ({
			username: row.username,
			displayName,
			address: row.address,
			failures: row.failures,
			lastAttemptAt: row.lastAttemptAt,
			retryAt: row.retryAt && Date.parse(row.retryAt) > now ? row.retryAt : null,
			knownAddress: row.lastSuccessAt != null && Date.parse(row.lastSuccessAt) > now - knownForMs
		}));
	}

	/** Addresses with failures in the last hour, the busiest first, and whether each is slowed. */
	addresses(limit = 100): SignInAddressRow[] {
		const since = new Date(this.#clock().getTime() - hourMs).toISOString();
		const total = sql<number>`sum(${signInAttempts.failures})`;
		return this.#db
			.select({ address: signInAttempts.address, failuresLastHour: total })
			.from(signInAttempts)
			.where(and(gt(signInAttempts.lastAttemptAt, since), gt(signInAttempts.failures, 0)))
			.groupBy(signInAttempts.address)
			.orderBy(desc(total))
			.limit(limit)
			.all()
			.map((row) => ({
				...row,
				slowed: row.failuresLastHour >= this.#settings.addressSoftLimit
			}));
	}

	/**
	 * An admin's "let them try again": every pair of the account, of the address, or the one pair
	 * when both are given. Known addresses stay known. Returns how many pairs had something.
	 */
	clear(filter: { username?: string; address?: string }): number {
		const conditions = [
			filter.username === undefined ? undefined : eq(signInAttempts.username, filter.username),
			filter.address === undefined ? undefined : eq(signInAttempts.address, filter.address)
		];
		if (filter.address !== undefined) this.#paced.delete(filter.address);
		return this.#db
			.update(signInAttempts)
			.set({ failures: 0, retryAt: null })
			.where(and(...conditions, gt(signInAttempts.failures, 0)))
			.run().changes;
	}

	#failuresSince(which: SQL, now: number): number {
		const since = new Date(now - hourMs).toISOString();
		const row = this.#db
			.select({ n: sql<number>`coalesce(sum(${signInAttempts.failures}), 0)` })
			.from(signInAttempts)
			.where(and(which, gt(signInAttempts.lastAttemptAt, since)))
			.get();
		return row?.n ?? 0;
	}

	#prunePacing(now: number): void {
		if (this.#paced.size < 1000) return;
		for (const [address, next] of this.#paced) if (next <= now) this.#paced.delete(address);
	}
}

/** Forgets pairs quiet for a day that are not a known address (run hourly by housekeeping). */
export function forgetQuietSignInAttempts(db: Db, now: Date): number {
	const at = now.getTime();
	return db
		.delete(signInAttempts)
		.where(
			and(
				lt(signInAttempts.lastAttemptAt, new Date(at - forgetAfterMs).toISOString()),
				or(
					isNull(signInAttempts.lastSuccessAt),
					lt(signInAttempts.lastSuccessAt, new Date(at - knownForMs).toISOString())
				)
			)
		)
		.run().changes;
}
