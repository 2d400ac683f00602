// Sends one e-mail through the council's SMTP relay (nodemailer), and says what the relay's
// answer means for the outbox: sent, refused for good, try this one later, or the relay is down.
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	messageId: string;
}

export type SendOutcome =
	| { kind: 'sent'; response: string }
	/** A 5xx answer to this message (recipient or content): recorded, not tried again by itself. */
	| { kind: 'refused'; reason: string }
	/** A 4xx answer or an odd failure: this message waits and is tried again. */
	| { kind: 'retry'; reason: string }
	/** No relay to talk to (down, refused connection, sign-in refused): every message waits. */
	| { kind: 'down'; reason: string };

export interface MailTransport {
	/** The relay's host, for logs and the admin page (never its credentials). */
	readonly host: string;
	send(mail: OutgoingMail): Promise<SendOutcome>;
	close(): void;
}

interface SmtpError {
	code?: string;
	responseCode?: number;
	command?: string;
	response?: string;
	message?: string;
}

const connectionCodes = new Set([
	'ECONNECTION',
	'ETIMEDOUT',
	'ESOCKET',
	'EDNS',
	'ECONNREFUSED',
	'ECONNRESET',
	'EAUTH',
	'ETLS',
	'EPROTOCOL'
]);

/** What a failure means; exported for the tests of each case. */
export function judgeSmtpError(error: unknown): SendOutcome {
	const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
	const said = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').trim().slice(0, 300);
	const code = e.responseCode;
	if (code !== undefined && code >= 500 && code < 600) {
		// A refused sender or sign-in is the relay's set-up, not this message: everything waits.
		if (e.command === 'MAIL FROM' || e.code === 'EAUTH')
			return { kind: 'down', reason: `The relay refused Wardline: ${said}` };
		return { kind: 'refused', reason: `Refused by the relay: ${said}` };
	}
	if (code !== undefined && code >= 400 && code < 500) {
		// 421: the relay is closing the connection (busy, shutting down): nothing else will pass.
		if (code === 421) return { kind: 'down', reason: `The relay is not taking mail: ${said}` };
		return { kind: 'retry', reason: `The relay asked to try later: ${said}` };
	}
	if (e.code && connectionCodes.has(e.code))
		return { kind: 'down', reason: `The relay cannot be reached: ${said}` };
	return { kind: 'retry', reason: `Not sent: ${said}` };
}

export interface SmtpTransportOptions {
	/** smtp://user:pass@host:port or smtps://... (SMTP_URL). */
	url: string;
	/** The From address (MAIL_FROM). */
	from: string;
	/** How long to wait for the relay before calling it down. */
	timeoutMs?: number;
}

export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
	const timeoutMs = options.timeoutMs ?? 20_000;
	const url = new URL(options.url);
	// The URL's own settings (host, port, user, TLS) win; the timeouts apply where it sets none.
	const transporter = createTransport(
		{
			url: options.url,
			connectionTimeout: timeoutMs,
			greetingTimeout: timeoutMs,
			socketTimeout: timeoutMs * 3
		},
		{ from: options.from }
	);
	return {
		host: url.host,
		async send(mail) {
			try {
				const info = await transporter.sendMail({
					to: mail.to,
					subject: mail.subject,
					text: mail.text,
					messageId: mail.messageId,
					headers: { 'Auto-Submitted': 'auto-generated' }
				});
				return { kind: 'sent', response: info.response };
			} catch (error) {
				return judgeSmtpError(error);
			}
		},
		close() {
			transporter.close();
		}
	};
}
