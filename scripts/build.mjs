// The one build: esbuild bundles the extension client, the language server, the CLI and the
// webview scripts. Type-checking is `npm run typecheck` (esbuild strips types without checking).
//   node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The .vsix is packed from dist/: a production build starts empty so no development leftovers
// (source maps, renamed bundles) ship.
if (production) rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  define: { DOCKSCOPE_VERSION: JSON.stringify(version) },
};

const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ssh2 (dockerode's ssh:// support) optionally requires native modules; they stay optional.
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
};

export const targets = [
  { ...node, entryPoints: { client: 'client/extension.ts' }, outdir: 'dist', external: [...node.external, 'vscode'] },
  { ...node, entryPoints: { server: 'server/server.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // `dockscope layers|build`: dockerode and the image/build code, required only when they run.
  { ...node, entryPoints: { 'cli-docker': 'cli/docker/index.ts' }, outdir: 'dist' },
  // `dockscope lint` worker threads: the engine alone, so each worker starts fast.
  { ...node, entryPoints: { 'lint-worker': 'cli/lintWorker.ts' }, outdir: 'dist' },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { timings: 'client/webviews/timings/main.ts' }, outdir: 'dist/webviews' },
];

if (watch) {
  for (const options of targets) (await esbuild.context(options)).watch();
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}
