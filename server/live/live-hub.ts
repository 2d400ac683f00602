// The open live connections (GET /api/live) and the "pull now" they are sent. It watches the
// server-wide change number: whatever wrote a referral (a push, an officer, the CRM worker,
// retention), the change is seen only once committed, and only connections whose user may see
// a changed referral (the same rule as pull) are told. The events carry no data.
import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { LiveConnections, LiveSink, SessionUser } from '../context.ts';
import type { Db } from '../db/open.ts';
import { referrals } from '../db/schema.ts';
import { visibleTo } from '../referrals/access.ts';
import { currentChangeNo } from '../referrals/store.ts';

interface Connection {
	id: number;
	sessionId: string;
	user: SessionUser;
	sink: LiveSink;
	/** The session again (revoked, expired, idle, user deactivated): its user now, or null. */
	recheck: () => SessionUser | null;
	openedAt: number;
}

export interface LiveHubOptions {
	db: Db;
	/** Connections one user may hold at once; the oldest is closed for a new one. */
	maxPerUser?: number;
	/** Connections the server holds at once; past it a new one is refused (the timer still works). */
	maxTotal?: number;
	heartbeatMs?: number;
	/** How often the change number is looked at. */
	checkMs?: number;
	/** When a changed batch is longer than this, every connection is told (cheaper than asking). */
	maxIdsChecked?: number;
}

export const defaultHeartbeatMs = 20_000;

export class LiveHub implements LiveConnections {
	readonly heartbeatMs: number;
	readonly maxTotal: number;
	readonly #db: Db;
	readonly #maxPerUser: number;
	readonly #checkMs: number;
	readonly #maxIdsChecked: number;
	readonly #connections = new Map<number, Connection>();
	#nextId = 1;
	#seenChangeNo: number | null = null;
	#checkTimer: ReturnType<typeof setInterval> | undefined;
	#heartbeatTimer: ReturnType<typeof setInterval> | undefined;

	constructor(options: LiveHubOptions) {
		this.#db = options.db;
		this.#maxPerUser = options.maxPerUser ?? 4;
		this.maxTotal = options.maxTotal ?? 2000;
		this.heartbeatMs = options.heartbeatMs ?? defaultHeartbeatMs;
		this.#checkMs = options.checkMs ?? 250;
		this.#maxIdsChecked = options.maxIdsChecked ?? 500;
	}

	get size(): number {
		return this.#connections.size;
	}

	connectionsOf(userId: string): number {
		let n = 0;
		for (const c of this.#connections.values()) if (c.user.id === userId) n++;
		return n;
	}

	/**
	 * Registers a connection and sends it "ready" with the current change number; returns the id
	 * to drop it by, or null when the server holds as many as it may (answer 503).
	 */
	open(
		user: SessionUser,
		sessionId: string,
		sink: LiveSink,
		recheck: () => SessionUser | null
	): number | null {
		if (this.#connections.size >= this.maxTotal) return null;
		const mine = [...this.#connections.values()]
			.filter((c) => c.user.id === user.id)
			.sort((a, b) => a.openedAt - b.openedAt || a.id - b.id);
		// A tablet that reloaded leaves its old connection until TCP notices: the oldest makes room.
		for (const old of mine.slice(0, Math.max(0, mine.length - this.#maxPerUser + 1)))
			this.#close(old);
		const id = this.#nextId++;
		this.#connections.set(id, { id, sessionId, user, sink, recheck, openedAt: Date.now() });
		this.#seenChangeNo ??= currentChangeNo(this.#db);
		sink.send('ready', String(this.#seenChangeNo));
		return id;
	}

	/** The client went away. */
	drop(id: number): void {
		this.#connections.delete(id);
	}

	#close(connection: Connection): void {
		this.#connections.delete(connection.id);
		try {
			connection.sink.close();
		} catch {
			// Already gone.
		}
	}

	/**
	 * Looks for committed changes since the last look and tells the connections that may see one
	 * of the changed referrals. Returns how many connections were told.
	 */
	check(): number {
		const now = currentChangeNo(this.#db);
		const since = this.#seenChangeNo;
		this.#seenChangeNo = now;
		if (since === null || now <= since || this.#connections.size === 0) return 0;
		const changed = this.#db
			.select({ id: referrals.id })
			.from(referrals)
			.where(gt(referrals.changeNo, since))
			.orderBy(asc(referrals.changeNo))
			.limit(this.#maxIdsChecked + 1)
			.all()
			.map((r) => r.id);
		if (changed.length === 0) return 0;
		const everyone = changed.length > this.#maxIdsChecked;
		const verdict = new Map<string, boolean>();
		let told = 0;
		for (const connection of [...this.#connections.values()]) {
			const { user } = connection;
			let sees = verdict.get(user.id);
			if (sees === undefined) {
				sees = everyone || this.#seesAny(user, changed);
				verdict.set(user.id, sees);
			}
			if (!sees) continue;
			connection.sink.send('change', String(now));
			told++;
		}
		return told;
	}

	#seesAny(user: SessionUser, ids: string[]): boolean {
		return (
			this.#db
				.select({ one: sql`1` })
				.from(referrals)
				.where(and(inArray(referrals.id, ids), visibleTo(this.#db, user)))
				.limit(1)
				.get() !== undefined
		);
	}

	/**
	 * Checks each connection's session again (signed out, expired, deactivated: closed) and sends
	 * the rest a ping, which keeps proxies from timing out and tells the client the line is alive.
	 */
	heartbeat(): void {
		for (const connection of [...this.#connections.values()]) {
			const user = connection.recheck();
			if (!user) {
				this.#close(connection);
				continue;
			}
			// An officer moved to another unit sees other referrals from now on.
			connection.user = user;
			connection.sink.send('ping', String(this.#seenChangeNo ?? 0));
		}
	}

	/** Closes a session's connections at once (sign-out), without waiting for the heartbeat. */
	closeSession(sessionId: string): void {
		for (const connection of [...this.#connections.values()])
			if (connection.sessionId === sessionId) this.#close(connection);
	}

	start(): void {
		this.#seenChangeNo ??= currentChangeNo(this.#db);
		this.#checkTimer = setInterval(() => this.check(), this.#checkMs);
		this.#heartbeatTimer = setInterval(() => this.heartbeat(), this.heartbeatMs);
		this.#checkTimer.unref();
		this.#heartbeatTimer.unref();
	}

	/** Stops the timers and closes every connection (the server is stopping). */
	stop(): void {
		clearInterval(this.#checkTimer);
		clearInterval(this.#heartbeatTimer);
		for (const connection of [...this.#connections.values()]) this.#close(connection);
	}
}
