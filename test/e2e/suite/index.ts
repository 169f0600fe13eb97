// Extension-host test entry: the `run()` contract of @vscode/test-electron (and of the
// code-server runner). Mocha loads every `*.e2e.js` suite compiled beside this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
