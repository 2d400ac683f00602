// Dates as a councillor reads them: "5 minutes ago", "Mon 23 Nov, 14:05".

export function describeSince(then: Date, now: number): string {
	const seconds = Math.max(0, Math.round((now - then.getTime()) / 1000));
	if (seconds < 45) return 'just now';
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
	const hours = Math.round(minutes / 60);
	if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
	return formatDateTime(then);
}

// One shared formatter: toLocaleString builds a new one per call (a fifth of a long list's redraw).
const dateTime = new Intl.DateTimeFormat('en-GB', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	hour: '2-digit',
	minute: '2-digit'
});

export function formatDateTime(date: Date): string {
	return dateTime.format(date);
}
