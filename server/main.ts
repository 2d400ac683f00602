// The Wardline server process: the only place that reads the environment, opens the database
// file and listens. Run with `npx tsx server/main.ts` (npm run serve).
import { serve } from '@hono/node-server';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp } from './app.ts';
import { listBackups } from './backup/backup.ts';
import { BackupSchedule } from './backup/backup-schedule.ts';
import { StorageHealth } from './backup/storage-health.ts';
import { inlineScriptHashes, strictCsp } from './http/content-security.ts';
import { defaultCsp, randomIds, type MailLink } from './context.ts';
import { CrmWorker } from './crm/crm-worker.ts';
import { Open311Client } from './crm/open311-client.ts';
import { crmMediaSecret, defaultCrmMediaDays } from './crm/crm-media.ts';
import { openDatabase } from './db/open.ts';
import { seedDemoData } from './demo/seed.ts';
import { allowTileImages, parseTileUrl } from './geography/map-tiles.ts';
import { scheduleHousekeeping } from './housekeeping.ts';
import { LiveHub } from './live/live-hub.ts';
import { ReaderPool } from './readers/reader-pool.ts';
import { MailScheduler } from './mail/mail-schedule.ts';
import { MailWorker } from './mail/mail-worker.ts';
import { createSmtpTransport } from './mail/smtp-transport.ts';
import { scheduleRetention } from './privacy/retention.ts';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.WARDLINE_DATA_DIR ?? './data');
const staticDir = resolve(process.env.WARDLINE_STATIC_DIR ?? './build');
const seed = process.env.WARDLINE_SEED !== 'none';
const crmUrl = process.env.CRM_URL?.trim() || null;
if (crmUrl && !URL.canParse(crmUrl)) {
	console.error(
		`CRM_URL=${crmUrl} is not a URL; give the CRM's Open311 endpoint, or leave it unset`
	);
	process.exit(1);
}
const crmApiKey = process.env.CRM_API_KEY ?? '';
// Raster tiles under the SVG ward maps, from the council's own tile server (issue 15).
const tileRaw = process.env.MAP_TILE_URL?.trim() || null;
const tiles = tileRaw ? parseTileUrl(tileRaw) : null;
if (tiles && !tiles.ok) {
	console.error(`MAP_TILE_URL=${tileRaw} cannot be used: ${tiles.reason}; or leave it unset`);
	process.exit(1);
}
const mapTileUrl = tiles?.ok ? tiles.url : null;
const crmMaxBackoffS = positiveSeconds('CRM_MAX_BACKOFF_S', 300);
// Photos as media_url: how long a signed link works, and (optionally) the key that signs it.
const crmMediaDays = positiveSeconds('CRM_MEDIA_DAYS', defaultCrmMediaDays, 'days');
const crmMediaSecretSetting = process.env.WARDLINE_MEDIA_SECRET?.trim() || null;
const crmPollS = positiveSeconds('CRM_POLL_S', 60);
const crmFormatRaw = process.env.CRM_FORMAT?.trim().toLowerCase() || 'xml';
if (crmFormatRaw !== 'xml' && crmFormatRaw !== 'json') {
	console.error(`CRM_FORMAT=${crmFormatRaw} must be xml or json`);
	process.exit(1);
}
const crmFormat: 'xml' | 'json' = crmFormatRaw;
const crmJurisdictionId = process.env.CRM_JURISDICTION_ID?.trim() ?? '';
const crmTimeoutS = positiveSeconds('CRM_TIMEOUT_S', 300);
const crmDescriptionLimit = Math.floor(
	positiveSeconds('CRM_DESCRIPTION_LIMIT', 4000, 'characters')
);
// Days after a referral is closed (or rejected) before its resident's details are removed.
const retentionRaw = process.env.WARDLINE_RETENTION_DAYS?.trim() || '730';
const retentionDays =
	/^\d+$/.test(retentionRaw) && Number(retentionRaw) > 0 ? Number(retentionRaw) : 730;
if (String(retentionDays) !== retentionRaw)
	console.warn(`WARDLINE_RETENTION_DAYS=${retentionRaw} is not a whole number of days; using 730`);

// The origin browsers use, when it differs from what the socket shows (a reverse proxy).
const publicUrlRaw = process.env.WARDLINE_PUBLIC_URL?.trim() || null;
const publicUrl = publicUrlRaw ? publicOriginOf(publicUrlRaw) : null;
const trustProxy = proxyCount(process.env.WARDLINE_TRUST_PROXY);

