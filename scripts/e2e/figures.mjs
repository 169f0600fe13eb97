// Figures read back from what the workbench wrote: the extension logs its own activation time
// (`Dockscope activated in N ms`) to its LogOutputChannel, which code-server keeps as a file
// under the profile's logs folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function* files(dir) {
  let names;
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.log')) yield path;
  }
}

/** The last activation time the Dockscope output channel logged, in ms, or undefined. */
export function findActivationTime(logsDir) {
  let found;
  for (const path of files(logsDir)) {
    for (const match of readFileSync(path, 'utf8').matchAll(/Dockscope activated in (\d+) ms/g)) found = Number(match[1]);
  }
  return found;
}
