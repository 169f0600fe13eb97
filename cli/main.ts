// `dockscope`: the same engine as the extension, for terminals and CI.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../common/version';
import { buildCommand } from './commands/build';
import { layersCommand } from './commands/layers';
import { lintCommand } from './commands/lint';
import { printable } from '../common/format';

function createProgram(): Command {
  const program = new Command('dockscope')
    .description('Dockerfile linting, image layer sizes and BuildKit build timings.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(buildCommand());
  program.addCommand(layersCommand());
  program.addCommand(lintCommand());
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit through here with code 0; usage errors are exit 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(printable(`dockscope: ${error instanceof Error ? error.message : String(error)}\n`));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv).then((code) => { process.exitCode = code; });
}
