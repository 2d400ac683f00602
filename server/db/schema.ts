// The single description of Wardline's SQLite tables; migrations are generated from it.
// Timestamps are ISO 8601 strings so they sort and compare as text.
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	role: text('role', { enum: ['member', 'support', 'officer', 'admin'] }).notNull(),
	wardId: text('ward_id').references(() => wards.id),
	unitId: text('unit_id').references(() => units.id),
	email: text('email'),
	phone: text('phone'),
	passwordHash: text('password_hash').notNull(),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	createdAt: text('created_at').notNull()
});

/** Which Members a Member Support Officer works for. */
export const supportMembers = sqliteTable(
	'support_members',
	{
		supportId: text('support_id')
			.notNull()
			.references(() => users.id),
		memberId: text('member_id')
			.notNull()
			.references(() => users.id)
	},
	(t) => [primaryKey({ columns: [t.supportId, t.memberId] })]
);

/** A session row is keyed by the sha256 of the cookie token, so a copied database opens no session. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		createdAt: text('created_at').notNull(),
		expiresAt: text('expires_at').notNull(),
		lastSeenAt: text('last_seen_at').notNull(),
		revokedAt: text('revoked_at')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/**
 * Wards, Business Units and categories are never deleted: referrals, insights and exports name
 * them. `active` false means retired: kept for history, no longer offered for new referrals.
 */
export const wards = sqliteTable('wards', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	/** The ONS ward code (E05…) once a boundary import named it; null for a ward never imported. */
	code: text('code').unique()
});

/**
 * Business Units; targetDays is the routine response target in working days, with shorter ones
 * for "soon" and "urgent" (the due date follows urgency: dueDate in #domain/working-days).
 */
export const units = sqliteTable('units', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	targetDays: integer('target_days').notNull(),
	targetDaysSoon: integer('target_days_soon').notNull().default(1),
	targetDaysUrgent: integer('target_days_urgent').notNull().default(1),
	active: integer('active', { mode: 'boolean' }).notNull().default(true)
});

export const categories = sqliteTable('categories', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	unitId: text('unit_id')
		.notNull()
		.references(() => units.id),
	crmServiceCode: text('crm_service_code').notNull(),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	/** Shown at capture when a referral is urgent ("Danger to life: call 999; …"); null: none. */
	urgentLine: text('urgent_line')
});

/** The last reference number given out per year (CR-<year>-<counter>). */
export const referralCounters = sqliteTable('referral_counters', {
	year: integer('year').primaryKey(),
	last: integer('last').notNull()
});

/** One row (id = 1): the server-wide change number that pull cursors count in. */
export const changeCounter = sqliteTable('change_counter', {
	id: integer('id').primaryKey(),
	value: integer('value').notNull()
});

/**
 * The database's identity (one row): a random epoch made at first open, and made again when a
 * copy put back from a backup is first opened (a backup marks its copy with backup_taken_at).
 * Tablets carry the epoch in their pull cursor, so they notice a restore and heal the server.
 */
export const serverIdentity = sqliteTable('server_identity', {
	id: integer('id').primaryKey(),
	epoch: text('epoch').notNull(),
	createdAt: text('created_at').notNull(),
	/** Set only in backup copies: when the copy was taken. */
	backupTakenAt: text('backup_taken_at'),
	/** When this database was last opened from a backup copy, and that copy's time. */
	restoredAt: text('restored_at'),
	restoredFromBackupAt: text('restored_from_backup_at')
});

