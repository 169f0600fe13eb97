// Compiles the extension-host suites 1:1 into out/e2e/suite (mocha and vscode stay external:
// the suites run from this repository, where node_modules has mocha).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const dir = new URL('./suite/', import.meta.url);
await esbuild.build({
  entryPoints: readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `test/e2e/suite/${f}`),
  outdir: 'out/e2e/suite',
  bundle: false,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
