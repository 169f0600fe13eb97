// A bound on any promise the daemon may never settle (a restarting daemon, a dead ssh tunnel), so
// no spinner spins forever and no command hangs.

/** Rejects with `onTimeout()` when `work` has not settled after `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(onTimeout()), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
