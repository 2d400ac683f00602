// Retired wards, categories and Business Units are kept for history but no longer offered for
// new referrals: what a picker offers, and how a retired one is named wherever it still shows.

export interface DirectoryItem {
	id: string;
	name: string;
	/** false: retired. Absent counts as in use. */
	active?: boolean;
}

/**
 * The items in use, and the one already chosen even if it is retired since: a form never
 * changes a value behind the user's back (a draft, or a saved value being edited).
 */
export function offered<T extends DirectoryItem>(
	items: readonly T[] | undefined,
	chosen?: string | null
): T[] {
	return (items ?? []).filter((item) => item.active !== false || item.id === chosen);
}

/** "Belah (retired)" for a retired item, its name otherwise. */
export function shownName(item: DirectoryItem): string {
	return item.active === false ? `${item.name} (retired)` : item.name;
}

interface Directory {
	wards: readonly DirectoryItem[];
	categories: readonly DirectoryItem[];
}

/**
 * For a new referral whose draft holds a ward or category retired since: the form shows it, and
 * asks for another before saving. (The server would take it, from a tablet that did not know.)
 */
export function retiredChoiceErrors(
	reference: Directory | null,
	chosen: { wardId: string; categoryId: string }
): Record<string, string> {
	const errors: Record<string, string> = {};
	const retired = (items: readonly DirectoryItem[] | undefined, id: string) =>
		items?.find((item) => item.id === id)?.active === false;
	if (retired(reference?.wards, chosen.wardId))
		errors.wardId = 'That ward is retired. Choose the ward the problem is in now';
	if (retired(reference?.categories, chosen.categoryId))
		errors.categoryId = 'That kind of problem is no longer used. Choose another';
	return errors;
}
