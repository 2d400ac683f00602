// Who is signed in on this tablet. The last known user is cached so the app opens offline;
// the server is asked again whenever it can be reached.
import { login as apiLogin, logout as apiLogout, me as apiMe } from '$lib/api/client.ts';
import {
	clearUserData,
	getCachedUser,
	getSignedOut,
	setCachedUser,
	setSignedOut,
	type CachedUser
} from '$lib/local/settings.ts';
import { db } from './database.ts';
import { vaultState } from './vault.svelte.ts';

class Session {
	user = $state<CachedUser | null>(null);
	/** True once the cached user has been read, so pages know whether to send to sign-in. */
	ready = $state(false);

	async load(): Promise<void> {
		this.user = (await getSignedOut()) ? null : await getCachedUser();
		this.ready = true;
		if (this.user) void this.refresh();
	}

	/**
	 * Ask the server who we are. An unreachable server or an ended session keeps the cached
	 * user, so work goes on offline; the sync bar asks them to sign in again when it must.
	 */
	async refresh(): Promise<void> {
		const answer = await apiMe();
		if (!answer.ok) return;
		this.user = answer.value;
		await setCachedUser(answer.value);
	}

	async signIn(
		username: string,
		password: string
	): Promise<{ ok: true } | { ok: false; message: string }> {
		const previous = await getCachedUser();
		const answer = await apiLogin(username, password);
		if (!answer.ok) return { ok: false, message: answer.message };
		if (previous && previous.id !== answer.value.id && !(await clearUserData(db()))) {
			// Another person's unsent work is on this tablet: never send it under this account.
			await apiLogout();
			return {
				ok: false,
				message: `This tablet holds referrals from ${previous.displayName} that have not been sent yet. Sign in as ${previous.displayName} first so they reach the council.`
			};
		}
		this.user = answer.value;
		await setCachedUser(answer.value);
		await setSignedOut(false);
		return { ok: true };
	}

	/**
	 * Sign out and wipe this user's referrals from the tablet, unless some are still unsent:
	 * then they stay (encrypted) until the same user signs in again and they are sent.
	 */
	async signOut(): Promise<void> {
		await vaultState.lock();
		await apiLogout();
		this.user = null;
		await setSignedOut(true);
		await clearUserData(db());
	}
}

export const session = new Session();
