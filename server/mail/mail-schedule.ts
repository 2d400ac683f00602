// When the scheduled e-mails are made, on the council's clock (Europe/London): daily digests at
// 7am, officers' overdue lists at 7am on working days, support officers' lists on Mondays at
// 7am; a run missed while the server was down is made when it comes back, the same day or week.
// The clock is handed in, so tests move time by hand.
import { isWorkingDay } from '#domain/working-days';
import {
	checkCrmDown,
	makeDailyDigests,
	makeOverdueDigests,
	makeSupportWeekly,
	runOnce,
	type JobDeps
} from './mail-digests.ts';

export const councilTimeZone = 'Europe/London';
export const digestHour = 7;

const parts = new Intl.DateTimeFormat('en-GB', {
	timeZone: councilTimeZone,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
	weekday: 'short'
});
const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The council's local date (YYYY-MM-DD), hour and weekday (1 = Monday) at `now`. */
export function councilTime(now: Date): { date: string; hour: number; weekday: number } {
	const p = Object.fromEntries(parts.formatToParts(now).map((x) => [x.type, x.value]));
	return {
		date: `${p.year}-${p.month}-${p.day}`,
		hour: Number(p.hour),
		weekday: weekdays.indexOf(p.weekday) + 1
	};
}

function minusDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - days);
	return d.toISOString().slice(0, 10);
}

export interface Slot {
	job: string;
	/** The period the run is for: a date, or the Monday of a week. */
	period: string;
}

/** The runs that are due at `now` (each may have been made already: runOnce decides). */
export function dueSlots(now: Date): Slot[] {
	const local = councilTime(now);
	const slots: Slot[] = [];
	const pastSeven = local.hour >= digestHour;
	if (pastSeven) slots.push({ job: 'daily-digest', period: local.date });
	if (pastSeven && isWorkingDay(new Date(`${local.date}T00:00:00Z`)))
		slots.push({ job: 'overdue-digest', period: local.date });
	// The week's list is due from Monday 7am until the week ends, so a down Monday is caught up.
	if (local.weekday > 1 || pastSeven)
		slots.push({ job: 'support-weekly', period: minusDays(local.date, local.weekday - 1) });
	return slots;
}

export interface MailSchedulerOptions {
	deps: JobDeps;
	/** A CRM is configured (its outage alert applies). */
	crmEnabled: boolean;
	/** Hours the CRM may be unreachable before admins are told. */
	crmAlertHours: number;
	log?: (message: string) => void;
}

const makers: Record<string, (deps: JobDeps, period: string) => number> = {
	'daily-digest': makeDailyDigests,
	'overdue-digest': makeOverdueDigests,
	'support-weekly': makeSupportWeekly
};

export class MailScheduler {
	readonly #options: MailSchedulerOptions;
	#timer: ReturnType<typeof setInterval> | undefined;

	constructor(options: MailSchedulerOptions) {
		this.#options = options;
	}

	/** Makes whatever is due now; returns how many e-mails were queued. */
	tick(): number {
		const { deps, crmEnabled, crmAlertHours } = this.#options;
		if (!deps.mail.enabled) return 0;
		let queued = 0;
		for (const slot of dueSlots(deps.clock()))
			queued += runOnce(deps, slot.job, slot.period, () => makers[slot.job](deps, slot.period));
		queued += checkCrmDown(deps, crmEnabled, crmAlertHours);
		return queued;
	}

	/** Now, then every `everyMs` (a minute is plenty: the slots are hours apart). */
	start(everyMs = 60_000): void {
		const run = () => {
			try {
				const queued = this.tick();
				if (queued > 0) this.#options.log?.(`Scheduled e-mails: ${queued} queued`);
			} catch (error) {
				this.#options.log?.(`Scheduled e-mails failed: ${String(error)}`);
			}
		};
		run();
		this.#timer = setInterval(run, everyMs);
		this.#timer.unref();
	}

	stop(): void {
		clearInterval(this.#timer);
	}
}
