// The words hostile-requests.ts builds its requests from: field and parameter names the routes
// read, values they accept, and values that have broken servers before.

// Field names the routes read, so the bodies get past "unknown field" now and then.
export const knownKeys = [
	'username',
	'password',
	'deviceId',
	'mutations',
	'status',
	'note',
	'text',
	'unitId',
	'reason',
	'name',
	'targetDays',
	'crmServiceCode',
	'displayName',
	'role',
	'wardId',
	'email',
	'phone',
	'active',
	'memberIds',
	'residentKey',
	'referralId'
];
export const knownQueryKeys = [
	'since',
	'limit',
	'status',
	'unitId',
	'wardId',
	'categoryId',
	'overdue',
	'q',
	'from',
	'to',
	'referralId',
	'reference',
	'userId',
	'cursor',
	'dryRun',
	'state',
	'deviceId',
	'service_request_id',
	'service_code',
	'start_date',
	'end_date'
];
export const protoKeys = ['__proto__', 'constructor', 'prototype'];

/** Percent-encodes any text, lone surrogates included (encodeURIComponent throws on them). */
export const encode = (text: string) =>
	[...Buffer.from(text, 'utf8')]
		.map((byte) =>
			/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
				? String.fromCharCode(byte)
				: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
		)
		.join('');

export const nastyStrings = [
	'',
	' ',
	'NaN',
	'Infinity',
	'-Infinity',
	'1e309',
	'-0',
	'0x1f',
	'9007199254740993',
	'-1',
	'\u0000',
	'\ud800',
	'\udfff\ud800',
	'\u202e',
	'../../etc/passwd',
	"'; drop table referrals; --",
	'" OR 1=1 --',
	'%',
	'_',
	'${7*7}',
	'<script>alert(1)</script>',
	'CR-2026-00001',
	'2026-02-30',
	'9999-12-31T23:59:59Z'
];
// Values a route would accept for some field, so requests get past the first check.
export const plausible = [
	'1',
	'0',
	'20',
	'501',
	'true',
	'2026-03-02',
	'2026-03-02T09:00:00Z',
	'closed',
	'rejected',
	'routed',
	'admin',
	'member',
	'Mary Smith',
	'07700 900123',
	'mary@example.com',
	'ward-belah',
	'cat-pothole',
	'unit-highways',
	'user-admin',
	'CR-2026-00001',
	'0'.repeat(64)
];
// Dates at the edges of what JavaScript's Date can hold: arithmetic on them overflows.
export const dates = [
	'2026-03-02',
	'2026-03-02T09:00:00Z',
	'2026-02-30',
	'0000-01-01',
	'9999-12-31',
	'-271821-04-20T00:00:00Z',
	'+275760-09-13T00:00:00Z',
	'1970-01-01T00:00:00.000+14:00'
];
export const huge = 'x'.repeat(100_001);
export const overLimit = `"${'y'.repeat(1024 * 1024)}"`;

/**
 * The query parameters a route reads, where known, so that queries often hold nothing else and
 * get past the strict check to the code behind it. Other routes draw from every name above.
 */
export const routeQueryKeys: Record<string, string[]> = {
	'GET /api/sync/pull': ['since', 'limit'],
	'GET /api/referrals': ['status', 'unitId', 'wardId', 'categoryId', 'overdue', 'q'],
	'GET /api/insights': ['from', 'to', 'wardId', 'categoryId'],
	'GET /api/insights/hotspots': ['from', 'to'],
	'GET /api/exports/referrals.csv': ['from', 'to', 'wardId', 'categoryId'],
	'GET /api/device-key': ['deviceId'],
	'GET /api/admin/crm/outbox': ['state'],
	'GET /api/admin/sessions': ['userId'],
	'GET /api/admin/audit': ['referralId', 'reference', 'userId', 'from', 'to', 'limit', 'cursor'],
	'GET /api/admin/retention': ['dryRun'],
	'GET /api/admin/subject-access': ['q'],
	'GET /open311/v2/requests.json': [
		'service_request_id',
		'service_code',
		'status',
		'start_date',
		'end_date'
	]
};
