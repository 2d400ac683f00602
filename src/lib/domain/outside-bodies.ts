// Outside bodies (the county council, the water company, the police...): the list admins keep,
// the consent a resident gives to named ones, and forwarding a referral to one.
import * as z from 'zod/mini';
import { limits } from './referral.ts';

export const outsideBodyLimits = { name: 100, email: 254, dealsWith: 300, reference: 100 } as const;

const Name = z.string({ error: 'Enter the outside body’s name' }).check(
	z.trim(),
	z.minLength(1, { error: 'Enter the outside body’s name' }),
	z.maxLength(outsideBodyLimits.name, {
		error: `Keep the name under ${outsideBodyLimits.name} characters`
	})
);
const Email = z.string({ error: 'Enter the address referrals are sent to' }).check(
	z.trim(),
	z.minLength(1, { error: 'Enter the address referrals are sent to' }),
	z.maxLength(outsideBodyLimits.email, { error: 'Keep the address under 254 characters' }),
	z.refine((v) => z.email().safeParse(v).success, {
		error: 'Enter an e-mail address like referrals@water.example.co.uk'
	})
);
const DealsWith = z.string({ error: 'Say what they deal with' }).check(
	z.trim(),
	z.maxLength(outsideBodyLimits.dealsWith, {
		error: `Keep this under ${outsideBodyLimits.dealsWith} characters`
	})
);

export const OutsideBody = z.object({
	id: z.string(),
	name: z.string(),
	email: z.string(),
	dealsWith: z.string(),
	active: z.boolean()
});
export type OutsideBody = z.infer<typeof OutsideBody>;

export const OutsideBodyInput = z.strictObject({
	name: Name,
	email: Email,
	dealsWith: z.optional(DealsWith)
});
export type OutsideBodyInput = z.infer<typeof OutsideBodyInput>;

export const OutsideBodyPatch = z
	.strictObject({
		name: z.optional(Name),
		email: z.optional(Email),
		dealsWith: z.optional(DealsWith),
		active: z.optional(z.boolean({ error: 'active must be true or false' }))
	})
	.check(
		z.refine((body) => Object.values(body).some((v) => v !== undefined), {
			error: 'Send at least one thing to change',
			when: (payload) => payload.issues.length === 0
		})
	);
export type OutsideBodyPatch = z.infer<typeof OutsideBodyPatch>;

/** POST /api/referrals/:id/forwards */
export const ForwardInput = z.strictObject({
	outsideBodyId: z
		.string({ error: 'Choose the outside body' })
		.check(z.minLength(1, { error: 'Choose the outside body' })),
	note: z.optional(
		z
			.string()
			.check(
				z.trim(),
				z.maxLength(limits.comment, { error: 'Keep the note under 5,000 characters' })
			)
	)
});
export type ForwardInput = z.infer<typeof ForwardInput>;

/** PATCH /api/referrals/:id/forwards/:forwardId: the body's own reference for it. */
export const ForwardReferenceInput = z.strictObject({
	bodyReference: z.string({ error: 'Enter their reference' }).check(
		z.trim(),
		z.minLength(1, { error: 'Enter their reference' }),
		z.maxLength(outsideBodyLimits.reference, {
			error: `Keep the reference under ${outsideBodyLimits.reference} characters`
		})
	)
});

export const Forward = z.object({
	id: z.string(),
	outsideBodyId: z.string(),
	outsideBodyName: z.string(),
	byName: z.string(),
	at: z.string(),
	withResident: z.boolean(),
	bodyReference: z.nullable(z.string()),
	/** The e-mail's state: queued, sending, sent, refused, cancelled. */
	mailState: z.nullable(z.string())
});
export type Forward = z.infer<typeof Forward>;

/** GET /api/referrals/:id/forwards: what was sent, and what each body in use would be sent. */
export const ForwardView = z.object({
	mailEnabled: z.boolean(),
	/** The free text consent of referrals captured before bodies were chosen from the list. */
	consentText: z.nullable(z.string()),
	bodies: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			dealsWith: z.string(),
			/** The resident's consent names this body: their details go with the referral. */
			consented: z.boolean()
		})
	),
	forwards: z.array(Forward)
});
export type ForwardView = z.infer<typeof ForwardView>;
