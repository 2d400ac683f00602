// The council's geography on this tablet: loaded from its own IndexedDB at once, refreshed from
// the server when a version changed. Imported dynamically (after the first screen): the page
// that needs it first waits for `start`, which is safe to call again.
import { WardLocator, type BoundaryRow } from '$lib/domain/geography.ts';
import {
	findPostcode,
	GeographyDb,
	loadBoundaries,
	saveBoundaries,
	savePostcodes,
	saveTileUrl,
	storedVersions,
	type StoredPostcode
} from '$lib/local/geography.ts';

class Geography {
	/** Boundaries (simplified), in-use wards first; empty until loaded or when none imported. */
	boundaries = $state.raw<BoundaryRow[]>([]);
	tileUrl = $state<string | null>(null);
	hasPostcodes = $state(false);
	loaded = $state(false);
	#db: GeographyDb | null = null;
	#locator: WardLocator | null = null;
	#started: Promise<void> | null = null;
	#copy: Promise<void> | null = null;

	#database(): GeographyDb {
		this.#db ??= new GeographyDb();
		return this.#db;
	}

	/** Reads the tablet's copy, then asks the server for anything newer (offline: keeps the copy). */
	start(): Promise<void> {
		this.#started ??= this.ready().then(() => this.refresh());
		return this.#started;
	}

	/** Waits for the tablet's copy only, not for the network. */
	ready(): Promise<void> {
		this.#copy ??= this.#readCopy().then(() => {
			this.loaded = true;
		});
		return this.#copy;
	}

	async #readCopy(): Promise<void> {
		const db = this.#database();
		const meta = await storedVersions(db);
		this.#setBoundaries(await loadBoundaries(db));
		this.tileUrl = meta.tileUrl;
		this.hasPostcodes = meta.postcodesVersion !== null;
	}

	#setBoundaries(rows: BoundaryRow[]): void {
		this.boundaries = [...rows].sort(
			(a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name)
		);
		this.#locator = null;
	}

	/** Never throws: a failure (no signal, a full tablet) keeps the copy there is. */
	async refresh(): Promise<void> {
		try {
			await this.#download();
		} catch (error) {
			console.warn('The council’s geography could not be updated on this tablet', error);
		}
	}

	async #download(): Promise<void> {
		const api = await import('$lib/api/geography.ts');
		const summary = await api.fetchGeographySummary();
		if (!summary.ok) return;
		const db = this.#database();
		const have = await storedVersions(db);
		if (summary.value.tileUrl !== have.tileUrl) {
			await saveTileUrl(db, summary.value.tileUrl);
			this.tileUrl = summary.value.tileUrl;
		}
		if (summary.value.boundariesVersion !== have.boundariesVersion) {
			const answer = await api.fetchBoundaries();
			if (answer.ok) {
				await saveBoundaries(db, answer.value.version, answer.value.wards);
				this.#setBoundaries(answer.value.wards);
			}
		}
		if (summary.value.postcodesVersion !== have.postcodesVersion) {
			const answer = await api.fetchPostcodes();
			if (answer.ok) {
				await savePostcodes(db, answer.value.version, answer.value.postcodes);
				this.hasPostcodes = answer.value.version !== null;
			}
		}
	}

	async postcode(typed: string): Promise<StoredPostcode | undefined> {
		await this.ready();
		return findPostcode(this.#database(), typed);
	}

	async wardAt(lat: number, lng: number): Promise<string | null> {
		await this.ready();
		this.#locator ??= new WardLocator(this.boundaries);
		return this.#locator.wardAt({ lat, lng });
	}
}

export const geography = new Geography();
