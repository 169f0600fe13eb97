/** Injected by esbuild (scripts/build.mjs) from package.json's version. */
declare const DOCKSCOPE_VERSION: string | undefined;

/** Dockscope's version; falls back to a marker when run from sources (tests under tsx). */
export const VERSION: string = typeof DOCKSCOPE_VERSION === 'string' ? DOCKSCOPE_VERSION : '0.0.0-dev';