export const referrals = sqliteTable(
	'referrals',
	{
		id: text('id').primaryKey(),
		reference: text('reference').notNull().unique(),
		ownerId: text('owner_id')
			.notNull()
			.references(() => users.id),
		createdById: text('created_by_id')
			.notNull()
			.references(() => users.id),
		deviceId: text('device_id').notNull(),
		wardId: text('ward_id')
			.notNull()
			.references(() => wards.id),
		categoryId: text('category_id')
			.notNull()
			.references(() => categories.id),
		unitId: text('unit_id').references(() => units.id),
		/** The officer of the unit who has taken it on; null: unassigned. Cleared when passed on. */
		assigneeId: text('assignee_id').references(() => users.id),
		/** Closed as the same problem as this referral, and answered with it (issue 13). */
		duplicateOfId: text('duplicate_of_id'),
		channel: text('channel').notNull(),
		urgency: text('urgency').notNull(),
		status: text('status').notNull(),
		description: text('description').notNull(),
		locationAddress: text('location_address').notNull(),
		locationPostcode: text('location_postcode').notNull(),
		lat: real('lat'),
		lng: real('lng'),
		residentName: text('resident_name').notNull(),
		residentAddress: text('resident_address'),
		residentPhone: text('resident_phone'),
		residentEmail: text('resident_email'),
		residentPreferredContact: text('resident_preferred_contact'),
		residentConsentToShare: integer('resident_consent_to_share', { mode: 'boolean' })
			.notNull()
			.default(false),
		residentShareWith: text('resident_share_with'),
		/** The outside bodies (ids from outside_bodies) the resident agreed may have their details. */
		residentShareWithBodyIds: text('resident_share_with_body_ids', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default(sql`'[]'`),
		photoIds: text('photo_ids', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default(sql`'[]'`),
		capturedAt: text('captured_at').notNull(),
		createdAt: text('created_at').notNull(),
		updatedAt: text('updated_at').notNull(),
		routedAt: text('routed_at'),
		dueAt: text('due_at'),
		respondedAt: text('responded_at'),
		residentToldAt: text('resident_told_at'),
		rating: integer('rating'),
		ratingComment: text('rating_comment'),
		closedAt: text('closed_at'),
		changeNo: integer('change_no').notNull(),
		/** The CRM's service_request_id once the referral has been logged there. */
		crmServiceRequestId: text('crm_service_request_id'),
		/** When the resident's details were removed (retention or their request); null while held. */
		personalDataRemovedAt: text('personal_data_removed_at')
	},
	(t) => [
		index('referrals_owner_change_idx').on(t.ownerId, t.changeNo),
		index('referrals_unit_status_idx').on(t.unitId, t.status),
		// The queue's "Mine" and "Unassigned" filters.
		index('referrals_unit_assignee_idx').on(t.unitId, t.assigneeId),
		index('referrals_duplicate_of_idx').on(t.duplicateOfId),
		index('referrals_ward_idx').on(t.wardId),
		index('referrals_change_idx').on(t.changeNo),
		// Insights: every count is over a period of created_at, grouped by ward and category.
		index('referrals_created_idx').on(t.createdAt, t.wardId, t.categoryId)
	]
);

export const timelineEntries = sqliteTable(
	'timeline_entries',
	{
		id: text('id').primaryKey(),
		referralId: text('referral_id')
			.notNull()
			.references(() => referrals.id),
		at: text('at').notNull(),
		kind: text('kind').notNull(),
		byUserId: text('by_user_id'),
		byName: text('by_name').notNull(),
		text: text('text').notNull()
	},
	(t) => [
		index('timeline_referral_idx').on(t.referralId),
		// Insights: the first response to each referral, read from the index alone.
		index('timeline_referral_kind_idx').on(t.referralId, t.kind, t.at)
	]
);

/** Every mutation id ever applied, with the answer given, so a resend gets the same answer. */
export const processedMutations = sqliteTable('processed_mutations', {
	id: text('id').primaryKey(),
	referralId: text('referral_id').notNull(),
	userId: text('user_id').notNull(),
	deviceId: text('device_id').notNull(),
	result: text('result', { mode: 'json' }).notNull(),
	/** sha256 of the change (kind, referral, canonical payload); null on rows from before it was kept. */
	fingerprint: text('fingerprint'),
	createdAt: text('created_at').notNull()
});

export const attachments = sqliteTable(
	'attachments',
	{
		id: text('id').primaryKey(),
		ownerId: text('owner_id')
			.notNull()
			.references(() => users.id),
		referralId: text('referral_id'),
		contentType: text('content_type').notNull(),
		size: integer('size').notNull(),
		sha256: text('sha256').notNull(),
		data: blob('data', { mode: 'buffer' }).notNull(),
		createdAt: text('created_at').notNull()
	},
	(t) => [index('attachments_referral_idx').on(t.referralId)]
);

/** Who read or wrote a referral's personal data, and when. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: text('at').notNull(),
		userId: text('user_id').notNull(),
		action: text('action').notNull(),
		referralId: text('referral_id'),
		detail: text('detail')
	},
	(t) => [index('audit_referral_idx').on(t.referralId), index('audit_at_idx').on(t.at)]
);

/**
 * Referrals waiting to be logged with the council's CRM, in order of arrival (id). 'sending'
 * means a request may have reached the CRM: reconcile by reference before sending again.
 */
export const crmOutbox = sqliteTable(
	'crm_outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		referralId: text('referral_id')
			.notNull()
			.unique()
			.references(() => referrals.id),
		// refused: the CRM answered 4xx with Open311 errors; not tried again until an admin says so.
		// held: uncertain whether a send arrived, and the CRM cannot say; an admin links or resends.
		// stopped: an admin said it is handled in Wardline alone.
		state: text('state', {
			enum: ['queued', 'sending', 'delivered', 'failed', 'refused', 'held', 'stopped']
		}).notNull(),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: text('next_attempt_at').notNull(),
		/** When Wardline last sent the request: reconciliation searches the CRM from about then. */
		lastSentAt: text('last_sent_at'),
		lastError: text('last_error'),
		createdAt: text('created_at').notNull(),
		deliveredAt: text('delivered_at'),
		serviceRequestId: text('service_request_id'),
		/** Open311 asynchronous creation: the token to ask the CRM about until it gives an id. */
		token: text('token'),
		/** The CRM's status and notes as last seen, so that only changes become timeline entries. */
		crmStatus: text('crm_status'),
		crmStatusNotes: text('crm_status_notes')
	},
	(t) => [
		index('crm_outbox_due_idx').on(t.state, t.nextAttemptAt),
		index('crm_outbox_request_idx').on(t.serviceRequestId)
	]
);

/** One row (id = 1): how the CRM connection is doing, for GET /api/crm/status and the worker. */
export const crmState = sqliteTable('crm_state', {
	id: integer('id').primaryKey(),
	lastSuccessAt: text('last_success_at'),
	downSince: text('down_since'),
	lastError: text('last_error'),
	lastPollAt: text('last_poll_at'),
	/** Consecutive rounds that found the CRM down: the exponent of the shared backoff. */
	downRounds: integer('down_rounds').notNull().default(0),
	/** While the CRM is down, no delivery is tried before this time (shared by all rows). */
	resumeAt: text('resume_at')
});

/**
 * What a CRM status (or external_status_code, as `code:<value>`) means here: a Wardline move,
 * or a timeline line only. Unknown values are added as they arrive (mapped = false) for admins.
 */
export const crmStatusMap = sqliteTable('crm_status_map', {
	/** Normalised: lower case, spaces and hyphens as underscores ("action scheduled"). */
	crmStatus: text('crm_status').primaryKey(),
	action: text('action', { enum: ['none', 'in_progress', 'responded'] }).notNull(),
	mapped: integer('mapped', { mode: 'boolean' }).notNull().default(true),
	firstSeenAt: text('first_seen_at'),
	updatedBy: text('updated_by')
});

/** servicerequestupdates already applied, by the CRM's update_id: each is applied once. */
export const crmAppliedUpdates = sqliteTable('crm_applied_updates', {
	updateId: text('update_id').primaryKey(),
	serviceRequestId: text('service_request_id').notNull(),
	appliedAt: text('applied_at').notNull()
});

/** One row (id = 1): the admins' choices for Wardline's own Open311 feed at /open311/v2. */
export const open311Feed = sqliteTable('open311_feed', {
	id: integer('id').primaryKey(),
	enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
	/** Descriptions only with this on, and then only where the resident consented. */
	publishDescriptions: integer('publish_descriptions', { mode: 'boolean' }).notNull().default(false)
});

/** Categories never in the feed at all (anti-social behaviour, damp and mould, about a person). */
export const open311NeverPublic = sqliteTable('open311_never_public', {
	categoryId: text('category_id')
		.primaryKey()
		.references(() => categories.id)
});

/**
 * Per (user, tablet) recovery secret: 32 random bytes the tablet uses to wrap its data key, so
 * a fresh sign-in can unlock a tablet whose passphrase was forgotten. Useless without the tablet.
 */
export const deviceKeys = sqliteTable(
	'device_keys',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		deviceId: text('device_id').notNull(),
		secret: blob('secret', { mode: 'buffer' }).notNull(),
		createdAt: text('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.deviceId] })]
);

/**
 * One row (id = 1, made by the migration): the secret behind residentKey, so the key given out
 * in a subject access file names a resident to Wardline only, not to whoever reads the file.
 */
export const privacyKeys = sqliteTable('privacy_keys', {
	id: integer('id').primaryKey(),
	residentKeySecret: text('resident_key_secret').notNull()
});

/**
 * The sign-in throttle, per (typed username, client address) pair: attempts are counted here
 * before the password is checked, so parallel guesses cannot outrun the count, and kept in the
 * database so that a restart hands out no fresh guesses. `lastSuccessAt` makes the address a
 * known one for that account. The username may name no one: it is what was typed.
 */
export const signInAttempts = sqliteTable(
	'sign_in_attempts',
	{
		username: text('username').notNull(),
		address: text('address').notNull(),
		/** Attempts since the last success or clearing that were not (yet) a success. */
		failures: integer('failures').notNull().default(0),
		lastAttemptAt: text('last_attempt_at').notNull(),
		/** No password is checked for this pair before then. */
		retryAt: text('retry_at'),
		lastSuccessAt: text('last_success_at')
	},
	(t) => [
		primaryKey({ columns: [t.username, t.address] }),
		index('sign_in_attempts_address_idx').on(t.address, t.lastAttemptAt),
		index('sign_in_attempts_last_idx').on(t.lastAttemptAt)
	]
);

/**
 * The council's geography (server/geography/): ward boundaries and the postcode lookup, each
 * replaced whole by an admin's import. A boundary stays when its ward is retired, for old referrals.
 */
export const wardBoundaries = sqliteTable('ward_boundaries', {
	wardId: text('ward_id')
		.primaryKey()
		.references(() => wards.id),
	/** A GeoJSON Polygon or MultiPolygon in WGS 84, simplified on import. */
	geometry: text('geometry', { mode: 'json' }).notNull(),
	minLng: real('min_lng').notNull(),
	minLat: real('min_lat').notNull(),
	maxLng: real('max_lng').notNull(),
	maxLat: real('max_lat').notNull(),
	importId: integer('import_id').notNull()
});

export const postcodes = sqliteTable(
	'postcodes',
	{
		/** Normalised: "CA1 1AA". */
		postcode: text('postcode').primaryKey(),
		lat: real('lat').notNull(),
		lng: real('lng').notNull(),
		wardId: text('ward_id')
			.notNull()
			.references(() => wards.id),
		/** Only where the file had a street column (ONSPD has none). */
		street: text('street')
	},
	(t) => [index('postcodes_ward_idx').on(t.wardId)]
);

/** Every geography import that applied: its id is the version tablets compare. */
export const geographyImports = sqliteTable('geography_imports', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	kind: text('kind', { enum: ['wards', 'postcodes'] }).notNull(),
	at: text('at').notNull(),
	byUserId: text('by_user_id'),
	/** The report as the admin saw it (counts, skipped, notes). */
	report: text('report', { mode: 'json' }).notNull()
});

/**
 * Where a referral's location fell when it arrived (the pin, else its postcode in the lookup).
 * `wardId` differing from the referral's ward is the flag for the support officer; never a refusal.
 */
export const locationChecks = sqliteTable('location_checks', {
	referralId: text('referral_id')
		.primaryKey()
		.references(() => referrals.id),
	wardId: text('ward_id').references(() => wards.id),
	basis: text('basis', { enum: ['pin', 'postcode'] }).notNull(),
	checkedAt: text('checked_at').notNull()
});

/**
 * E-mails waiting to go through the council's SMTP relay, written in the transaction of the event
 * that causes them. 'sending' means it may have reached the relay: sent again after a crash, with
 * the same Message-ID, so a duplicate is recognisable. One recipient per row.
 */
export const mailOutbox = sqliteTable(
	'mail_outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind').notNull(),
		/** The user it is for (checked again before sending: deactivated, no address); null for an outside body. */
		userId: text('user_id').references(() => users.id),
		outsideBodyId: text('outside_body_id').references(() => outsideBodies.id),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		body: text('body').notNull(),
		messageId: text('message_id').notNull().unique(),
		referralId: text('referral_id'),
		/** At most one e-mail per key: a digest per person per day, an alert per outage. */
		dedupeKey: text('dedupe_key').unique(),
		state: text('state', { enum: ['queued', 'sending', 'sent', 'refused', 'cancelled'] }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: text('next_attempt_at').notNull(),
		lastAttemptAt: text('last_attempt_at'),
		lastError: text('last_error'),
		createdAt: text('created_at').notNull(),
		sentAt: text('sent_at')
	},
	(t) => [
		index('mail_outbox_due_idx').on(t.state, t.nextAttemptAt),
		index('mail_outbox_referral_idx').on(t.referralId)
	]
);

