// The e2e run's "next to Docker DX" profile: a code-server profile of its own (installed extensions
// are per extensions folder, and the other passes must not see a neighbour) holding the Dockscope
// .vsix and the Docker DX stand-in of test/e2e/fixtures/docker-dx-stand-in, packaged here into a
// .vsix and installed the way a user installs an extension. Dockscope finds Docker DX by its
// extension id, which the stand-in has.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension, profileDirs } from './codeServer.mjs';
import { runScript } from './phases.mjs';

export const STAND_IN_ID = 'docker.docker';

/** Resolves to { dirs, extensionPath } of a fresh profile with Dockscope and the stand-in installed. */
export async function besideDockerDx({ repo, root, install, vsix }) {
  const standIn = join(root, 'docker-dx-stand-in.vsix');
  await runScript(null, join(repo, 'node_modules', '.bin', 'vsce'), [
    'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', standIn,
  ], { cwd: join(repo, 'test', 'e2e', 'fixtures', 'docker-dx-stand-in') });
  const dirs = profileDirs(join(root, 'beside-docker-dx'));
  installExtension({ install, dirs, vsix });
  installExtension({ install, dirs, vsix: standIn });
  const installed = readdirSync(dirs.extensions);
  const dockscope = installed.find((name) => name.startsWith('dockscope.dockscope-'));
  if (!dockscope) throw new Error(`the Dockscope .vsix did not install into ${dirs.extensions}`);
  if (!installed.some((name) => name.startsWith(`${STAND_IN_ID}-`))) throw new Error(`the Docker DX stand-in did not install into ${dirs.extensions}`);
  return { dirs, extensionPath: join(dirs.extensions, dockscope) };
}
