// Wardline's own Open311 GeoReport v2 feed at /open311/v2: public, read-only and anonymised
// (no resident details, no house numbers), so others can map and count the problems.
import { and, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { statusLabels, type Status } from '#domain/enums';
import { isOpen } from '#domain/status-machine';
import { describeError } from '#domain/validation';
import type { AppDeps, AppEnv } from '../context.ts';
import { categories, referrals, units } from '../db/schema.ts';
import { publicAddress, publicPlace, redact, roughCoordinate } from '../privacy/anonymise.ts';

const maxRequests = 1000;
const defaultDays = 90;
const closedStatuses: Status[] = ['responded', 'closed', 'rejected'];
const openStatuses: Status[] = ['submitted', 'routed', 'in_progress', 'reopened'];

const open311Error = (c: Context, status: ContentfulStatusCode, description: string) =>
	c.json([{ code: status, description }], status);

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

function queryRows(deps: AppDeps, conditions: (SQL | undefined)[]) {
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

function toOpen311(row: ReturnType<typeof queryRows>[number]) {
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
		description: redact(row.description, {
			names: [row.residentName],
			addresses: [row.residentAddress, row.locationAddress],
			contacts: [row.residentPhone, row.residentEmail]
		}),
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

const findRequests = (deps: AppDeps, conditions: (SQL | undefined)[]) =>
	queryRows(deps, conditions).map(toOpen311);

export function open311Routes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(cors({ origin: '*', allowMethods: ['GET'] }))
		.get('/discovery.json', (c) => {
			const url = new URL('/open311/v2/', c.req.url).toString();
			return c.json(
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
							formats: ['application/json']
						}
					]
				},
				200
			);
		})
		.get('/services.json', (c) => {
			const services = deps.db
				.select({ code: categories.crmServiceCode, name: categories.name, unit: units.name })
				.from(categories)
				.innerJoin(units, eq(units.id, categories.unitId))
				.orderBy(categories.name)
				.all()
				.map((s) => ({
					service_code: s.code,
					service_name: s.name,
					description: `${s.name}, handled by ${s.unit}`,
					metadata: false,
					type: 'realtime',
					keywords: '',
					group: s.unit
				}));
			return c.json(services, 200);
		})
		.get('/requests.json', (c) => {
			const parsed = RequestsQuery.safeParse(c.req.query());
			if (!parsed.success) return open311Error(c, 400, describeError(parsed.error));
			const q = parsed.data;
			const conditions: (SQL | undefined)[] = [];
			if (q.service_request_id) conditions.push(inArray(referrals.reference, q.service_request_id));
			else {
				// As GeoReport v2 says: without ids or dates, the last 90 days.
				const end = q.end_date ?? deps.clock().toISOString();
				const start =
					q.start_date ?? new Date(Date.parse(end) - defaultDays * 86_400_000).toISOString();
				conditions.push(gte(referrals.createdAt, start), lte(referrals.createdAt, end));
			}
			if (q.service_code) conditions.push(inArray(categories.crmServiceCode, q.service_code));
			if (q.status && q.status.length === 1)
				conditions.push(
					inArray(referrals.status, q.status[0] === 'open' ? openStatuses : closedStatuses)
				);
			return c.json(findRequests(deps, conditions), 200);
		})
		.get('/requests/:file', (c) => {
			const file = c.req.param('file');
			if (!file.endsWith('.json'))
				return open311Error(c, 400, 'Only JSON is offered: ask for requests/<id>.json');
			const reference = file.slice(0, -'.json'.length);
			const found = findRequests(deps, [eq(referrals.reference, reference)]);
			if (found.length === 0) return open311Error(c, 404, `There is no request ${reference}`);
			return c.json(found, 200);
		});
}
