// E-mail: a person's own choices (Settings), and for admins the outbox queue with "try again".
import * as z from 'zod/mini';
import { MailPreferences, type MailPreferencesInput } from '../domain/mail.ts';
import { adminRequest } from './admin.ts';
import { jsonBody, request } from './request.ts';

export const fetchMailPreferences = () =>
	request('/api/mail/preferences', { method: 'GET' }, MailPreferences);

export const saveMailPreferences = (choices: MailPreferencesInput) =>
	request('/api/mail/preferences', jsonBody('PUT', choices), MailPreferences);

const MailRow = z.object({
	id: z.number(),
	kind: z.string(),
	recipient: z.string(),
	toAddress: z.string(),
	subject: z.string(),
	reference: z.nullable(z.string()),
	messageId: z.string(),
	state: z.enum(['queued', 'sending', 'sent', 'refused', 'cancelled']),
	attempts: z.number(),
	nextAttemptAt: z.nullable(z.string()),
	lastError: z.nullable(z.string()),
	createdAt: z.string(),
	sentAt: z.nullable(z.string())
});
export type MailRow = z.infer<typeof MailRow>;

const MailQueue = z.object({
	enabled: z.boolean(),
	relay: z.nullable(
		z.object({
			host: z.nullable(z.string()),
			downSince: z.nullable(z.string()),
			lastError: z.nullable(z.string()),
			lastSuccessAt: z.nullable(z.string())
		})
	),
	counts: z.record(z.string(), z.number()),
	rows: z.array(MailRow)
});
export type MailQueue = z.infer<typeof MailQueue>;
export type MailFilter = 'waiting' | 'refused' | 'sent' | 'all';

export const fetchMailQueue = (filter: MailFilter) =>
	adminRequest(`/mail/outbox?state=${filter}`, { method: 'GET' }, MailQueue);

export const retryMail = (id: number) =>
	adminRequest(`/mail/outbox/${id}/retry`, jsonBody('POST', {}), MailRow);
