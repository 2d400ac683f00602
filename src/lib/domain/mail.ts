// The e-mails Wardline sends people, who gets each kind, and the choices each person has about
// it (Settings): shared by the server, which sends them, and the Settings page.
import * as z from 'zod/mini';
import type { Role } from './enums.ts';

export const mailKinds = [
	'answered',
	'routed',
	'overdue',
	'supportWeekly',
	'crmDown',
	'backupFailed'
] as const;
export const MailKind = z.enum(mailKinds, { error: 'Unknown kind of e-mail' });
export type MailKind = z.infer<typeof MailKind>;

export const mailModes = ['immediate', 'digest', 'on', 'off'] as const;
export const MailMode = z.enum(mailModes, { error: 'Choose one of the choices offered' });
export type MailMode = z.infer<typeof MailMode>;

export interface MailKindRule {
	role: Role;
	label: string;
	hint: string;
	modes: readonly MailMode[];
	default: MailMode;
}

/** Each kind is for one role; the first mode listed is what a person gets until they choose. */
export const mailKindRules: Record<MailKind, MailKindRule> = {
	answered: {
		role: 'member',
		label: 'When the council answers one of your referrals',
		hint: 'An e-mail each time, or one a day at 7am listing the answers of the day before.',
		modes: ['immediate', 'digest', 'off'],
		default: 'immediate'
	},
	routed: {
		role: 'officer',
		label: 'When a new referral is sent to your team',
		hint: 'An e-mail each time, or one a day at 7am listing the new ones.',
		modes: ['immediate', 'digest', 'off'],
		default: 'immediate'
	},
	overdue: {
		role: 'officer',
		label: 'Your team’s overdue referrals',
		hint: 'A list each working-day morning at 7am, when there are any.',
		modes: ['on', 'off'],
		default: 'on'
	},
	supportWeekly: {
		role: 'support',
		label: 'Your Members’ overdue and reopened referrals',
		hint: 'A list every Monday at 7am: overdue referrals, and reopened ones not yet answered.',
		modes: ['on', 'off'],
		default: 'on'
	},
	crmDown: {
		role: 'admin',
		label: 'The council’s CRM cannot be reached',
		hint: 'Once per outage, when it has been unreachable for longer than the set number of hours.',
		modes: ['on', 'off'],
		default: 'on'
	},
	backupFailed: {
		role: 'admin',
		label: 'A backup failed',
		hint: 'Each time a backup of Wardline’s database fails.',
		modes: ['on', 'off'],
		default: 'on'
	}
};

export const mailModeLabels: Record<MailMode, string> = {
	immediate: 'An e-mail each time',
	digest: 'One e-mail a day',
	on: 'Yes',
	off: 'No e-mail'
};

export const kindsForRole = (role: Role): MailKind[] =>
	mailKinds.filter((kind) => mailKindRules[kind].role === role);

/** PUT /api/mail/preferences: the kinds to change, each to one of its modes. */
export const MailPreferencesInput = z
	.partialRecord(MailKind, MailMode)
	.check(z.refine((body) => Object.keys(body).length > 0, { error: 'Send at least one choice' }));
export type MailPreferencesInput = z.infer<typeof MailPreferencesInput>;

export const MailPreferences = z.object({
	/** false: this server has no SMTP relay set up, so no e-mail is sent at all. */
	mailEnabled: z.boolean(),
	/** The address e-mails go to; null: none on the account (an admin adds it). */
	email: z.nullable(z.string()),
	choices: z.array(
		z.object({
			kind: MailKind,
			mode: MailMode,
			modes: z.array(MailMode),
			label: z.string(),
			hint: z.string()
		})
	)
});
export type MailPreferences = z.infer<typeof MailPreferences>;