function publicOriginOf(raw: string): string {
	const url = URL.canParse(raw) ? new URL(raw) : null;
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		console.error(
			`WARDLINE_PUBLIC_URL=${raw} is not an http(s) URL; give the address people open, like https://wardline.council.gov.uk`
		);
		process.exit(1);
	}
	if (url.pathname !== '/' || url.search || url.hash)
		console.warn(
			`WARDLINE_PUBLIC_URL: only the origin ${url.origin} is used; Wardline is served from /`
		);
	return url.origin;
}

/** 'true'/'yes'/'1' (one proxy), a number of proxies, or unset/'false'/'0' (none). */
function proxyCount(raw: string | undefined): number {
	const value = raw?.trim().toLowerCase() ?? '';
	if (value === '' || value === 'false' || value === 'no' || value === '0') return 0;
	if (value === 'true' || value === 'yes') return 1;
	if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value);
	console.error(
		`WARDLINE_TRUST_PROXY=${raw} is not understood; give true, or the number of reverse proxies in front of Wardline`
	);
	process.exit(1);
}

// E-mail through the council's SMTP relay: SMTP_URL and MAIL_FROM together, or no e-mail at all.
const smtpUrl = process.env.SMTP_URL?.trim() || null;
const mailFrom = process.env.MAIL_FROM?.trim() || null;
if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) {
	console.error(`SMTP_URL must be smtp://host:port or smtps://user:password@host:port`);
	process.exit(1);
}
if (smtpUrl && !mailFrom) {
	console.error('MAIL_FROM is needed with SMTP_URL: the address e-mails come from');
	process.exit(1);
}
// Links in e-mails need Wardline's address as people reach it.
const mailLinkUrl = publicUrl ?? `http://localhost:${port}`;
if (smtpUrl && !publicUrl)
	console.warn(`WARDLINE_PUBLIC_URL is not set: links in e-mails point to ${mailLinkUrl}`);
const mailMaxBackoffS = positiveSeconds('MAIL_MAX_BACKOFF_S', 600);
const crmAlertHours = positiveSeconds('WARDLINE_CRM_ALERT_HOURS', 4, 'hours');
// Scheduled backups (issue 12): a checked copy every WARDLINE_BACKUP_EVERY_H hours into
// WARDLINE_BACKUP_DIR, keeping the newest WARDLINE_BACKUP_KEEP. Unset directory: no schedule.
const backupDir = process.env.WARDLINE_BACKUP_DIR?.trim()
	? resolve(process.env.WARDLINE_BACKUP_DIR.trim())
	: null;
const backupEveryH = positiveSeconds('WARDLINE_BACKUP_EVERY_H', 24, 'hours');
const backupKeep = Math.max(1, Math.round(positiveSeconds('WARDLINE_BACKUP_KEEP', 14, 'copies')));
// Reader threads for pulls and insights (issue 17): 0 (the default) serves all on one thread.
const readersRaw = process.env.WARDLINE_READERS?.trim() || '0';
const readerCount = /^\d+$/.test(readersRaw) && Number(readersRaw) <= 16 ? Number(readersRaw) : 0;
if (String(readerCount) !== readersRaw)
	console.warn(`WARDLINE_READERS=${readersRaw} is not a number of threads from 0 to 16; using 0`);

function positiveSeconds(name: string, fallback: number, unit = 'seconds'): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0) {
		console.warn(`${name}=${raw} is not a number of ${unit} above 0; using ${fallback}`);
		return fallback;
	}
	return value;
}

mkdirSync(dataDir, { recursive: true });
const { db, sqlite } = openDatabase(join(dataDir, 'wardline.db'));
const clock = () => new Date();
if (seed && seedDemoData(db, { clock, history: process.env.WARDLINE_SEED === 'history' }))
	console.log('Seeded demo wards, categories and users (password: wardline-demo)');

const hasBuild = existsSync(join(staticDir, '200.html'));
if (!hasBuild)
	console.warn(`No built app in ${staticDir}; serving the API only (run npm run build).`);

const mailWorker =
	smtpUrl && mailFrom
		? new MailWorker({
				db,
				transport: createSmtpTransport({ url: smtpUrl, from: mailFrom }),
				clock,
				maxBackoffMs: mailMaxBackoffS * 1000,
				log: (message) => console.warn(message)
			})
		: null;
const mail: MailLink = mailWorker
	? {
			enabled: true,
			publicUrl: mailLinkUrl,
			wake: () => mailWorker.wake(),
			retryNow: () => mailWorker.retryNow(),
			status: () => mailWorker.status()
		}
	: { enabled: false, publicUrl: mailLinkUrl };
const live = new LiveHub({ db });
const storage = new StorageHealth();
// After migrating and seeding: the readers open the same file read-only.
const readers = readerCount > 0 ? new ReaderPool(sqlite.name, readerCount) : null;
if (readers) console.log(`Serving pulls and insights from ${readerCount} reader thread(s)`);

