// Fixes whose text is expensive to build (e.g. a whole .dockerignore) are built when something
// reads them (a code action, fix-all, a report), not on every lint: the server lints on every
// keystroke and most findings are never fixed.
import type { Fix } from '../rule';

type LazyPart = 'edits' | 'createFiles';

/** `fix` with `part` computed on first read (once; later reads return the same value). */
export function lazyFix<K extends LazyPart>(fix: Omit<Fix, K>, part: K, compute: () => NonNullable<Fix[K]>): Fix {
  let value: NonNullable<Fix[K]> | undefined;
  Object.defineProperty(fix, part, {
    enumerable: true,
    configurable: true,
    get: () => (value ??= compute()),
  });
  return fix as Fix;
}
