// The council's fixed vocabularies, shared by the tablet, the server and the CRM connector.
import * as z from 'zod/mini';

export const channels = ['surgery', 'phone', 'letter', 'email', 'doorstep', 'other'] as const;
export const Channel = z.enum(channels, { error: 'Choose how the resident got in touch' });
export type Channel = z.infer<typeof Channel>;

export const channelLabels: Record<Channel, string> = {
	surgery: 'Ward surgery',
	phone: 'Phone',
	letter: 'Letter',
	email: 'Email',
	doorstep: 'Doorstep',
	other: 'Other'
};

export const urgencies = ['routine', 'soon', 'urgent'] as const;
export const Urgency = z.enum(urgencies, { error: 'Choose how urgent this is' });
export type Urgency = z.infer<typeof Urgency>;

export const urgencyLabels: Record<Urgency, string> = {
	routine: 'Routine',
	soon: 'Soon (within days)',
	urgent: 'Urgent (danger or hardship)'
};

export const preferredContacts = ['phone', 'email', 'letter', 'via_member'] as const;
export const PreferredContact = z.enum(preferredContacts, {
	error: 'Choose how the resident wants to be contacted'
});
export type PreferredContact = z.infer<typeof PreferredContact>;

export const preferredContactLabels: Record<PreferredContact, string> = {
	phone: 'Phone',
	email: 'Email',
	letter: 'Letter',
	via_member: 'Through me (the Member)'
};

export const roles = ['member', 'support', 'officer', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const statuses = [
	'draft',
	'submitted',
	'routed',
	'in_progress',
	'responded',
	'closed',
	'rejected',
	'reopened'
] as const;
export const Status = z.enum(statuses, { error: 'That is not a status Wardline knows' });
export type Status = z.infer<typeof Status>;

export const statusLabels: Record<Status, string> = {
	draft: 'Draft',
	submitted: 'Submitted',
	routed: 'With the service team',
	in_progress: 'Being worked on',
	responded: 'Answered',
	closed: 'Closed',
	rejected: 'Sent back',
	reopened: 'Reopened'
};