// With no CRM_URL there is no CRM: referrals are handled in Wardline alone and nothing is queued.
const crmWorker = crmUrl
	? new CrmWorker({
			db,
			sqlite,
			clock,
			client: new Open311Client({
				baseUrl: crmUrl,
				apiKey: crmApiKey,
				format: crmFormat,
				jurisdictionId: crmJurisdictionId,
				timeoutMs: crmTimeoutS * 1000,
				descriptionLimit: crmDescriptionLimit,
				onSkipped: (reason) => console.warn(`CRM answer: skipped a malformed ${reason}`)
			}),
			maxBackoffMs: crmMaxBackoffS * 1000,
			pollMs: crmPollS * 1000,
			mail,
			log: (message) => console.warn(message),
			// The CRM must reach the links: without a public address no photos are sent.
			media: publicUrl
				? {
						publicUrl,
						secret: crmMediaSecret(db, crmMediaSecretSetting),
						days: crmMediaDays
					}
				: undefined
		})
	: null;
if (crmUrl && !publicUrl)
	console.warn("WARDLINE_PUBLIC_URL is not set: no photos are sent to the council's CRM");
const app = createApp({
	db,
	sqlite,
	clock,
	staticDir: hasBuild ? staticDir : null,
	config: {
		retentionDays,
		publicUrl,
		trustProxy,
		mapTileUrl,
		crmMediaSecret: crmMediaSecretSetting,
		csp: allowTileImages(
			hasBuild ? strictCsp(inlineScriptHashes(staticDir)) : defaultCsp,
			mapTileUrl
		)
	},
	crm: crmWorker ? { enabled: true, wake: () => crmWorker.wake() } : { enabled: false },
	mail,
	live,
	storage,
	readers
});

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
	console.log(`Wardline listening on http://localhost:${info.port}`);
	if (publicUrl) console.log(`Public address: ${publicUrl}`);
	if (trustProxy > 0)
		console.log(`Trusting X-Forwarded-For/-Proto/-Host from ${trustProxy} reverse proxy(ies)`);
});

// Daily (and once now): residents' details of referrals past the retention period are removed.
const stopRetention = scheduleRetention(
	{ db, sqlite, clock, ids: randomIds, config: { retentionDays } },
	{ log: (message) => console.log(message) }
);

// Hourly (and once now): unattached photos older than a day, and quiet sign-in attempts, go.
const stopHousekeeping = scheduleHousekeeping(
	{ db, clock },
	{ log: (message) => console.log(message) }
);
live.start();
const backups = backupDir
	? new BackupSchedule({
			deps: { db, sqlite, clock, ids: randomIds, mail },
			health: storage,
			dir: backupDir,
			everyMs: backupEveryH * 3_600_000,
			keep: backupKeep,
			log: (message) => console.log(message)
		})
	: null;
if (backups) {
	backups.start();
	// A first copy now unless a recent one is there (restarts do not each make one).
	const newest = listBackups(backupDir ?? '').at(-1);
	if (!newest || Date.now() - statSync(newest).mtimeMs > backupEveryH * 3_600_000)
		void backups.runNow();
	console.log(`Backing up every ${backupEveryH} h into ${backupDir}, keeping ${backupKeep}`);
}
// Digests and alerts at their times; the outbox is emptied by the worker.
const mailScheduler = new MailScheduler({
	deps: { db, sqlite, clock, ids: randomIds, mail },
	crmEnabled: crmWorker !== null,
	crmAlertHours,
	log: (message) => console.log(message)
});
if (mailWorker) {
	mailWorker.start();
	mailScheduler.start();
	console.log(`Sending e-mail through ${mailWorker.status().host}`);
}

if (crmWorker) {
	crmWorker.start();
	// The host only: a URL may carry credentials, and logs are read by many.
	console.log(`Forwarding referrals to the council's CRM at ${new URL(crmUrl ?? '').host}`);
}

let stopping = false;
async function stop(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: closing`);
	// Open keep-alive connections (or a hung CRM call) must not hold the database open forever.
	setTimeout(() => {
		sqlite.close();
		process.exit(0);
	}, 3000).unref();
	// A delivery cut short stays 'sending' and is reconciled with the CRM after the restart.
	stopRetention();
	stopHousekeeping();
	live.stop();
	void readers?.close();
	mailScheduler.stop();
	await backups?.stop();
	// An e-mail cut short stays 'sending' and is sent again (same Message-ID) after the restart.
	await Promise.all([crmWorker?.stop(), mailWorker?.stop()]);
	server.close(() => {
		sqlite.close();
		process.exit(0);
	});
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
