// E-mails to every admin who wants that kind: the CRM unreachable too long, a backup failed.
// notifyAdmins is the hook other parts of the server (the backups) call when something is wrong.
import type { MailKind } from '#domain/mail';
import type { Sqlite } from '../db/open.ts';
import { backupFailedMail, type Composed } from './mail-compose.ts';
import { enqueueMail, type MailDeps, type MailKindCode } from './mail-outbox.ts';
import { recipientsOf } from './mail-preferences.ts';

export type AdminAlertKind = Extract<MailKind, 'crmDown' | 'backupFailed'>;

const codes: Record<AdminAlertKind, MailKindCode> = {
	crmDown: 'crm_down',
	backupFailed: 'backup_failed'
};

/**
 * Queues `composed` for every active admin with an address who has not turned `kind` off, in one
 * transaction. With `dedupeKey`, each admin gets it at most once (e.g. once per outage). Returns
 * how many e-mails were queued; 0 when e-mail is not set up.
 */
export function notifyAdmins(
	deps: MailDeps & { sqlite: Sqlite },
	kind: AdminAlertKind,
	composed: Composed,
	options: { dedupeKey?: string } = {}
): number {
	if (!deps.mail.enabled) return 0;
	return deps.sqlite.transaction(() => {
		let queued = 0;
		for (const admin of recipientsOf(deps.db, kind)) {
			const id = enqueueMail(deps, {
				kind: codes[kind],
				to: admin.email,
				userId: admin.id,
				dedupeKey: options.dedupeKey ? `${options.dedupeKey}:${admin.id}` : null,
				...composed
			});
			if (id !== null) queued++;
		}
		return queued;
	})();
}

/** For the backup job: a failed backup, said to the admins (once per `key` when given). */
export function notifyBackupFailed(
	deps: MailDeps & { sqlite: Sqlite },
	failure: { reason: string; key?: string }
): number {
	const at = deps.clock().toISOString();
	return notifyAdmins(
		deps,
		'backupFailed',
		backupFailedMail(deps.mail.publicUrl, at, failure.reason),
		{
			dedupeKey: failure.key ? `backup_failed:${failure.key}` : undefined
		}
	);
}
