// The words of every e-mail to council staff and Members. They carry no personal data: the
// reference, the category, the street (no house number) and a link; the rest is behind sign-in.
// (Forwarding to an outside body is the exception, and has its own module.)

export interface ReferralFacts {
	id: string;
	reference: string;
	category: string;
	/** The street without house or flat numbers (server/privacy/anonymise.ts). */
	street: string;
	dueAt?: string | null;
}

export interface Composed {
	subject: string;
	body: string;
}

const londonDate = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'long',
	hour: '2-digit',
	minute: '2-digit'
});

export const formatDay = (iso: string) => londonDate.format(new Date(iso));

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** The Member's own page for a referral, or the service team's. */
export function referralLink(publicUrl: string, id: string, side: 'member' | 'team'): string {
	return `${base(publicUrl)}/${side === 'member' ? 'referrals' : 'queue'}/${encodeURIComponent(id)}`;
}

function footer(publicUrl: string, why: string): string {
	return [
		'',
		'--',
		`You get this e-mail ${why}.`,
		`Choose which e-mails Wardline sends you in Settings: ${base(publicUrl)}/settings`,
		'The details are in Wardline, behind sign-in; this e-mail holds none of them.'
	].join('\n');
}

const line = (facts: ReferralFacts, link: string) =>
	`${facts.reference}  ${facts.category}, ${facts.street}\n  ${link}`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function answeredMail(publicUrl: string, facts: ReferralFacts): Composed {
	return {
		subject: `The council has answered ${facts.reference}`,
		body: [
			`The council has answered your referral ${facts.reference}: ${facts.category}, ${facts.street}.`,
			'',
			`Read the answer in Wardline: ${referralLink(publicUrl, facts.id, 'member')}`,
			footer(publicUrl, 'when the council answers one of your referrals')
		].join('\n')
	};
}

export function answeredDigest(publicUrl: string, items: ReferralFacts[]): Composed {
	return {
		subject: `The council has answered ${plural(items.length, 'referral', 'referrals')} of yours`,
		body: [
			`Answers to your referrals since the last e-mail:`,
			'',
			...items.map((f) => line(f, referralLink(publicUrl, f.id, 'member'))),
			footer(publicUrl, 'once a day when the council has answered your referrals')
		].join('\n')
	};
}

export function routedMail(publicUrl: string, unit: string, facts: ReferralFacts): Composed {
	return {
		subject: `New referral for ${unit}: ${facts.reference}`,
		body: [
			`A new referral has been sent to ${unit}: ${facts.reference}, ${facts.category}, ${facts.street}.`,
			...(facts.dueAt ? [`It is due by ${formatDay(facts.dueAt)}.`] : []),
			'',
			`Open it in Wardline: ${referralLink(publicUrl, facts.id, 'team')}`,
			footer(publicUrl, `when a new referral is sent to ${unit}`)
		].join('\n')
	};
}

export function routedDigest(publicUrl: string, items: ReferralFacts[]): Composed {
	return {
		subject: `${plural(items.length, 'new referral', 'new referrals')} for your team`,
		body: [
			'Referrals sent to your team since the last e-mail:',
			'',
			...items.map((f) => line(f, referralLink(publicUrl, f.id, 'team'))),
			footer(publicUrl, 'once a day when new referrals are sent to your team')
		].join('\n')
	};
}

function overdueLine(publicUrl: string, f: ReferralFacts): string {
	const due = f.dueAt ? ` (due ${formatDay(f.dueAt)})` : '';
	return `${f.reference}  ${f.category}, ${f.street}${due}\n  ${referralLink(publicUrl, f.id, 'team')}`;
}

export function overdueDigest(publicUrl: string, unit: string, items: ReferralFacts[]): Composed {
	return {
		subject: `${plural(items.length, 'referral is', 'referrals are')} overdue in ${unit}`,
		body: [
			`These referrals for ${unit} are past their due date and not yet answered, oldest first:`,
			'',
			...items.map((f) => overdueLine(publicUrl, f)),
			footer(publicUrl, 'each working-day morning when your team has overdue referrals')
		].join('\n')
	};
}

export function supportWeekly(
	publicUrl: string,
	overdue: ReferralFacts[],
	reopened: ReferralFacts[]
): Composed {
	const sections: string[] = [];
	if (overdue.length > 0)
		sections.push(
			`Overdue (${overdue.length}), oldest first:`,
			...overdue.map((f) => overdueLine(publicUrl, f)),
			''
		);
	if (reopened.length > 0)
		sections.push(
			`Reopened and not yet answered again (${reopened.length}):`,
			...reopened.map((f) => line(f, referralLink(publicUrl, f.id, 'team'))),
			''
		);
	return {
		subject: `Your Members: ${plural(overdue.length, 'overdue referral', 'overdue referrals')}, ${plural(reopened.length, 'reopened', 'reopened')}`,
		body: [
			'This week’s list of your Members’ referrals that need chasing.',
			'',
			...sections,
			footer(publicUrl, 'every Monday when your Members have referrals to chase').trimStart()
		].join('\n')
	};
}

export function crmDownMail(publicUrl: string, since: string, hours: number): Composed {
	return {
		subject: `The council’s CRM has not answered for over ${plural(hours, 'hour', 'hours')}`,
		body: [
			`Wardline has not been able to reach the council’s CRM since ${londonDateTime.format(new Date(since))}.`,
			'Referrals are kept in Wardline and sent when it answers again; nothing is lost.',
			'',
			`See what is waiting: ${base(publicUrl)}/admin/crm`,
			footer(publicUrl, 'as an admin, once per CRM outage')
		].join('\n')
	};
}

export function backupFailedMail(publicUrl: string, at: string, reason: string): Composed {
	return {
		subject: 'A backup of Wardline failed',
		body: [
			`A backup of Wardline’s database failed at ${londonDateTime.format(new Date(at))}.`,
			`Reason: ${reason}`,
			'',
			`Wardline: ${base(publicUrl)}/admin`,
			footer(publicUrl, 'as an admin, when a backup fails')
		].join('\n')
	};
}
