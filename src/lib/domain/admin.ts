// The admin API's shapes: wards, Business Units, categories (routing) and user accounts, as
// the admin screens send them and the server checks them. Messages are read beside each field.
import * as z from 'zod/mini';
import { roles, type Role } from './enums.ts';
import { storableText } from './validation.ts';
import { defaultTargets, type ResponseTargets } from './working-days.ts';

export const adminLimits = {
	name: 100,
	displayName: 200,
	username: 50,
	passwordMin: 12,
	passwordMax: 1000,
	targetDaysMin: 1,
	targetDaysMax: 60,
	serviceCode: 100,
	supportedMembers: 500,
	urgentLine: 300
} as const;

const name = (what: string) =>
	z
		.string({ error: `Enter the ${what}’s name` })
		.check(
			z.trim(),
			storableText(),
			z.minLength(1, { error: `Enter the ${what}’s name` }),
			z.maxLength(adminLimits.name, { error: `Keep the name under ${adminLimits.name} characters` })
		);

const targetDaysMessage = `Give a target from ${adminLimits.targetDaysMin} to ${adminLimits.targetDaysMax} working days`;
const TargetDays = z
	.number({ error: 'Enter the target as a number of working days' })
	.check(
		z.int({ error: 'Use a whole number of working days' }),
		z.minimum(adminLimits.targetDaysMin, { error: targetDaysMessage }),
		z.maximum(adminLimits.targetDaysMax, { error: targetDaysMessage })
	);

/** The same rule the CRM connector holds codes to (server/routes/crm.ts). */
export const ServiceCode = z
	.string({ error: 'Enter the service code the CRM knows this category by' })
	.check(
		z.trim(),
		z.minLength(1, { error: 'Enter the service code the CRM knows this category by' }),
		z.maxLength(adminLimits.serviceCode, { error: 'Keep the service code under 100 characters' }),
		z.regex(/^[\w.:/-]+$/, { error: 'Use letters, digits and - _ . : / only in a service code' })
	);

const UnitRef = z
	.string({ error: 'Choose the Business Unit' })
	.check(z.minLength(1, { error: 'Choose the Business Unit' }));

/** Retiring is a flag, never a deletion: history (referrals, insights, exports) names the row. */
const Active = z.optional(z.boolean({ error: 'active must be true or false' }));

const nothingToChange = {
	error: 'Send at least one thing to change',
	// Only said when nothing else is wrong: "Unknown field x" alone is the clearer answer.
	when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0
};
const hasSomething = (body: object) => Object.values(body).some((v) => v !== undefined);

export const WardInput = z.strictObject({ name: name('ward') });
export type WardInput = z.infer<typeof WardInput>;
export const WardPatch = z
	.strictObject({ name: z.optional(name('ward')), active: Active })
	.check(z.refine(hasSomething, nothingToChange));
export type WardPatch = z.infer<typeof WardPatch>;

/** Soon and urgent targets, when not given, follow the routine one (defaultTargets). */
export const UnitInput = z.strictObject({
	name: name('Business Unit'),
	targetDays: TargetDays,
	targetDaysSoon: z.optional(TargetDays),
	targetDaysUrgent: z.optional(TargetDays)
});
export type UnitInput = z.infer<typeof UnitInput>;
type TargetField = keyof ResponseTargets;
const targetNames: Record<TargetField, string> = {
	targetDaysUrgent: 'urgent',
	targetDaysSoon: 'soon',
	targetDays: 'routine'
};
const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/**
 * Urgent referrals are due no later than soon ones, and soon ones no later than routine ones.
 * The problem is put beside the field the admin changed (`changed`), else the shorter one's.
 */
export function targetOrderProblem(
	targets: ResponseTargets,
	changed: readonly string[] = []
): { field: TargetField; message: string } | null {
	const pairs: [TargetField, TargetField][] = [
		['targetDaysUrgent', 'targetDaysSoon'],
		['targetDaysSoon', 'targetDays']
	];
	for (const [shorter, longer] of pairs) {
		const [a, b] = [targets[shorter], targets[longer]];
		if (a <= b) continue;
		if (changed.includes(longer) && !changed.includes(shorter))
			return {
				field: longer,
				message: `The ${targetNames[longer]} target (${days(b)}) cannot be shorter than the ${targetNames[shorter]} one (${days(a)})`
			};
		return {
			field: shorter,
			message: `The ${targetNames[shorter]} target (${days(a)}) cannot be longer than the ${targetNames[longer]} one (${days(b)})`
		};
	}
	return null;
}

/**
 * A new unit's targets: those given, and for those left out the defaults (defaultTargets), kept
 * in order with the ones given so that leaving a field empty never makes a problem.
 */
