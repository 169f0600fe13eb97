// The README's example outputs, regenerated from files in the repository: each block between
// `<!-- generated: NAME -->` and `<!-- /generated -->` is what the command NAME stands for printed
// on this checkout's dist/ (run `npm run build` first).
//   npx tsx scripts/readme-examples.ts           exit 1 and name the stale blocks
//   npx tsx scripts/readme-examples.ts --write   rewrite them
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..');
const README = join(REPO, 'README.md');

interface Example {
  /** What the reader types, shown as the block's first line. */
  shown: string;
  folder: string;
  args: string[];
}

/** Only commands that need no Docker daemon, so a unit test can check them on any machine. */
const EXAMPLES: Record<string, Example> = {
  lint: { shown: '$ cd examples/lint-showcase && dockscope lint', folder: 'examples/lint-showcase', args: ['lint'] },
  'lint-json': { shown: '$ cd examples/lint-showcase && dockscope lint --format json', folder: 'examples/lint-showcase', args: ['lint', '--format', 'json'] },
};

function output(example: Example): string {
  const result = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), ...example.args], {
    cwd: join(REPO, example.folder), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status === null || result.status > 1) throw new Error(`${example.shown} failed (${result.status}): ${result.stderr}`);
  return `${example.shown}\n${result.stdout.trimEnd()}`;
}

/** The README with every generated block brought up to date, and the names of those that changed. */
export function regenerate(text: string): { text: string; stale: string[] } {
  const stale: string[] = [];
  const updated = text.replace(/(<!-- generated: ([\w-]+) -->\n```(\w*)\n)([\s\S]*?)(\n```\n<!-- \/generated -->)/g, (whole, open: string, name: string, _lang: string, body: string, close: string) => {
    const example = EXAMPLES[name];
    if (!example) throw new Error(`README.md: no generator for "${name}" (known: ${Object.keys(EXAMPLES).join(', ')})`);
    const fresh = output(example);
    if (fresh !== body) stale.push(name);
    return `${open}${fresh}${close}`;
  });
  return { text: updated, stale };
}

if (require.main === module) {
  const { text, stale } = regenerate(readFileSync(README, 'utf8'));
  if (process.argv.includes('--write')) {
    writeFileSync(README, text);
    console.log(stale.length ? `README.md: regenerated ${stale.join(', ')}` : 'README.md: examples already current');
  } else if (stale.length) {
    console.error(`README.md: stale examples: ${stale.join(', ')} (run npx tsx scripts/readme-examples.ts --write)`);
    process.exit(1);
  }
}
