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

export const wards = sqliteTable('wards', {
	id: text('id').primaryKey(),
	name: text('name').notNull()
});

/** Business Units; targetDays is the response target in working days. */
export const units = sqliteTable('units', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	targetDays: integer('target_days').notNull()
});

export const categories = sqliteTable('categories', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	unitId: text('unit_id')
		.notNull()
		.references(() => units.id),
	crmServiceCode: text('crm_service_code').notNull()
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
		changeNo: integer('change_no').notNull()
	},
	(t) => [
		index('referrals_owner_change_idx').on(t.ownerId, t.changeNo),
		index('referrals_unit_status_idx').on(t.unitId, t.status),
		index('referrals_ward_idx').on(t.wardId),
		index('referrals_change_idx').on(t.changeNo)
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
	(t) => [index('timeline_referral_idx').on(t.referralId)]
);

/** Every mutation id ever applied, with the answer given, so a resend gets the same answer. */
export const processedMutations = sqliteTable('processed_mutations', {
	id: text('id').primaryKey(),
	referralId: text('referral_id').notNull(),
	userId: text('user_id').notNull(),
	deviceId: text('device_id').notNull(),
	result: text('result', { mode: 'json' }).notNull(),
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
	attachments,
	auditLog
};
