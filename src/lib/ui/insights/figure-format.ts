// How Insights writes its figures: whole percentages, days, ratings and dates in en-GB.
export const percent = (share: number | null) =>
	share === null ? '–' : `${Math.round(share * 100)}%`;

export const days = (value: number | null) => (value === null ? '–' : String(value));

export const rating = (average: number | null, count: number) =>
	average === null ? '–' : `${average.toFixed(1)} (${count})`;

const dayFormat = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});
const monthFormat = new Intl.DateTimeFormat('en-GB', {
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

/** "2 Mar 2026" from "2026-03-02". */
export const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
/** "Mar 2026" from "2026-03-01". */
export const formatMonth = (day: string) => monthFormat.format(new Date(`${day}T00:00:00Z`));
