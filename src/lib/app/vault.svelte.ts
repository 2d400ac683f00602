// The tablet's lock as the pages see it: no passphrase yet, locked or unlocked; the flows around
// it (first passphrase, unlock, recovery after a fresh sign-in, Face ID / fingerprint); auto-lock.
import { fetchDeviceSecret } from '$lib/api/device-key.ts';
import { maxWrongTries, recoveryFailed, Vault, type VaultRecord } from '$lib/crypto/vault.ts';
import {
	enrolPrfCredential,
	evaluatePrf,
	prfMayBeAvailable,
	type PrfEnvironment
} from '$lib/crypto/webauthn-prf.ts';
import { sealLegacyRows } from '$lib/local/legacy-rows.ts';
import {
	clearUserData,
	defaultAutoLockMinutes,
	getAutoLockMinutes,
	getDeviceId,
	setAutoLockMinutes,
	type CachedUser
} from '$lib/local/settings.ts';
import { requestPersistentStorage } from '$lib/local/storage-estimate.ts';
import { wipeSyncedCopies } from '$lib/local/synced-copies.ts';
import { dexieVaultRecords } from '$lib/local/vault-records.ts';
import { browserClock } from './browser-clock.ts';
import { IdleTimer } from './idle-timer.ts';
import { db } from './database.ts';

/** none: no passphrase on this tablet yet; reset: signed in afresh, choosing a new passphrase. */
export type VaultStatus = 'loading' | 'none' | 'locked' | 'reset' | 'unlocked';

const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

const offlineSetUp =
	'Connect to the internet to set your passphrase: Wardline asks the council server once for a recovery key, so this tablet can be opened again if the passphrase is forgotten.';

function prfEnvironment(): PrfEnvironment | null {
	if (typeof PublicKeyCredential === 'undefined' || !navigator.credentials) return null;
	return {
		credentials: navigator.credentials,
		publicKeyCredential: PublicKeyCredential as unknown as PrfEnvironment['publicKeyCredential'],
		rpId: location.hostname
	};
}

class VaultState {
	status = $state<VaultStatus>('loading');
	triesLeft = $state(maxWrongTries);
	/** Copies of sent referrals were removed after too many wrong passphrases. */
	wiped = $state(false);
	prfEnrolled = $state(false);
	prfAvailable = $state(false);
	autoLockMinutes = $state(defaultAutoLockMinutes);

