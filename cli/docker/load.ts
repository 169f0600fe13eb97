// Loads the docker-backed commands when one of them runs: dist/cli-docker.js beside the bundled
// CLI, or the sources when the CLI itself runs from sources (tsx).
import { join } from 'node:path';
import type * as DockerCommands from './index';

export function dockerCommands(): typeof DockerCommands {
  // A computed path, so esbuild leaves this require alone instead of bundling the module here.
  const module = __filename.endsWith('.js') ? join(__dirname, 'cli-docker.js') : join(__dirname, 'index');
  return require(module) as typeof DockerCommands;
}
