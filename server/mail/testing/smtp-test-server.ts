// A real SMTP server for the tests (the smtp-server package, nodemailer's own server side) that
// keeps every message it accepts, can refuse chosen recipients, be slow, and be stopped and
// started again on the same port. Test kit only: never imported by product code.
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
	messageId: string;
	to: string[];
	subject: string;
	text: string;
	raw: string;
}

/** Quoted-printable (soft breaks, =XX bytes) to text. */
function decodeQuotedPrintable(text: string): string {
	const bytes: number[] = [];
	const source = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < source.length; i++) {
		if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
			bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(source[i], 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words in a header (=?UTF-8?Q?...?= and =?UTF-8?B?...?=). */
function decodeHeader(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
			kind.toLowerCase() === 'b'
				? Buffer.from(data, 'base64').toString('utf8')
				: decodeQuotedPrintable(data.replace(/_/g, ' '))
		);
}

export function parseMessage(raw: string, to: string[]): ReceivedMail {
	const split = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
	const headers = new Map<string, string>();
	for (const line of head.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
	}
	const body = raw.slice(split + 4);
	const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
	const text =
		encoding === 'quoted-printable'
			? decodeQuotedPrintable(body)
			: encoding === 'base64'
				? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
				: body;
	return {
		messageId: headers.get('message-id') ?? '',
		to,
		subject: decodeHeader(headers.get('subject') ?? ''),
		text: text.replace(/\r\n/g, '\n'),
		raw
	};
}

export interface TestSmtpServerOptions {
	/** Milliseconds to wait after a message's data before accepting it (widens the crash window). */
	acceptDelayMs?: () => number;
}

export class TestSmtpServer {
	readonly received: ReceivedMail[] = [];
	/** Recipients answered "550 no such user" at RCPT TO. */
	readonly refuse = new Set<string>();
	port = 0;
	#server: SMTPServer | null = null;
	readonly #options: TestSmtpServerOptions;

	constructor(options: TestSmtpServerOptions = {}) {
		this.#options = options;
	}

	get url(): string {
		return `smtp://127.0.0.1:${this.port}`;
	}

	async start(): Promise<void> {
		const options: SMTPServerOptions = {
			disabledCommands: ['AUTH', 'STARTTLS'],
			authOptional: true,
			logger: false,
			closeTimeout: 100,
			onRcptTo: (address, _session, callback) => {
				if (this.refuse.has(address.address.toLowerCase())) {
					const error = Object.assign(new Error(`No such user here: ${address.address}`), {
						responseCode: 550
					});
					callback(error);
					return;
				}
				callback();
			},
			onData: (stream, session, callback) => {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', () => {
					const to = session.envelope.rcptTo.map((r) => r.address);
					// Accepted from here on: a real relay has queued it once it has all of it.
					this.received.push(parseMessage(Buffer.concat(chunks).toString('utf8'), to));
					const delay = this.#options.acceptDelayMs?.() ?? 0;
					if (delay > 0) setTimeout(() => callback(), delay);
					else callback();
				});
			}
		};
		const server = new SMTPServer(options);
		server.on('error', () => undefined);
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, '127.0.0.1', () => resolve());
		});
		const address = server.server.address();
		if (address && typeof address === 'object') this.port = address.port;
		this.#server = server;
	}

	/** Stops listening and drops open connections; `start()` listens again on the same port. */
	async stop(): Promise<void> {
		const server = this.#server;
		this.#server = null;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Resolves once `count` messages have arrived (or throws after `timeoutMs`). */
	async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.received.length < count) {
			if (Date.now() > deadline)
				throw new Error(`Only ${this.received.length} of ${count} e-mails arrived`);
			await new Promise((r) => setTimeout(r, 20));
		}
		return this.received;
	}
}
