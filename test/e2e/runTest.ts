// `npm run test:vscode`: the extension-host suites in VS Code desktop via @vscode/test-electron,
// where VS Code can be downloaded (it cannot on our CI machines; there the same suites run in
// code-server, see scripts/e2e).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/e2e/suite/index.js'),
    launchArgs: [path.join(root, 'test/e2e/fixtures'), '--disable-extensions'],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
