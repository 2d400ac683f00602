// What a referral is: the shapes a Member fills in, the tablet stores and the server returns.
// Messages are written for a councillor reading them next to the field.
import * as z from 'zod/mini';
import { Channel, PreferredContact, Status, Urgency } from './enums.ts';
import { storableText } from './validation.ts';

export const limits = {
	description: 5000,
	name: 200,
	address: 300,
	postcode: 10,
	phone: 30,
	email: 254,
	comment: 5000,
	photosPerReferral: 6,
	photoBytes: 5 * 1024 * 1024
} as const;

const trimmed = (max: number, tooLong: string) =>
	z.string().check(z.trim(), storableText(), z.maxLength(max, { error: tooLong }));
const optionalText = (max: number, tooLong: string) =>
	z.pipe(
		z.optional(trimmed(max, tooLong)),
		z.transform((v) => (v === '' ? undefined : v))
	);

export const Uuid = z.uuid({ error: 'This is not a valid id' });

// UK postcodes, e.g. "LS1 4AP", "M1 1AE", "SW1A 2AA"; spacing and case are forgiven.
const postcodePattern = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/;

export function normalisePostcode(value: string): string {
	const compact = value.replace(/\s+/g, '').toUpperCase();
	return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export const Postcode = z
	.pipe(z.string().check(z.trim(), storableText()), z.transform(normalisePostcode))
	.check(z.refine((v) => postcodePattern.test(v), { error: 'Enter a UK postcode, like LS1 4AP' }));

export const Location = z.strictObject({
	address: trimmed(limits.address, 'Keep the address under 300 characters').check(
		z.minLength(1, { error: 'Enter the street or place where the problem is' })
	),
	postcode: Postcode,
	lat: z.optional(z.number().check(z.minimum(-90), z.maximum(90))),
	lng: z.optional(z.number().check(z.minimum(-180), z.maximum(180)))
});
export type Location = z.infer<typeof Location>;

export const Resident = z
	.strictObject({
		name: trimmed(limits.name, 'Keep the name under 200 characters').check(
			z.minLength(1, { error: "Enter the resident's name" })
		),
		address: optionalText(limits.address, 'Keep the address under 300 characters'),
		phone: optionalText(limits.phone, 'Keep the phone number under 30 characters').check(
			z.refine((v) => v === undefined || /^[+0-9 ()-]{6,}$/.test(v), {
				error: 'Enter a phone number using digits, like 0113 496 0000'
			})
		),
		email: optionalText(limits.email, 'Keep the email address under 254 characters').check(
			z.refine((v) => v === undefined || z.email().safeParse(v).success, {
				error: 'Enter an email address like name@example.com'
			})
		),
		preferredContact: z.optional(PreferredContact),
		consentToShare: z.optional(z.boolean()),
		shareWith: optionalText(500, 'Keep the list of outside bodies under 500 characters'),
		/**
		 * The outside bodies, from the admins' list, the resident agreed may have their details.
		 * Tablets from before the list sent `shareWith` (free text) only; both are kept.
		 */
		shareWithBodyIds: z.optional(
			z
				.array(z.string().check(z.minLength(1), z.maxLength(100)))
				.check(z.maxLength(50, { error: 'Choose at most 50 outside bodies' }))
		)
	})
	.check(
		z.superRefine((resident, ctx) => {
			if (resident.preferredContact === 'phone' && !resident.phone)
				ctx.addIssue({
					code: 'custom',
					path: ['phone'],
					message: 'Enter a phone number, as the resident prefers phone'
				});
			if (resident.preferredContact === 'email' && !resident.email)
				ctx.addIssue({
					code: 'custom',
					path: ['email'],
					message: 'Enter an email address, as the resident prefers email'
				});
			if (resident.preferredContact === 'letter' && !resident.address)
				ctx.addIssue({
					code: 'custom',
					path: ['address'],
					message: "Enter the resident's address, as they prefer a letter"
				});
		})
	);
export type Resident = z.infer<typeof Resident>;
export type ResidentInput = z.input<typeof Resident>;

/** Payload of the `create` mutation: a referral as the Member captured it. */
export const CreateReferral = z.strictObject({
	wardId: z.string().check(z.minLength(1, { error: 'Choose the ward' })),
	categoryId: z.string().check(z.minLength(1, { error: 'Choose what kind of problem this is' })),
	channel: Channel,
	urgency: Urgency,
	description: trimmed(limits.description, 'Keep the description under 5,000 characters').check(
		z.minLength(1, { error: 'Say what the problem is' })
	),
	location: Location,
	resident: Resident,
	capturedAt: z.iso.datetime({ offset: true, error: 'The capture time is not a valid date' }),
	photoIds: z.optional(
		z.array(Uuid).check(z.maxLength(limits.photosPerReferral, { error: 'Attach at most 6 photos' }))
	),
	onBehalfOf: z.optional(z.string().check(z.minLength(1)))
});
export type CreateReferral = z.infer<typeof CreateReferral>;
export type CreateReferralInput = z.input<typeof CreateReferral>;

export const timelineKinds = [
	'created',
	'status',
	'routed',
	'comment',
	'response',
	'resident_told',
	'rating',
	'reopened',
	'crm'
] as const;
export const TimelineKind = z.enum(timelineKinds);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const TimelineEntry = z.object({
	id: z.string(),
	at: z.string(),
	kind: TimelineKind,
	by: z.string(),
	text: z.string()
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** A referral as the server sends it to someone allowed to see it (pull and GET). */
export const ServerReferral = z.object({
	id: z.string(),
	reference: z.string(),
	ownerId: z.string(),
	ownerName: z.string(),
	createdById: z.string(),
	wardId: z.string(),
	categoryId: z.string(),
	unitId: z.nullable(z.string()),
	/** The officer of the unit who has taken it on (issue 13); null: unassigned. Older servers send none. */
	assignee: z.optional(z.nullable(z.object({ id: z.string(), name: z.string() }))),
	/** Closed as the same problem as this referral, and answered with it (issue 13). */
	duplicateOfId: z.optional(z.nullable(z.string())),
	channel: Channel,
	urgency: Urgency,
	status: Status,
	description: z.string(),
	location: z.object({
		address: z.string(),
		postcode: z.string(),
		lat: z.optional(z.nullable(z.number())),
		lng: z.optional(z.nullable(z.number()))
	}),
	resident: z.object({
		name: z.string(),
		address: z.optional(z.nullable(z.string())),
		phone: z.optional(z.nullable(z.string())),
		email: z.optional(z.nullable(z.string())),
		preferredContact: z.optional(z.nullable(PreferredContact)),
		consentToShare: z.boolean(),
		shareWith: z.optional(z.nullable(z.string())),
		shareWithBodyIds: z.optional(z.array(z.string()))
	}),
	photoIds: z.array(z.string()),
	capturedAt: z.string(),
	createdAt: z.string(),
	updatedAt: z.string(),
	dueAt: z.nullable(z.string()),
	respondedAt: z.nullable(z.string()),
	residentToldAt: z.nullable(z.string()),
	rating: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(5))),
	timeline: z.array(TimelineEntry),
	/**
	 * Where its location (the pin, else the postcode) fell when it arrived; `outsideWard` flags it
	 * for the support officer. Absent: no geography to check by (issue 15).
	 */
	locationCheck: z.optional(
		z.object({
			wardId: z.nullable(z.string()),
			basis: z.enum(['pin', 'postcode']),
			outsideWard: z.boolean()
		})
	),
	/** Whether the council's CRM has logged it ("off": no CRM, handled in Wardline itself). */
	crm: z.optional(
		z.object({
			state: z.enum(['off', 'waiting', 'logged']),
			serviceRequestId: z.nullable(z.string())
		})
	)
});
export type ServerReferral = z.infer<typeof ServerReferral>;

/** A row of a list page (GET /api/referrals): the referral without its timeline. */
export const ServerReferralListItem = z.omit(ServerReferral, { timeline: true });
export type ServerReferralListItem = z.infer<typeof ServerReferralListItem>;

/** A page of a list: its rows and the true number that match, so nothing is cut silently. */
export const ReferralListPage = z.object({
	referrals: z.array(ServerReferralListItem),
	total: z.number(),
	page: z.number(),
	pageSize: z.number()
});
export type ReferralListPage = z.infer<typeof ReferralListPage>;
