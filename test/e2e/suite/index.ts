// Extension-host test entry: the `run()` contract of @vscode/test-electron (and of the
// code-server runner). Mocha loads every `*.e2e.js` suite compiled beside this file; the
// `*.untrusted.e2e.js` ones need a Restricted Mode workspace, so the runner loads them only in a
// second pass started with DOCKSCOPE_E2E_TRUST=untrusted (scripts/e2e/run.mjs).
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
  const untrustedPass = process.env.DOCKSCOPE_E2E_TRUST === 'untrusted';
  const suites = fs.readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.js') && f.endsWith('.untrusted.e2e.js') === untrustedPass);
  for (const file of suites.sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