export function newUnitTargets(input: {
	targetDays: number;
	targetDaysSoon?: number;
	targetDaysUrgent?: number;
}): ResponseTargets {
	const defaults = defaultTargets(input.targetDays);
	const soon =
		input.targetDaysSoon ??
		Math.min(input.targetDays, Math.max(defaults.targetDaysSoon, input.targetDaysUrgent ?? 0));
	const urgent = input.targetDaysUrgent ?? Math.min(defaults.targetDaysUrgent, soon);
	return { targetDays: input.targetDays, targetDaysSoon: soon, targetDaysUrgent: urgent };
}

export const UnitPatch = z
	.strictObject({
		name: z.optional(name('Business Unit')),
		targetDays: z.optional(TargetDays),
		targetDaysSoon: z.optional(TargetDays),
		targetDaysUrgent: z.optional(TargetDays),
		active: Active
	})
	.check(z.refine(hasSomething, nothingToChange));
export type UnitPatch = z.infer<typeof UnitPatch>;

/** What the capture form says when this category's referral is urgent; '' or null: nothing. */
export const UrgentLine = z.pipe(
	z.nullable(
		z.string({ error: 'Write the urgent line as text' }).check(
			z.trim(),
			storableText(),
			z.maxLength(adminLimits.urgentLine, {
				error: `Keep the urgent line under ${adminLimits.urgentLine} characters`
			})
		)
	),
	z.transform((v: string | null) => v || null)
);

export const CategoryInput = z.strictObject({
	name: name('category'),
	unitId: UnitRef,
	crmServiceCode: z.optional(ServiceCode),
	urgentLine: z.optional(UrgentLine)
});
export type CategoryInput = z.infer<typeof CategoryInput>;
/** unitId is the routing: where new referrals of this category go. */
export const CategoryPatch = z
	.strictObject({
		name: z.optional(name('category')),
		unitId: z.optional(UnitRef),
		crmServiceCode: z.optional(ServiceCode),
		urgentLine: z.optional(UrgentLine),
		active: Active
	})
	.check(z.refine(hasSomething, nothingToChange));
export type CategoryPatch = z.infer<typeof CategoryPatch>;

/** Sign-in names are compared in lower case (see /api/auth/login), so they are kept that way. */
export const Username = z.string({ error: 'Enter a username' }).check(
	z.trim(),
	z.toLowerCase(),
	z.minLength(3, { error: 'Use at least 3 characters in a username' }),
	z.maxLength(adminLimits.username, {
		error: `Keep the username under ${adminLimits.username} characters`
	}),
	z.regex(/^[a-z0-9][a-z0-9._-]*$/, {
		error: 'Use letters, digits and . _ - in a username, starting with a letter or digit'
	})
);

export const Password = z.string({ error: 'Enter a password' }).check(
	storableText(),
	z.minLength(adminLimits.passwordMin, {
		error: `Use at least ${adminLimits.passwordMin} characters for the password`
	}),
	z.maxLength(adminLimits.passwordMax, { error: 'That password is too long' })
);

const DisplayName = z.string({ error: 'Enter the name people see' }).check(
	z.trim(),
	storableText(),
	z.minLength(1, { error: 'Enter the name people see' }),
	z.maxLength(adminLimits.displayName, {
		error: `Keep the name under ${adminLimits.displayName} characters`
	})
);

/** '' from an empty form field means "none". */
const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v || null);
const OptionalRef = z.pipe(
	z.optional(z.nullable(z.string().check(z.trim()))),
	z.transform(blankToNull)
);
const Email = z.pipe(
	z.optional(
		z.nullable(
			z.string().check(
				z.trim(),
				z.maxLength(254, { error: 'Keep the email address under 254 characters' }),
				z.refine((v) => v === '' || z.email().safeParse(v).success, {
					error: 'Enter an email address like name@example.com'
				})
			)
		)
	),
	z.transform(blankToNull)
);
const Phone = z.pipe(
	z.optional(
		z.nullable(
			z.string().check(
				z.trim(),
				z.maxLength(30, { error: 'Keep the phone number under 30 characters' }),
				z.refine((v) => v === '' || /^[+0-9 ()-]{6,}$/.test(v), {
					error: 'Enter a phone number using digits, like 0113 496 0000'
				})
			)
		)
	),
	z.transform(blankToNull)
);
const RoleField = z.enum(roles, { error: 'Choose what this person does' });

export const roleLabels: Record<Role, string> = {
	member: 'Member (ward councillor)',
	support: 'Member Support Officer',
	officer: 'Service officer in a Business Unit',
	admin: 'Admin'
};

