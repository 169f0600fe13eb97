// The README's example outputs, regenerated from files in the repository: each block between
// `<!-- generated: NAME -->` and `<!-- /generated -->` is what the command NAME stands for printed
// on this checkout's dist/ (run `npm run build` first).
//   npx tsx scripts/readme-examples.ts                    exit 1 and name the stale blocks
//   npx tsx scripts/readme-examples.ts --write            rewrite them
//   npx tsx scripts/readme-examples.ts --docker [--write] also the layers/build blocks, made on the
//                                                         daemon at DOCKER_HOST (scripts/readme-docker-examples.ts)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOCKER_EXAMPLES, prepareDaemon, sameShape } from './readme-docker-examples';

const REPO = resolve(__dirname, '..');
const README = join(REPO, 'README.md');

interface Example {
  /** What the reader types, shown as the block's first line. */
  shown: string;
  folder: string;
  args: string[];
}

/** Commands that need no Docker daemon, so a unit test can check them on any machine. */
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

const BLOCK = /(<!-- generated: ([\w-]+) -->\n```(\w*)\n)([\s\S]*?)(\n```\n<!-- \/generated -->)/g;

function unknown(name: string): Error {
  return new Error(`README.md: no generator for "${name}" (known: ${[...Object.keys(EXAMPLES), ...Object.keys(DOCKER_EXAMPLES)].join(', ')})`);
}

/**
 * The README with every generated block that needs no daemon brought up to date, and the names
 * of those that changed; the Docker blocks are left as they are.
 */
export function regenerate(text: string): { text: string; stale: string[] } {
  const stale: string[] = [];
  const updated = text.replace(BLOCK, (whole, open: string, name: string, _lang: string, body: string, close: string) => {
    if (DOCKER_EXAMPLES[name]) return whole;
    const example = EXAMPLES[name];
    if (!example) throw unknown(name);
    const fresh = output(example);
    if (fresh !== body) stale.push(name);
    return `${open}${fresh}${close}`;
  });
  return { text: updated, stale };
}

/**
 * The Docker blocks made afresh on the daemon at DOCKER_HOST. A block is stale when it differs
 * beyond what moves from run to run (durations, IDs); a current one is kept as it is, so the
 * README does not churn.
 */
export async function regenerateDocker(text: string): Promise<{ text: string; stale: string[] }> {
  await prepareDaemon();
  const fresh = new Map<string, string>();
  for (const [, , name] of text.matchAll(BLOCK)) {
    if (!EXAMPLES[name] && !DOCKER_EXAMPLES[name]) throw unknown(name);
    if (DOCKER_EXAMPLES[name] && !fresh.has(name)) fresh.set(name, await DOCKER_EXAMPLES[name]());
  }
  const stale: string[] = [];
  const updated = text.replace(BLOCK, (whole, open: string, name: string, _lang: string, body: string, close: string) => {
    const output = fresh.get(name);
    if (output === undefined || sameShape(output, body)) return whole;
    stale.push(name);
    return `${open}${output}${close}`;
  });
  return { text: updated, stale };
}

async function main(): Promise<void> {
  let { text, stale } = regenerate(readFileSync(README, 'utf8'));
  if (process.argv.includes('--docker')) {
    const docker = await regenerateDocker(text);
    text = docker.text;
    stale = [...stale, ...docker.stale];
  }
  if (process.argv.includes('--write')) {
    writeFileSync(README, text);
    console.log(stale.length ? `README.md: regenerated ${stale.join(', ')}` : 'README.md: examples already current');
  } else if (stale.length) {
    console.error(`README.md: stale examples: ${stale.join(', ')} (run npx tsx scripts/readme-examples.ts --write)`);
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`readme-examples: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}