/** Events kept for a person's daily digest (they chose a digest over an e-mail each time). */
export const mailDigestItems = sqliteTable(
	'mail_digest_items',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		kind: text('kind').notNull(),
		referralId: text('referral_id').notNull(),
		createdAt: text('created_at').notNull(),
		digestedAt: text('digested_at')
	},
	(t) => [index('mail_digest_pending_idx').on(t.digestedAt, t.kind, t.userId)]
);

/** Each person's choice per kind of e-mail; no row means the kind's default. */
export const mailPreferences = sqliteTable(
	'mail_preferences',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		kind: text('kind').notNull(),
		mode: text('mode').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind] })]
);

/** Which scheduled e-mail runs have been made (job, period): each runs once per period. */
export const mailJobRuns = sqliteTable(
	'mail_job_runs',
	{
		job: text('job').notNull(),
		period: text('period').notNull(),
		ranAt: text('ran_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.job, t.period] })]
);

/** Bodies outside the council a referral can be forwarded to (county council, water company...). */
export const outsideBodies = sqliteTable('outside_bodies', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	email: text('email').notNull(),
	/** What they deal with, shown to Members capturing consent and to officers forwarding. */
	dealsWith: text('deals_with').notNull().default(''),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	createdAt: text('created_at').notNull()
});

/** A referral forwarded to an outside body: who sent it, whether with the resident's details. */
export const referralForwards = sqliteTable(
	'referral_forwards',
	{
		id: text('id').primaryKey(),
		referralId: text('referral_id')
			.notNull()
			.references(() => referrals.id),
		outsideBodyId: text('outside_body_id')
			.notNull()
			.references(() => outsideBodies.id),
		byUserId: text('by_user_id')
			.notNull()
			.references(() => users.id),
		at: text('at').notNull(),
		withResident: integer('with_resident', { mode: 'boolean' }).notNull(),
		mailId: integer('mail_id').references(() => mailOutbox.id),
		/** The body's own reference for it, once they give one. */
		bodyReference: text('body_reference')
	},
	(t) => [index('referral_forwards_referral_idx').on(t.referralId)]
);

export const schema = {
	users,
	supportMembers,
	sessions,
	wards,
	units,
	categories,
	referralCounters,
	changeCounter,
	referrals,
	timelineEntries,
	processedMutations,
	serverIdentity,
	attachments,
	auditLog,
	crmOutbox,
	crmState,
	crmStatusMap,
	crmAppliedUpdates,
	open311Feed,
	open311NeverPublic,
	deviceKeys,
	privacyKeys,
	signInAttempts,
	wardBoundaries,
	postcodes,
	geographyImports,
	locationChecks,
	mailOutbox,
	mailDigestItems,
	mailPreferences,
	mailJobRuns,
	outsideBodies,
	referralForwards
};

/**
 * Which answers each person has read (issue 13): per user and referral, the `respondedAt` of the
 * answer they last opened. Synced to all of that person's tablets, so "new answer" is per person.
 */
export const readMarks = sqliteTable(
	'read_marks',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		referralId: text('referral_id')
			.notNull()
			.references(() => referrals.id),
		respondedAt: text('responded_at').notNull(),
		markedAt: text('marked_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.referralId] })]
);

/** A unit's short standard answers, which an officer starts a response from (issue 13). */
export const responseTemplates = sqliteTable(
	'response_templates',
	{
		id: text('id').primaryKey(),
		unitId: text('unit_id')
			.notNull()
			.references(() => units.id),
		title: text('title').notNull(),
		text: text('text').notNull(),
		createdAt: text('created_at').notNull(),
		updatedAt: text('updated_at').notNull()
	},
	(t) => [index('response_templates_unit_idx').on(t.unitId, t.title)]
);
