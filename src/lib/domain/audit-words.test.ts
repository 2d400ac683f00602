import { describe, expect, it } from 'vitest';
import { auditDetailShown, auditSentence } from './audit-words.ts';

describe('the audit log in plain words', () => {
	it('says what was done, not the code’s word for it', () => {
		expect(auditSentence('pull', null)).toBe('Had it copied to their tablet (sync)');
		expect(auditSentence('list', null)).toBe('Looked at a list of referrals that included it');
		expect(auditSentence('read', null)).toBe('Opened the referral');
		expect(auditSentence('status', 'in_progress')).toBe('Marked as being worked on');
		expect(auditSentence('update', 'resident told')).toBe('Marked the resident as told');
		expect(auditSentence('forward_reference', 'Police: 123')).toBe(
			'Noted the outside body’s reference'
		);
	});

	it('words admin actions as "Added a ward", "Changed a Business Unit"', () => {
		expect(auditSentence('admin.ward.create', null)).toBe('Added a ward');
		expect(auditSentence('admin.unit.update', null)).toBe('Changed a Business Unit');
		expect(auditSentence('admin.outside_body.create', null)).toBe('Added an outside body');
		expect(auditSentence('admin.geography.wards.import', null)).toBe('Imported ward boundaries');
	});

	it('never shows a code: an unknown action is at least spaced out', () => {
		expect(auditSentence('something_new', null)).toBe('something new');
	});

	it('drops detail the sentence already says, keeps the rest', () => {
		expect(auditDetailShown('status', 'in_progress')).toBeNull();
		expect(auditDetailShown('update', 'comment')).toBeNull();
		expect(auditDetailShown('forward', 'to Police <p@example.org>')).toBe(
			'to Police <p@example.org>'
		);
	});
});