/** Members belong to a ward and officers to a Business Unit; null when the rule is met. */
export function roleFieldProblem(
	role: Role,
	wardId: string | null | undefined,
	unitId: string | null | undefined
): { field: 'wardId' | 'unitId'; message: string } | null {
	if (role === 'member' && !wardId) return { field: 'wardId', message: 'Choose the Member’s ward' };
	if (role === 'officer' && !unitId)
		return { field: 'unitId', message: 'Choose the officer’s Business Unit' };
	return null;
}

export const UserInput = z
	.strictObject({
		username: Username,
		displayName: DisplayName,
		role: RoleField,
		wardId: OptionalRef,
		unitId: OptionalRef,
		email: Email,
		phone: Phone,
		password: Password
	})
	.check(
		z.superRefine((user, ctx) => {
			const problem = roleFieldProblem(user.role, user.wardId, user.unitId);
			if (problem)
				ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
		})
	);
export type UserInput = z.infer<typeof UserInput>;
export type UserInputDraft = z.input<typeof UserInput>;

/** The role rule is checked by the server against the stored user merged with this. */
export const UserPatch = z
	.strictObject({
		displayName: z.optional(DisplayName),
		role: z.optional(RoleField),
		wardId: OptionalRef,
		unitId: OptionalRef,
		email: Email,
		phone: Phone,
		active: Active,
		password: z.optional(Password)
	})
	.check(z.refine(hasSomething, nothingToChange));
export type UserPatch = z.infer<typeof UserPatch>;
export type UserPatchDraft = z.input<typeof UserPatch>;

export const SupportsInput = z.strictObject({
	memberIds: z
		.array(z.string().check(z.minLength(1)), { error: 'Send the list of Members as memberIds' })
		.check(
			z.maxLength(adminLimits.supportedMembers, {
				error: 'That is more Members than Wardline allows'
			})
		)
});
export type SupportsInput = z.infer<typeof SupportsInput>;

// What the server answers. Objects are not strict: an older app ignores fields added later.
// `active` false: retired, kept for history and no longer offered for new referrals.
export const AdminWard = z.object({
	id: z.string(),
	name: z.string(),
	active: z.boolean(),
	/** The ONS ward code once a boundary import named it (issue 15). */
	code: z.optional(z.nullable(z.string()))
});
export type AdminWard = z.infer<typeof AdminWard>;
export const AdminUnit = z.object({
	id: z.string(),
	name: z.string(),
	targetDays: z.number(),
	targetDaysSoon: z.number(),
	targetDaysUrgent: z.number(),
	active: z.boolean()
});
export type AdminUnit = z.infer<typeof AdminUnit>;
export const AdminCategory = z.object({
	id: z.string(),
	name: z.string(),
	unitId: z.string(),
	crmServiceCode: z.string(),
	active: z.boolean(),
	/** Absent from servers older than it (issue 13). */
	urgentLine: z.optional(z.nullable(z.string()))
});
export type AdminCategory = z.infer<typeof AdminCategory>;

/** A user account as admins see it: never the password hash. */
export const AdminUser = z.object({
	id: z.string(),
	username: z.string(),
	displayName: z.string(),
	role: z.enum(roles),
	wardId: z.nullable(z.string()),
	unitId: z.nullable(z.string()),
	email: z.nullable(z.string()),
	phone: z.nullable(z.string()),
	active: z.boolean(),
	createdAt: z.string(),
	/** For support officers: the Members they support. */
	memberIds: z.array(z.string())
});
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminSession = z.object({
	id: z.string(),
	userId: z.string(),
	createdAt: z.string(),
	lastSeenAt: z.string(),
	expiresAt: z.string(),
	/** The session this request came from (revoking it signs you out). */
	current: z.boolean()
});
export type AdminSession = z.infer<typeof AdminSession>;

/** GET /api/admin/sign-in-attempts: failed sign-ins of the last day, by account and address. */
export const AdminSignInAttempts = z.object({
	attempts: z.array(
		z.object({
			username: z.string(),
			/** null: the username typed is nobody's. */
			displayName: z.nullable(z.string()),
			address: z.string(),
			failures: z.number(),
			lastAttemptAt: z.string(),
			/** No password is checked for this pair before then; null: it may try now. */
			retryAt: z.nullable(z.string()),
			/** The account has signed in from this address in the last 30 days. */
			knownAddress: z.boolean()
		})
	),
	/** Addresses with failures in the last hour; `slowed`: over the soft limit. */
	addresses: z.array(
		z.object({ address: z.string(), failuresLastHour: z.number(), slowed: z.boolean() })
	),
	rules: z.object({
		freeFailures: z.number(),
		maxDelaySeconds: z.number(),
		addressSoftLimit: z.number(),
		accountSoftLimit: z.number()
	})
});
export type AdminSignInAttempts = z.infer<typeof AdminSignInAttempts>;
