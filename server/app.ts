// Builds the Hono app from what it is given (database, clock, ids, settings). It opens no
// files of its own, reads no environment and listens on nothing: server/main.ts does that.
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { SignInThrottle } from './auth/sign-in-throttle.ts';
import { StorageHealth } from './backup/storage-health.ts';
import {
	defaultConfig,
	randomIds,
	type AppConfig,
	type AppDeps,
	type AppEnv,
	type CrmLink,
	type FaultHooks,
	type MailLink,
	noMail
} from './context.ts';
import type { Db, Sqlite } from './db/open.ts';
import { diskFullWatch } from './http/disk-full.ts';
import { handleError, handleNotFound } from './http/error-handler.ts';
import { apiNoStore } from './http/api-cache-policy.ts';
import { compressJson } from './http/compress-json.ts';
import { bodySizeLimits, sameOriginWrites } from './http/request-guards.ts';
import { mountStaticApp } from './http/static-app.ts';
import { LiveHub } from './live/live-hub.ts';
import type { ReaderPool } from './readers/reader-pool.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { authRoutes } from './routes/auth.ts';
import { deviceKeyRoutes } from './routes/device-key.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { adminDirectoryRoutes } from './routes/admin-directory.ts';
import { adminGeographyRoutes } from './routes/admin-geography.ts';
import { retentionRoutes, subjectAccessRoutes } from './routes/admin-privacy.ts';
import { adminSessionRoutes } from './routes/admin-sessions.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { signInAttemptRoutes } from './routes/sign-in-attempts.ts';
import { adminStorageRoutes } from './routes/admin-storage.ts';
import { crmAdminRoutes, crmRoutes } from './routes/crm.ts';
import { crmMediaRoutes } from './routes/crm-media.ts';
import { exportRoutes } from './routes/exports.ts';
import { geographyRoutes } from './routes/geography.ts';
import { healthRoutes } from './routes/health.ts';
import { adminOutsideBodyRoutes } from './routes/admin-outside-bodies.ts';
import { liveRoutes } from './routes/live.ts';
import { adminMailRoutes, mailRoutes } from './routes/mail.ts';
import { referralForwardRoutes } from './routes/referral-forwards.ts';
import { insightsRoutes } from './routes/insights.ts';
import { open311Routes } from './routes/open311.ts';
import { possibleDuplicateRoutes } from './routes/possible-duplicates.ts';
import { responseTemplateRoutes } from './routes/response-templates.ts';
import { referenceRoutes } from './routes/reference.ts';
import { referralRoutes } from './routes/referrals.ts';
import { syncRoutes } from './routes/sync.ts';
import { readMarkRoutes } from './routes/read-marks.ts';

export interface CreateAppOptions {
	db: Db;
	sqlite: Sqlite;
	clock?: () => Date;
	ids?: () => string;
	config?: Partial<AppConfig>;
	/** The built SPA (build/); null or absent serves the API only. */
	staticDir?: string | null;
	/** Tests only: simulate crashes at chosen points. */
	faults?: FaultHooks;
	/** The council's CRM; absent means none (referrals are handled in Wardline alone). */
	crm?: CrmLink;
	/** The council's SMTP relay; absent means no e-mail (nothing is queued). */
	mail?: MailLink;
	/** Open live connections (GET /api/live); main.ts starts its timers. */
	live?: LiveHub;
	/** The last backup and the disk-full flag; main.ts's backup schedule writes to it. */
	storage?: StorageHealth;
	/** Reader threads for pulls and insights; absent: all on the main thread. */
	readers?: ReaderPool | null;
}

