// Wardline's own Open311 GeoReport v2 feed at /open311/v2, in JSON and XML: public, read-only
// and anonymised (no resident details, no house numbers, no free text unless admins allow it and
// the resident consented; never-public categories left out), so others can map and count.
import { XMLBuilder } from 'fast-xml-parser';
import { and, desc, eq, gte, inArray, lte, notInArray, type SQL } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { statusLabels, type Status } from '#domain/enums';
import { isOpen } from '#domain/status-machine';
import { describeError } from '#domain/validation';
import type { AppDeps, AppEnv } from '../context.ts';
import { readFeedSettings, type FeedSettings } from '../crm/open311-feed-settings.ts';
import { categories, referrals, units } from '../db/schema.ts';
import { publicAddress, publicPlace, redact, roughCoordinate } from '../privacy/anonymise.ts';

const maxRequests = 1000;
const defaultDays = 90;
const closedStatuses: Status[] = ['responded', 'closed', 'rejected'];
const openStatuses: Status[] = ['submitted', 'routed', 'in_progress', 'reopened'];

type Format = 'json' | 'xml';

const xml = new XMLBuilder({ suppressEmptyNode: true, format: false });

/** GeoReport v2's XML: a root holding one element per item (<service_requests><request>). */
function answer(
	c: Context,
	format: Format,
	body: unknown[] | Record<string, unknown>,
	[root, item]: [string, string],
	status: ContentfulStatusCode = 200
) {
	if (format === 'json') return c.json(body, status);
	const content = Array.isArray(body) ? { [item]: body } : body;
	return c.body(
		`<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ [root]: content }) as string}`,
		status,
		{ 'content-type': 'text/xml; charset=utf-8' }
	);
}

const open311Error = (
	c: Context,
	status: ContentfulStatusCode,
	description: string,
	format: Format = 'json'
) => answer(c, format, [{ code: status, description }], ['errors', 'error'], status);

/** "requests.xml" → ['requests', 'xml']; another extension: null. */
function splitFile(file: string): [string, Format] | null {
	const match = /^(.+)\.(json|xml)$/.exec(file);
	return match ? [match[1], match[2] as Format] : null;
}

const list = z
	.string()
	.optional()
	.transform((v) =>
		v
			? v
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean)
			: undefined
	);
const date = z
	.string()
	.optional()
	// Years 1 to 9999 only: at the ends of what Date holds, "90 days before" is no date at all.
	.refine((v) => v === undefined || Math.abs(Date.parse(v)) <= Date.UTC(9999, 11, 31), {
		error: 'Give dates in W3C format, like 2026-03-02T00:00:00Z'
	})
	.transform((v) => (v ? new Date(v).toISOString() : undefined));

const RequestsQuery = z.object({
	service_request_id: list,
	service_code: list,
	status: list.pipe(
		z.array(z.enum(['open', 'closed'], { error: 'status is open or closed' })).optional()
	),
	start_date: date,
	end_date: date
});

const columns = {
	reference: referrals.reference,
	status: referrals.status,
	description: referrals.description,
	locationAddress: referrals.locationAddress,
	locationPostcode: referrals.locationPostcode,
	lat: referrals.lat,
	lng: referrals.lng,
	personalDataRemovedAt: referrals.personalDataRemovedAt,
	residentConsentToShare: referrals.residentConsentToShare,
	createdAt: referrals.createdAt,
	updatedAt: referrals.updatedAt,
	dueAt: referrals.dueAt,
	serviceName: categories.name,
	serviceCode: categories.crmServiceCode,
	unitName: units.name,
	// Read only to be taken out of the description; never sent.
	residentName: referrals.residentName,
	residentAddress: referrals.residentAddress,
	residentPhone: referrals.residentPhone,
	residentEmail: referrals.residentEmail
};

function queryRows(deps: AppDeps, feed: FeedSettings, conditions: (SQL | undefined)[]) {
	if (feed.neverPublicCategoryIds.length)
		conditions.push(notInArray(referrals.categoryId, feed.neverPublicCategoryIds));
	return deps.db
		.select(columns)
		.from(referrals)
		.leftJoin(categories, eq(categories.id, referrals.categoryId))
		.leftJoin(units, eq(units.id, referrals.unitId))
		.where(and(...conditions))
		.orderBy(desc(referrals.createdAt), desc(referrals.reference))
		.limit(maxRequests)
		.all();
}

function toOpen311(row: ReturnType<typeof queryRows>[number], feed: FeedSettings) {
	const status = row.status as Status;
	const place = publicPlace({
		address: row.locationAddress,
		postcode: row.locationPostcode,
		personalDataRemovedAt: row.personalDataRemovedAt
	});
	return {
		service_request_id: row.reference,
		status: isOpen(status) ? 'open' : 'closed',
		status_notes: statusLabels[status],
		service_name: row.serviceName,
		service_code: row.serviceCode,
		// Free text names people in ways no filter catches: only with both the admins' switch
		// and the resident's consent, and even then with their known details taken out.
		description:
			feed.publishDescriptions && row.residentConsentToShare
				? redact(row.description, {
						names: [row.residentName],
						addresses: [row.residentAddress, row.locationAddress],
						contacts: [row.residentPhone, row.residentEmail]
					})
				: null,
		agency_responsible: row.unitName,
		requested_datetime: row.createdAt,
		updated_datetime: row.updatedAt,
		expected_datetime: row.dueAt,
		address: publicAddress(place),
		zipcode: place.district,
		lat: roughCoordinate(row.lat),
		long: roughCoordinate(row.lng),
		media_url: null
	};
}

