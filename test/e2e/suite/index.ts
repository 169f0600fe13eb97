// Extension-host test entry: the `run()` contract of @vscode/test-electron (and of the
// code-server runner). Mocha loads every `*.e2e.js` suite compiled beside this file; the
// `*.untrusted.e2e.js` ones need a Restricted Mode workspace, so the runner loads them only in a
// second pass started with DOCKSCOPE_E2E_TRUST=untrusted, and the `*.neighbour.e2e.js` ones need
// the Docker DX stand-in installed, in a third pass with DOCKSCOPE_E2E_PASS=neighbour
// (scripts/e2e/run.mjs). DOCKSCOPE_E2E_SUITES (the runner's --suite: comma-separated parts) keeps
// the files whose names contain one of them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // In code-server the extension host's console reaches the runner mixed with the workbench's own
  // logs, as format strings; the runner echoes the lines marked [mocha], already formatted.
  if (process.env.DOCKSCOPE_E2E_TRUST) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`[mocha] ${util.format(...args)}`);
  }
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false });
  const pass = process.env.DOCKSCOPE_E2E_PASS ?? (process.env.DOCKSCOPE_E2E_TRUST === 'untrusted' ? 'untrusted' : 'trusted');
  const passOf = (file: string) => /\.(untrusted|neighbour)\.e2e\.js$/.exec(file)?.[1] ?? 'trusted';
  const filter = process.env.DOCKSCOPE_E2E_SUITES?.split(',');
  const suites = fs.readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.js') && passOf(f) === pass && (!filter || filter.some((part) => f.includes(part))));
  for (const file of suites.sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