	#vault: Vault | null = null;
	#resetSecret: Uint8Array<ArrayBuffer> | null = null;
	// Idle is per tab: a tab left alone locks itself without locking one in use.
	#idle = new IdleTimer(
		browserClock,
		defaultAutoLockMinutes * 60_000,
		() => void this.lock({ otherTabs: false })
	);
	#beforeLock = new Set<() => Promise<void> | void>();
	#loaded: Promise<void> | null = null;
	#tabs: BroadcastChannel | null = null;

	get vault(): Vault {
		this.#vault ??= new Vault({
			records: dexieVaultRecords(db()),
			sealer: db().sealer,
			wipeSyncedCopies: async () => void (await wipeSyncedCopies(db()))
		});
		return this.#vault;
	}

	/** Reads the stored state once per page; later calls wait for the first. */
	load(): Promise<void> {
		this.#loaded ??= this.#load();
		return this.#loaded;
	}

	async #load(): Promise<void> {
		this.vault.sealer.onChange((unlocked) => {
			if (unlocked) {
				this.status = 'unlocked';
				this.#idle.start();
			} else {
				this.#idle.stop();
				if (this.status === 'unlocked') this.status = 'locked';
			}
		});
		// Locking by hand or signing out in one tab locks the others too (each holds its own key).
		this.#tabs =
			typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('wardline-lock');
		this.#tabs?.addEventListener('message', (event: MessageEvent) => {
			if (event.data === 'lock') void this.lock({ otherTabs: false });
		});
		for (const type of activityEvents)
			window.addEventListener(type, () => this.#idle.touch(), { passive: true, capture: true });
		document.addEventListener('visibilitychange', () => this.#idle.check());
		await this.setAutoLock(await getAutoLockMinutes(), false);
		const record = await this.#refresh();
		if (this.status === 'loading')
			this.status = !record ? 'none' : this.vault.sealer.unlocked ? 'unlocked' : 'locked';
		this.prfAvailable = await prfMayBeAvailable(prfEnvironment());
	}

	/** First passphrase on this tablet, right after the first sign-in (needs the server once). */
	async setUp(user: CachedUser, passphrase: string): Promise<string | null> {
		const secret = await fetchDeviceSecret(fetch, await getDeviceId());
		if (!secret.ok) return secret.kind === 'offline' ? offlineSetUp : secret.message;
		const result = await this.vault.create({
			ownerUserId: user.id,
			passphrase,
			recoverySecret: secret.value
		});
		secret.value.fill(0);
		if (!result.ok) return result.reason;
		void requestPersistentStorage(navigator.storage);
		await this.#afterUnlock();
		return null;
	}

	async unlock(passphrase: string): Promise<string | null> {
		const result = await this.vault.unlockWithPassphrase(passphrase);
		if (result.ok) {
			await this.#afterUnlock();
			return null;
		}
		await this.#refresh();
		if (result.reason !== 'wrong') return 'This tablet has no passphrase yet. Sign in again.';
		if (result.wiped)
			return 'That passphrase is not right. After too many tries, copies of referrals already sent were removed from this tablet (they come back at the next sync). Unsent referrals are kept, locked. If you have forgotten your passphrase, sign in again to choose a new one.';
		return `That passphrase is not right. ${result.triesLeft} ${result.triesLeft === 1 ? 'try' : 'tries'} left before copies of sent referrals are removed from this tablet.`;
	}

	async unlockWithBiometrics(): Promise<string | null> {
		const env = prfEnvironment();
		const record = await this.vault.load();
		if (!env || !record?.prf) return 'Face ID or fingerprint is not set up on this tablet.';
		const output = await evaluatePrf(env, record.prf);
		if (!output.ok) return output.reason;
		const result = await this.vault.unlockWithPrf(output.value);
		output.value.fill(0);
		if (!result.ok) return 'Face ID or fingerprint did not unlock Wardline. Use your passphrase.';
		await this.#afterUnlock();
		return null;
	}

	/**
	 * After a sign-in: another user's leftover key is forgotten (their data is gone), and a locked
	 * tablet is opened with the server's recovery secret. `recover` (the "forgotten passphrase"
	 * way in) asks for a new passphrase before opening.
	 */
	async afterSignIn(user: CachedUser, options: { recover: boolean }): Promise<void> {
		await this.load();
		let record = await this.vault.load();
		if (record && record.ownerUserId !== user.id && (await clearUserData(db()))) {
			await this.vault.forget();
			record = null;
		}
		void requestPersistentStorage(navigator.storage);
		if (!record) {
			this.status = 'none';
			return;
		}
		if (this.vault.sealer.unlocked) return;
		const secret = await fetchDeviceSecret(fetch, await getDeviceId());
		if (!secret.ok) {
			this.status = 'locked';
			return;
		}
		if (options.recover || record.wipedAt !== null) {
			this.#resetSecret = secret.value;
			this.status = 'reset';
			return;
		}
		const result = await this.vault.unlockWithRecovery(secret.value);
		secret.value.fill(0);
		if (result.ok) await this.#afterUnlock();
		else this.status = 'locked';
	}

	async resetPassphrase(passphrase: string): Promise<string | null> {
		if (!this.#resetSecret) return 'Sign in again to choose a new passphrase.';
		const result = await this.vault.resetPassphrase(this.#resetSecret, passphrase);
		if (!result.ok) return result.reason === recoveryFailed ? recoveryFailed : result.reason;
		this.#resetSecret.fill(0);
		this.#resetSecret = null;
		await this.#afterUnlock();
		return null;
	}

	/** Back to the unlock screen from "choose a new passphrase" (remembered it after all). */
	cancelReset(): void {
		this.#resetSecret?.fill(0);
		this.#resetSecret = null;
		if (this.status === 'reset') this.status = 'locked';
	}

	async changePassphrase(current: string, next: string): Promise<string | null> {
		const result = await this.vault.changePassphrase(current, next);
		return result.ok ? null : result.reason;
	}

	async enrolBiometrics(user: CachedUser, passphrase: string): Promise<string | null> {
		const env = prfEnvironment();
		if (!env) return 'This tablet cannot unlock Wardline with Face ID or a fingerprint.';
		const enrolled = await enrolPrfCredential(env, {
			id: user.id,
			name: user.username,
			displayName: user.displayName
		});
		if (!enrolled.ok) return enrolled.reason;
		const result = await this.vault.enrolPrf(passphrase, enrolled.value);
		enrolled.value.output.fill(0);
		await this.#refresh();
		return result.ok ? null : result.reason;
	}

	async removeBiometrics(): Promise<void> {
		await this.vault.removePrf();
		await this.#refresh();
	}

	/** Pages (the capture form) keep what they hold before the key goes. */
	onBeforeLock(save: () => Promise<void> | void): () => void {
		this.#beforeLock.add(save);
		return () => this.#beforeLock.delete(save);
	}

	/** Locks this tab and, unless told not to, the app's other tabs. */
	async lock(options: { otherTabs?: boolean } = {}): Promise<void> {
		if (options.otherTabs !== false) this.#tabs?.postMessage('lock');
		if (!this.vault.sealer.unlocked) return;
		await Promise.allSettled([...this.#beforeLock].map((save) => save()));
		this.vault.lock();
	}

	async setAutoLock(minutes: number, store = true): Promise<void> {
		if (store) await setAutoLockMinutes(minutes);
		this.autoLockMinutes = minutes;
		this.#idle.setIdleMs(minutes * 60_000);
	}

	async #afterUnlock(): Promise<void> {
		// v1 rows in clear are sealed now that the key is here (WebCrypto cannot run in an upgrade).
		await sealLegacyRows(db()).catch((error: unknown) => console.error(error));
		await this.#refresh();
		this.status = 'unlocked';
	}

	async #refresh(): Promise<VaultRecord | null> {
		const record = await this.vault.load();
		this.triesLeft = record ? this.vault.triesLeft(record) : maxWrongTries;
		this.wiped = record?.wipedAt != null;
		this.prfEnrolled = record?.prf != null;
		return record;
	}
}

export const vaultState = new VaultState();
