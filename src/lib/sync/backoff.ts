// Full-jitter exponential backoff (AWS's "Exponential Backoff And Jitter"): spreads the retries
// of many tablets coming back online at once instead of having them hit the server together.

export const maxBackoffMs = 300_000;
export const baseBackoffMs = 1000;

/** Delay before retry number `attempt` (0-based): uniform in [0, min(5 min, 1 s * 2^attempt)). */
export function backoffDelay(attempt: number, random: () => number): number {
	return random() * Math.min(maxBackoffMs, baseBackoffMs * 2 ** attempt);
}
