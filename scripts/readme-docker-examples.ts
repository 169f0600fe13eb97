// The README's `dockscope layers` and `dockscope build` example outputs, made on a real Docker
// daemon (DOCKER_HOST) from the folders under examples/, with this checkout's dist/cli.js.
// Unlike the lint examples their figures move from run to run (durations, image IDs), so the
// check compares them with those masked (`sameShape`); everything else must match.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ensureBusyboxImage } from '../test/helpers/docker';

const REPO = join(__dirname, '..');
const CLI = join(REPO, 'dist', 'cli.js');
const LAYERS_TAG = 'dockscope-example/layers:1';
const BUILD_TAG = 'dockscope-example/build:1';

/** The CLI's record of earlier builds (what "why these steps ran" compares with), private to this run. */
let buildStore: string | undefined;

function cli(cwd: string, args: string[]): string {
  buildStore ??= mkdtempSync(join(tmpdir(), 'dockscope-readme-builds-'));
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: buildStore } });
  if (result.status !== 0) throw new Error(`dockscope ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
  return result.stdout.trimEnd();
}

/** A copy of an example folder, so editing a file for the rebuild never touches the checkout. */
function scratchCopy(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dockscope-readme-${example}-`));
  cpSync(join(REPO, 'examples', example), dir, { recursive: true });
  return dir;
}

/** `date` as the shell prints it in the C locale: the same length every time, new content every run. */
function dateLine(): string {
  const result = spawnSync('date', [], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } });
  return result.stdout;
}

/** Long IDs shortened the way a reader skims them. */
function abridge(json: string): string {
  return json.replace(/"(sha256:[0-9a-f]{4})[0-9a-f]{60}"/g, '"$1…"');
}

/** The first element of each listed array, then "…": enough to show the shape of a large object. */
function firstOfEach(record: Record<string, unknown>, arrays: string[], indent: string): string {
  const head = Object.fromEntries(Object.entries(record).filter(([key]) => !arrays.includes(key)));
  const lines = [abridge(JSON.stringify(head)).replace(/}$/, ',')];
  arrays.forEach((key, i) => {
    const list = record[key] as unknown[];
    const more = list.length > 1 ? ', …' : '';
    lines.push(`${indent}"${key}":[${abridge(JSON.stringify(list[0]))}${more}]${i === arrays.length - 1 ? '}' : ','}`);
  });
  return lines.join('\n');
}

async function layersExample(args: string[]): Promise<string> {
  cli(REPO, ['build', 'examples/layers-showcase', '-t', LAYERS_TAG, '--network', 'none']);
  const output = cli(REPO, ['layers', LAYERS_TAG, ...args]);
  return `$ dockscope build examples/layers-showcase -t ${LAYERS_TAG} --network none\n$ dockscope layers ${LAYERS_TAG} ${args.join(' ')}\n${output}`;
}

async function layersJsonExample(): Promise<string> {
  cli(REPO, ['build', 'examples/layers-showcase', '-t', LAYERS_TAG, '--network', 'none']);
  const record = JSON.parse(cli(REPO, ['layers', LAYERS_TAG, '--files', '--json'])) as Record<string, unknown>;
  return `$ dockscope layers ${LAYERS_TAG} --files --json\n${firstOfEach(record, ['layers', 'wasted'], ' ')}`;
}

/** Builds once, changes a.txt, builds again: the second build's rows show what the cache kept. */
async function rebuildExample(json: boolean): Promise<string> {
  const dir = scratchCopy('build-showcase');
  try {
    const build = ['build', '.', '-t', BUILD_TAG, '--network', 'none'];
    cli(dir, build);
    writeFileSync(join(dir, 'a.txt'), dateLine());
    const output = cli(dir, json ? [...build, '--json'] : build);
    // The JSON block follows the text one in the README: only its own command is new.
    if (json) return `$ dockscope ${[...build, '--json'].join(' ')}\n${firstOfEach(JSON.parse(output) as Record<string, unknown>, ['steps'], ' ')}`;
    const shown = ['$ cp -r examples/build-showcase /tmp/build-showcase && cd /tmp/build-showcase', `$ dockscope ${build.join(' ')}`, '$ date > a.txt', `$ dockscope ${build.join(' ')}`];
    return `${shown.join('\n')}\n${output}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each generated block's name → how to make it on the daemon. */
export const DOCKER_EXAMPLES: Record<string, () => Promise<string>> = {
  layers: () => layersExample(['--files', '--ci', '--highest-wasted-bytes', '20MB']),
  'layers-json': layersJsonExample,
  build: () => rebuildExample(false),
  'build-json': () => rebuildExample(true),
};

/** Makes sure the examples' base image exists (it is made FROM scratch with busybox-static). */
export async function prepareDaemon(): Promise<void> {
  await ensureBusyboxImage(new Docker());
}

/**
 * Whether two outputs differ only in what changes from run to run: durations, IDs and digests,
 * the date written for the rebuild, the order of rows, and the column widths those move.
 */
export function sameShape(a: string, b: string): boolean {
  return shape(a) === shape(b);
}

function shape(text: string): string {
  return text.split('\n')
    .map((line) => line
      .replace(/^(longest:).*$/, '$1 …')
      // BuildKit merges identical FROMs into one step, named after either stage.
      .replace(/^\S+\s+FROM\s+\d+\s/, 'FROM ')
      .replace(/"(wallMs|accumulatedMs|startedMs|durationMs)":\d+/g, '"$1":N')
      .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, 'T')
      .replace(/sha256:[0-9a-f]{4,64}…?/g, 'ID')
      .replace(/(?<!file:)\b[0-9a-f]{12}\b/g, (hex) => (/[a-f]/.test(hex) && /\d/.test(hex) ? 'ID' : hex))
      .replace(/\s+/g, ' ')
      .trim())
    .sort()
    .join('\n');
}
