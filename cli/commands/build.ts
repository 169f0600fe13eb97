// `dockscope build`: builds through the daemon with BuildKit and prints each step's time and
// cache hit, or the JSON (version 1) with --json. Exit 1 when the build fails.
// The command runs in the docker bundle (cli/docker/build.ts), loaded only when it runs.
import { Command, InvalidArgumentError } from 'commander';
import { dockerCommands } from '../docker/load';
import { withEndpointOptions } from './endpointOptions';
import type { BuildOptions } from '../docker/build';

/** `--build-arg K=V`, or `--build-arg K` to pass K from the environment as `docker build` does. */
function collectBuildArg(value: string, previous: Record<string, string>): Record<string, string> {
  const equals = value.indexOf('=');
  const key = equals < 0 ? value : value.slice(0, equals);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new InvalidArgumentError(`"${value}" is not KEY=VALUE`);
  if (equals >= 0) return { ...previous, [key]: value.slice(equals + 1) };
  const fromEnv = process.env[key];
  return fromEnv === undefined ? previous : { ...previous, [key]: fromEnv };
}

export function buildCommand(): Command {
  const command = new Command('build')
    .description('Build an image through the Docker daemon (BuildKit) and print per-step timings and cache hits.')
    .argument('[context]', 'build context folder', '.')
    .option('-f, --file <Dockerfile>', 'Dockerfile (default: <context>/Dockerfile)')
    .option('-t, --tag <tag>', 'name and tag for the image')
    .option('--target <stage>', 'build up to this stage')
    .option('--build-arg <KEY=VALUE>', 'build-time variable (repeatable)', collectBuildArg, {})
    .option('--network <mode>', 'network mode for RUN steps (default, host, none)')
    .option('--no-cache', 'do not use the build cache')
    .option('--json', 'print the build record as JSON');
  return withEndpointOptions(command)
    // Usage errors reach main() as CommanderError (exit 2), like the top-level program's.
    .exitOverride()
    .showHelpAfterError()
    .action(async (context: string, options: BuildOptions) => {
      process.exitCode = await dockerCommands().build(context, options);
    });
}