/** What every area is handed: the options with their defaults filled in. */
export function createDeps(options: CreateAppOptions): AppDeps {
	const clock = options.clock ?? (() => new Date());
	const config: AppConfig = { ...defaultConfig, ...options.config };
	return {
		db: options.db,
		sqlite: options.sqlite,
		clock,
		ids: options.ids ?? randomIds,
		config,
		faults: options.faults ?? {},
		crm: options.crm ?? { enabled: false },
		mail: options.mail ?? noMail,
		live: options.live ?? new LiveHub({ db: options.db }),
		storage: options.storage ?? new StorageHealth(),
		readers: options.readers ?? null,
		signIns: new SignInThrottle({
			db: options.db,
			sqlite: options.sqlite,
			clock,
			settings: config.signInThrottle
		})
	};
}

export function createApp(options: CreateAppOptions) {
	const deps = createDeps(options);
	const { config } = deps;

	const app = new Hono<AppEnv>()
		.use(
			secureHeaders({
				// The CSP comes from config as one string (see below), so the lead can tighten it.
				contentSecurityPolicy: undefined,
				crossOriginEmbedderPolicy: false,
				// Matches the CSP's frame-ancestors 'none' for browsers that only read this header.
				xFrameOptions: 'DENY',
				strictTransportSecurity: 'max-age=15552000; includeSubDomains'
			})
		)
		.use(async (c, next) => {
			await next();
			c.res.headers.set('Content-Security-Policy', config.csp);
		})
		.use(
			'/api/*',
			compressJson,
			apiNoStore,
			diskFullWatch(deps),
			sameOriginWrites(config),
			bodySizeLimits
		)
		.use('/open311/*', compressJson)
		.route('/api/health', healthRoutes(deps))
		.route('/api/auth', authRoutes(deps))
		.route('/api/reference', referenceRoutes(deps))
		.route('/api/sync', syncRoutes(deps))
		.route('/api/read-marks', readMarkRoutes(deps))
		.route('/api/attachments', attachmentRoutes(deps))
		.route('/api/device-key', deviceKeyRoutes(deps))
		.route('/api/referrals', referralRoutes(deps))
		.route('/api/response-templates', responseTemplateRoutes(deps))
		// Issue 14: live "pull now", e-mail choices and queue, outside bodies and forwarding.
		.route('/api/referrals', referralForwardRoutes(deps))
		.route('/api/live', liveRoutes(deps))
		.route('/api/mail', mailRoutes(deps))
		.route('/api/admin/mail', adminMailRoutes(deps))
		.route('/api/admin/outside-bodies', adminOutsideBodyRoutes(deps))
		.route('/api/insights', insightsRoutes(deps))
		.route('/api/exports', exportRoutes(deps))
		.route('/api/crm', crmRoutes(deps))
		.route('/api/admin/crm', crmAdminRoutes(deps))
		// Photos for the CRM's media_url: signed links, no session (issue 11).
		.route('/api/crm-media', crmMediaRoutes(deps))
		// Wards, units, categories (their routing and CRM service codes), users and sessions.
		.route('/api/admin', adminDirectoryRoutes(deps))
		.route('/api/admin/users', adminUserRoutes(deps))
		.route('/api/admin/sessions', adminSessionRoutes(deps))
		.route('/api/admin/sign-in-attempts', signInAttemptRoutes(deps))
		// Backups and the disk (issue 12).
		.route('/api/admin/storage', adminStorageRoutes(deps))
		// Audit trail, retention and subject access (issue 6).
		.route('/api/admin/audit', adminAuditRoutes(deps))
		.route('/api/admin/retention', retentionRoutes(deps))
		.route('/api/admin/subject-access', subjectAccessRoutes(deps))
		// The council's geography: boundaries, postcodes, maps, possible duplicates (issue 15).
		.route('/api/admin/geography', adminGeographyRoutes(deps))
		.route('/api/geography', geographyRoutes(deps))
		.route('/api/possible-duplicates', possibleDuplicateRoutes(deps))
		.route('/open311/v2', open311Routes(deps));

	if (options.staticDir) mountStaticApp(app, options.staticDir);
	app.notFound(handleNotFound);
	app.onError(handleError);
	return app;
}

export type AppType = ReturnType<typeof createApp>;