const findRequests = (deps: AppDeps, feed: FeedSettings, conditions: (SQL | undefined)[]) =>
	queryRows(deps, feed, conditions).map((row) => toOpen311(row, feed));

const requestXml: [string, string] = ['service_requests', 'request'];

function services(deps: AppDeps, feed: FeedSettings, code?: string) {
	const conditions: (SQL | undefined)[] = [eq(categories.active, true)];
	if (code) conditions.push(eq(categories.crmServiceCode, code));
	if (feed.neverPublicCategoryIds.length)
		conditions.push(notInArray(categories.id, feed.neverPublicCategoryIds));
	return deps.db
		.select({ code: categories.crmServiceCode, name: categories.name, unit: units.name })
		.from(categories)
		.innerJoin(units, eq(units.id, categories.unitId))
		.where(and(...conditions))
		.orderBy(categories.name)
		.all();
}

export function open311Routes(deps: AppDeps) {
	const app = new Hono<AppEnv>().use(cors({ origin: '*', allowMethods: ['GET'] }));
	// Admins may turn the whole feed off.
	app.use(async (c, next) => {
		if (!readFeedSettings(deps.db).enabled) {
			const format = c.req.path.endsWith('.xml') ? 'xml' : 'json';
			return open311Error(c, 404, 'This council does not publish an Open311 feed', format);
		}
		await next();
	});
	for (const format of ['json', 'xml'] as const) {
		app.get(`/discovery.${format}`, (c) => {
			const url = new URL('/open311/v2/', c.req.url).toString();
			return answer(
				c,
				format,
				{
					changeset: '2026-03-01T00:00:00Z',
					contact: 'The council’s Communications team',
					key_service: 'None needed: this feed is read-only and anonymised.',
					endpoints: [
						{
							specification: 'http://wiki.open311.org/GeoReport_v2',
							url,
							changeset: '2026-03-01T00:00:00Z',
							type: 'production',
							formats: ['application/json', 'text/xml']
						}
					]
				},
				['discovery', 'discovery']
			);
		});
		app.get(`/services.${format}`, (c) => {
			const list = services(deps, readFeedSettings(deps.db)).map((s) => ({
				service_code: s.code,
				service_name: s.name,
				description: `${s.name}, handled by ${s.unit}`,
				metadata: false,
				type: 'realtime',
				keywords: '',
				group: s.unit
			}));
			return answer(c, format, list, ['services', 'service']);
		});
		app.get(`/requests.${format}`, (c) => {
			const parsed = RequestsQuery.safeParse(c.req.query());
			if (!parsed.success) return open311Error(c, 400, describeError(parsed.error), format);
			const q = parsed.data;
			const conditions: (SQL | undefined)[] = [];
			// As GeoReport v2 says: service_request_id overrides every other parameter.
			if (q.service_request_id) conditions.push(inArray(referrals.reference, q.service_request_id));
			else {
				// Without ids or dates, the last 90 days.
				const end = q.end_date ?? deps.clock().toISOString();
				const start =
					q.start_date ?? new Date(Date.parse(end) - defaultDays * 86_400_000).toISOString();
				conditions.push(gte(referrals.createdAt, start), lte(referrals.createdAt, end));
				if (q.service_code) conditions.push(inArray(categories.crmServiceCode, q.service_code));
				if (q.status && q.status.length === 1)
					conditions.push(
						inArray(referrals.status, q.status[0] === 'open' ? openStatuses : closedStatuses)
					);
			}
			return answer(
				c,
				format,
				findRequests(deps, readFeedSettings(deps.db), conditions),
				requestXml
			);
		});
	}
	app.get('/services/:file', (c) => {
		const split = splitFile(c.req.param('file'));
		if (!split) return open311Error(c, 400, 'Ask for services/<code>.json or services/<code>.xml');
		const [code, format] = split;
		const found = services(deps, readFeedSettings(deps.db), code);
		if (found.length === 0) return open311Error(c, 404, `There is no service ${code}`, format);
		// A service definition: Wardline asks no extra questions of the public.
		return answer(c, format, { service_code: code, attributes: [] }, ['service_definition', 'x']);
	});
	app.get('/requests/:file', (c) => {
		const split = splitFile(c.req.param('file'));
		if (!split) return open311Error(c, 400, 'Ask for requests/<id>.json or requests/<id>.xml');
		const [reference, format] = split;
		const found = findRequests(deps, readFeedSettings(deps.db), [
			eq(referrals.reference, reference)
		]);
		if (found.length === 0) return open311Error(c, 404, `There is no request ${reference}`, format);
		return answer(c, format, found, requestXml);
	});
	return app;
}
