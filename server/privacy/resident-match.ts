// Recognising one resident across referrals for subject access and erasure: names and emails
// compared case-insensitively, phone numbers by their digits, and an opaque key per resident.
import { eq } from 'drizzle-orm';
import { createHmac } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { privacyKeys } from '../db/schema.ts';

export type ResidentQuery =
	| { kind: 'name'; value: string }
	| { kind: 'email'; value: string }
	| { kind: 'phone'; value: string };

export interface ResidentDetails {
	residentName: string;
	residentEmail: string | null;
	residentPhone: string | null;
}

/** "  Mary   SMITH " -> "mary smith": the forms people write a name in compare equal. */
export const normaliseName = (name: string) =>
	name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

export const normaliseEmail = (email: string) => email.normalize('NFKC').trim().toLowerCase();

/** Digits only, with +44 / 0044 read as the leading 0 a UK number is usually written with. */
export function phoneDigits(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	if (digits.startsWith('0044')) return `0${digits.slice(4)}`;
	if (digits.startsWith('44') && (digits.length === 11 || digits.length === 12))
		return `0${digits.slice(2)}`;
	return digits;
}

/** What the admin typed: an email address, a phone number, or else a name. */
export function classifyQuery(text: string): ResidentQuery {
	if (text.includes('@')) return { kind: 'email', value: normaliseEmail(text) };
	if (/^[+\d\s().-]+$/.test(text) && text.replace(/\D/g, '').length >= 6)
		return { kind: 'phone', value: phoneDigits(text) };
	return { kind: 'name', value: normaliseName(text) };
}

/** Is this referral's resident the one asked about? */
export function residentMatches(row: ResidentDetails, query: ResidentQuery): boolean {
	switch (query.kind) {
		case 'name':
			return normaliseName(row.residentName) === query.value;
		case 'email':
			return row.residentEmail !== null && normaliseEmail(row.residentEmail) === query.value;
		case 'phone':
			return row.residentPhone !== null && phoneDigits(row.residentPhone) === query.value;
	}
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for where free text (a note, a response) names the resident: the whole name as a
 * word sequence, the email address, or a run of digits that is their phone number.
 */
export function mentionPattern(query: ResidentQuery): RegExp {
	switch (query.kind) {
		case 'name': {
			const words = query.value.split(' ').map(escapeRegExp).join('\\s+');
			return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, 'giu');
		}
		case 'email':
			return new RegExp(`(?<![\\w.+-])${escapeRegExp(query.value)}(?![\\w-])`, 'gi');
		case 'phone':
			return /\+?\d[\d\s().-]{4,}\d/g;
	}
}

/** Every stretch of `text` that names the resident; empty when none does. */
export function mentionsIn(text: string, query: ResidentQuery): string[] {
	const found = [...text.normalize('NFKC').matchAll(mentionPattern(query))].map((m) => m[0]);
	return query.kind === 'phone' ? found.filter((run) => phoneDigits(run) === query.value) : found;
}

/** A few characters every mention must contain, for a cheap LIKE before the exact check. */
export function likeHint(query: ResidentQuery): string {
	if (query.kind === 'phone') return query.value.slice(-4);
	if (query.kind === 'email') return query.value;
	return query.value.split(' ').sort((a, b) => b.length - a.length)[0];
}

export function residentKeySecret(db: Db): string {
	const row = db.select().from(privacyKeys).where(eq(privacyKeys.id, 1)).get();
	// The migration that made the table wrote the row: without it the keys would not be stable.
	if (!row) throw new Error('privacy_keys has no secret: run the database migrations.');
	return row.residentKeySecret;
}

/**
 * One key per distinct resident (name and contact details as recorded): an HMAC, so the key in
 * a subject access file cannot be turned back into a name, nor guessed from one, outside Wardline.
 */
export function residentKey(secret: string, row: ResidentDetails): string {
	const parts = [
		normaliseName(row.residentName),
		row.residentEmail === null ? '' : normaliseEmail(row.residentEmail),
		row.residentPhone === null ? '' : phoneDigits(row.residentPhone)
	];
	return createHmac('sha256', secret).update(JSON.stringify(parts)).digest('hex');
}
