// What every route is handed: the database, clock, id source and settings (no globals),
// and what the session middleware puts on Hono's context.
import type { ReaderPool } from './readers/reader-pool.ts';
import { randomUUID } from 'node:crypto';
import type { Role } from '#domain/enums';
import {
	defaultSignInThrottle,
	type SignInThrottle,
	type SignInThrottleSettings
} from './auth/sign-in-throttle.ts';
import {
	defaultUnattachedPhotoLimit,
	type UnattachedPhotoLimit
} from './attachments/unattached.ts';
import type { StorageHealth } from './backup/storage-health.ts';
import type { Db, Sqlite } from './db/open.ts';

export interface AppConfig {
	/**
	 * 'auto': Secure (and __Host- prefixed) when the public origin is https; with no public URL
	 * and no trusted proxy, whenever the host is not localhost or 127.0.0.1.
	 */
	secureCookies: 'auto' | boolean;
	/** The origin browsers use (WARDLINE_PUBLIC_URL), e.g. https://wardline.council.gov.uk. */
	publicUrl: string | null;
	/** How many reverse proxies in front are trusted for X-Forwarded-For/-Proto/-Host (0: none). */
	trustProxy: number;
	sessionIdleMinutes: number;
	sessionAbsoluteDays: number;
	/** The Content-Security-Policy header value for every response. */
	csp: string;
	/** How many photos, and bytes, one user may have uploaded that are in no referral yet. */
	unattachedPhotoLimit: UnattachedPhotoLimit;
	/** Free failures, waits and soft limits of the sign-in throttle. */
	signInThrottle: SignInThrottleSettings;
	/** Days after closing (or rejection) before a referral's personal details are removed. */
	retentionDays: number;
	/** MAP_TILE_URL: raster tiles under the SVG ward maps ({z}/{x}/{y}); null: SVG only. */
	mapTileUrl: string | null;
	/** WARDLINE_MEDIA_SECRET, signing the CRM's photo links; null: derived from the database. */
	crmMediaSecret: string | null;
}

export const defaultCsp =
	"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' blob: data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

export const defaultConfig: AppConfig = {
	secureCookies: 'auto',
	publicUrl: null,
	trustProxy: 0,
	sessionIdleMinutes: 12 * 60,
	sessionAbsoluteDays: 7,
	csp: defaultCsp,
	unattachedPhotoLimit: defaultUnattachedPhotoLimit,
	signInThrottle: defaultSignInThrottle,
	retentionDays: 730,
	mapTileUrl: null,
	crmMediaSecret: null
};

/** Test-only hooks to simulate a crash at a chosen point; production passes none. */
export interface FaultHooks {
	/** Called inside a mutation's transaction after its writes, before commit. */
	beforeMutationCommit?: (mutationId: string) => void;
}

/** The link to the council's CRM as the routes see it; the worker itself runs in main.ts. */
export interface CrmLink {
	/** A CRM is configured: new referrals are queued for it. */
	enabled: boolean;
	/** Asks the worker to try the queue now (after "retry now"); absent in tests without one. */
	wake?: () => void;
}

/** E-mail as the routes and events see it; the worker that sends runs in main.ts. */
export interface MailLink {
	/** An SMTP relay is set up: events queue e-mails. false: nothing is queued or sent. */
	enabled: boolean;
	/** Where Wardline is reached, for the links in e-mails (WARDLINE_PUBLIC_URL). */
	publicUrl: string;
	/** Asks the worker to look at the queue now; absent in tests without one. */
	wake?: () => void;
	/** Admin's "try again": look now, and forget the relay's backoff too. */
	retryNow?: () => void;
	/** How the relay is doing, as the worker last found it. */
	status?: () => MailRelayStatus;
}

export interface MailRelayStatus {
	/** The relay's host (never its credentials). */
	host: string | null;
	downSince: string | null;
	lastError: string | null;
	lastSuccessAt: string | null;
}

export const noMail: MailLink = { enabled: false, publicUrl: 'http://localhost:3000' };

/** What the live route gives the hub for one connection. */
export interface LiveSink {
	/** Sends one event; must not wait on a slow reader (the hub never awaits it). */
	send(event: 'ready' | 'change' | 'ping', data: string): void;
	close(): void;
}

/** The open live connections as routes use them; server/live/live-hub.ts keeps them. */
export interface LiveConnections {
	readonly size: number;
	readonly maxTotal: number;
	/** The connection's id to drop it by, or null when the server holds as many as it may. */
	open(
		user: SessionUser,
		sessionId: string,
		sink: LiveSink,
		recheck: () => SessionUser | null
	): number | null;
	drop(id: number): void;
	closeSession(sessionId: string): void;
}

export interface AppDeps {
	db: Db;
	sqlite: Sqlite;
	clock: () => Date;
	ids: () => string;
	config: AppConfig;
	signIns: SignInThrottle;
	faults: FaultHooks;
	crm: CrmLink;
	mail: MailLink;
	live: LiveConnections;
	/** The last backup and whether the disk is full, for admins. */
	storage: StorageHealth;
	/** Reader threads for pulls and insights (WARDLINE_READERS); null: all on the main thread. */
	readers?: ReaderPool | null;
}

export interface SessionUser {
	id: string;
	username: string;
	displayName: string;
	role: Role;
	wardId: string | null;
	unitId: string | null;
}

export type AppEnv = {
	Variables: { user: SessionUser; sessionId: string };
};

export const randomIds = (): string => randomUUID();
