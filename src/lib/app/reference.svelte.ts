// Wards, categories, Business Units and outside bodies: cached on the tablet so the form works with no signal.
// Loaded after the first screen (see load): their schemas are the referral's, which is large.
import type { ReferenceData } from '$lib/domain/sync-protocol.ts';
import { db } from './database.ts';

class Reference {
	data = $state<ReferenceData | null>(null);

	async load(): Promise<void> {
		const [{ loadReferenceData, saveReferenceData }, { fetchReference }] = await Promise.all([
			import('$lib/local/reference-cache.ts'),
			import('$lib/api/reference.ts')
		]);
		this.data = (await loadReferenceData(db())) ?? this.data;
		const fresh = await fetchReference();
		if (fresh.ok) {
			this.data = fresh.value;
			await saveReferenceData(db(), fresh.value);
		}
	}

	wardName(id: string): string {
		return this.data?.wards.find((w) => w.id === id)?.name ?? 'Unknown ward';
	}

	categoryName(id: string): string {
		return this.data?.categories.find((c) => c.id === id)?.name ?? 'Unknown category';
	}

	outsideBodyName(id: string): string {
		return this.data?.outsideBodies?.find((b) => b.id === id)?.name ?? 'An outside body';
	}

	unitName(id: string | null): string {
		if (!id) return 'Not yet routed';
		return this.data?.units.find((u) => u.id === id)?.name ?? 'Unknown team';
	}
}

export const reference = new Reference();
