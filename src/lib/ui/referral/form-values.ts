// The capture form's raw values: strings as typed, so a half-filled draft can be kept as it is.

export interface FormValues {
	onBehalfOf: string;
	wardId: string;
	categoryId: string;
	channel: string;
	urgency: string;
	description: string;
	locationAddress: string;
	locationPostcode: string;
	/** The pin ("Use my location"), '' when none. */
	locationLat: string;
	locationLng: string;
	residentName: string;
	residentAddress: string;
	residentPhone: string;
	residentEmail: string;
	preferredContact: string;
	consentToShare: boolean;
	shareWith: string;
	/** Outside bodies from the admins' list; absent in drafts kept before the list existed. */
	shareWithBodyIds?: string[];
}

export function emptyForm(defaults: { wardId?: string | null; channel?: string } = {}): FormValues {
	return {
		onBehalfOf: '',
		wardId: defaults.wardId ?? '',
		categoryId: '',
		channel: defaults.channel ?? 'surgery',
		urgency: 'routine',
		description: '',
		locationAddress: '',
		locationPostcode: '',
		locationLat: '',
		locationLng: '',
		residentName: '',
		residentAddress: '',
		residentPhone: '',
		residentEmail: '',
		preferredContact: '',
		consentToShare: false,
		shareWith: '',
		shareWithBodyIds: []
	};
}

/** Whether anything was typed that would be lost (defaults alone do not count). */
export function hasContent(values: FormValues): boolean {
	return [
		values.description,
		values.locationAddress,
		values.locationPostcode,
		values.residentName,
		values.residentAddress,
		values.residentPhone,
		values.residentEmail,
		values.categoryId
	].some((v) => v.trim() !== '');
}
