// The audit log in plain words: each action the server records (read, pull, status…) as the
// sentence an admin or a data protection officer reads, instead of the code's own word.
import { statusLabels, type Status } from './enums.ts';

const statusSentences: Record<Status, string> = {
	draft: 'Saved it as a draft',
	submitted: 'Sent it to the council',
	routed: 'Put it back with the service team',
	in_progress: 'Marked as being worked on',
	responded: 'Marked as answered',
	closed: 'Closed it',
	rejected: 'Sent it back to the Member',
	reopened: 'Reopened it'
};

/** The effect of a Member's change (ChangeEffect in mutations.ts), as the update row keeps it. */
const changeSentences: Record<string, string> = {
	comment: 'Added a note',
	edit: 'Changed the referral’s details',
	'edit as comment': 'Asked the service team to change the details',
	'resident told': 'Marked the resident as told',
	rating: 'Rated the council’s answer',
	reopen: 'Reopened it: the problem is not fixed'
};

const sentences: Record<string, string> = {
	read: 'Opened the referral',
	list: 'Looked at a list of referrals that included it',
	pull: 'Had it copied to their tablet (sync)',
	create: 'Added the referral',
	update: 'Changed the referral',
	response: 'Wrote the council’s answer',
	reassign: 'Passed it to another team',
	chase: 'Chased the service team',
	forward: 'Forwarded it to an outside body',
	forward_reference: 'Noted the outside body’s reference',
	photo: 'Looked at a photo',
	subject_access: 'Included it in a subject access file',
	erase: 'Removed a resident’s details at their request',
	retention: 'Removed personal details past the retention period'
};

const adminThings: Record<string, string> = {
	ward: 'a ward',
	unit: 'a Business Unit',
	category: 'a category',
	user: 'a user account',
	outside_body: 'an outside body',
	session: 'a signed-in session',
	'geography.postcodes': 'postcodes',
	'geography.wards': 'ward boundaries',
	mail: 'an e-mail',
	'sign-in-attempts': 'failed sign-in attempts'
};
const adminVerbs: Record<string, string> = {
	create: 'Added',
	update: 'Changed',
	import: 'Imported',
	retry: 'Tried again to send',
	revoke: 'Signed out',
	clear: 'Cleared',
	supports: 'Changed the Members supported by',
	'revoke-sessions': 'Signed out every session of'
};

/** Detail that the sentence already says (a status code, a change's effect) is not repeated. */
export function auditSentence(action: string, detail: string | null): string {
	if (action === 'status' && detail && detail in statusSentences)
		return statusSentences[detail as Status];
	if (action === 'status') return 'Changed the status';
	if (action === 'update' && detail && detail in changeSentences) return changeSentences[detail];
	if (action.startsWith('admin.')) {
		const parts = action.slice('admin.'.length).split('.');
		const verb = parts.pop() ?? '';
		const thing = adminThings[parts.join('.')] ?? parts.join(' ').replace(/[_-]/g, ' ');
		return `${adminVerbs[verb] ?? verb.replace(/[_-]/g, ' ')} ${thing}`;
	}
	return sentences[action] ?? action.replace(/[._]/g, ' ');
}

/** The detail worth showing beside the sentence; null when the sentence says it all. */
export function auditDetailShown(action: string, detail: string | null): string | null {
	if (action === 'status' && detail && detail in statusLabels) return null;
	if (action === 'update' && detail && detail in changeSentences) return null;
	return detail;
}
