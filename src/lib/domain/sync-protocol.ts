// The wire format between tablet and server: mutations pushed up, referrals pulled down.
import * as z from 'zod/mini';
import { ServerReferral, Uuid } from './referral.ts';
import { storableText } from './validation.ts';

export const maxMutationsPerPush = 500;
export const maxPullLimit = 500;

export const mutationKinds = [
	'create',
	'edit',
	'comment',
	'residentTold',
	'rate',
	'reopen'
] as const;
export const MutationKind = z.enum(mutationKinds, { error: 'Unknown kind of change' });
export type MutationKind = z.infer<typeof MutationKind>;

/** The envelope; the payload is checked per kind (CreateReferral, and mutations.ts for the rest). */
export const Mutation = z.strictObject({
	id: Uuid,
	referralId: Uuid,
	kind: MutationKind,
	payload: z.unknown(),
	createdAt: z.iso.datetime({ offset: true, error: 'createdAt must be an ISO date-time' })
});
export type Mutation = z.infer<typeof Mutation>;

export const PushRequest = z.strictObject({
	deviceId: z
		.string()
		.check(z.minLength(1, { error: 'deviceId is required' }), z.maxLength(100), storableText()),
	mutations: z.array(z.unknown()).check(
		z.maxLength(maxMutationsPerPush, {
			error: `Send at most ${maxMutationsPerPush} changes at once`
		})
	)
});
export type PushRequest = { deviceId: string; mutations: Mutation[] };

export const MutationResult = z.object({
	id: z.string(),
	status: z.enum(['applied', 'duplicate', 'rejected']),
	reason: z.optional(z.string()),
	/**
	 * Why, where a tablet acts on it: 'referral-missing' is a change to a referral the server does
	 * not have. A string, not an enum, so that a newer server's codes do not break older tablets.
	 */
	code: z.optional(z.string()),
	/** Present when applied or duplicate: what the referral now is on the server. */
	referral: z.optional(z.object({ id: z.string(), reference: z.string(), status: z.string() }))
});
export type MutationResult = z.infer<typeof MutationResult>;

/** A change to a referral the server does not have: its code and its words. */
export const referralMissing = 'referral-missing';
export const referralMissingReason = 'This referral has not reached the server yet';
/** How long such a change waits for its referral before it is shown as refused. */
export const waitForReferralMs = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether a refused change stays queued, to be sent again at the next sync, rather than being
 * shown as refused. After a restore from backup, another tablet of the same person may still have
 * to send again the referral this change is to: that tablet's next sync brings it, so the change
 * waits for it, up to a week.
 */
export function waitsForReferral(result: MutationResult, createdAt: string, at: string): boolean {
	return (
		result.status === 'rejected' &&
		result.code === referralMissing &&
		Date.parse(at) - Date.parse(createdAt) < waitForReferralMs
	);
}

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

export const PullResponse = z.object({
	referrals: z.array(ServerReferral),
	cursor: z.number().check(z.int(), z.minimum(0)),
	more: z.boolean(),
	/**
	 * How many referrals visible to the user changed after this page (what later pages will
	 * bring, give or take changes made meanwhile), for the tablet's progress. Absent from older servers.
	 */
	remaining: z.optional(z.number().check(z.int(), z.minimum(0))),
	/** The database's identity; a restore from backup changes it. Absent from older servers. */
	epoch: z.optional(z.string()),
	/**
	 * true: the cursor sent was from another epoch, or ahead of the server (restored from a
	 * backup): this page starts from the beginning, and the tablet should send again what it holds.
	 */
	reset: z.optional(z.boolean())
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * false: retired. Still sent, so referrals that name it keep showing its name, but no longer
 * offered for new ones. Absent (a copy cached before the field existed) means in use.
 */
const Active = z._default(z.boolean(), true);

export const ReferenceData = z.object({
	wards: z.array(z.object({ id: z.string(), name: z.string(), active: Active })),
	categories: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			unitId: z.string(),
			active: Active,
			/** Shown at capture when urgent; absent from servers older than it (issue 13). */
			urgentLine: z.optional(z.nullable(z.string()))
		})
	),
	units: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			targetDays: z.number().check(z.int()),
			/** Absent from servers (and tablet copies) older than urgency targets (issue 13). */
			targetDaysSoon: z.optional(z.number().check(z.int())),
			targetDaysUrgent: z.optional(z.number().check(z.int())),
			active: Active
		})
	),
	/** For the resident's consent; absent from servers (and tablet copies) older than the list. */
	outsideBodies: z.optional(
		z.array(z.object({ id: z.string(), name: z.string(), dealsWith: z.string(), active: Active }))
	)
});
export type ReferenceData = z.infer<typeof ReferenceData>;

export { ErrorBody } from './error-body.ts';

/** GET /api/sync/visible: the id of every referral the user may see now, sorted; nothing else. */
export const VisibleResponse = z.object({ ids: z.array(z.string()) });
export type VisibleResponse = z.infer<typeof VisibleResponse>;
