// The commands a RUN executes, in one shape for both forms: shell form through the shell model
// (behind sudo/env/exec wrappers), exec form from the JSON array.
import type { Range } from 'vscode-languageserver-types';
import type { SimpleCommand } from '../../dockerfile/shell';
import type { DockerfileModel, Instruction } from '../../dockerfile/types';

export interface CommandWord {
  value: string;
  range: Range;
}

export interface RunCommand {
  /** Basename of the program. */
  name: string | null;
  /** The program word as written. */
  program: CommandWord | null;
  args: CommandWord[];
  /** Inline assignments and `env X=1` (`GIT_SSL_NO_VERIFY=1 git clone`). */
  env: Array<{ name: string; value: string; range: Range }>;
  /** Every word of the command line, wrappers included (`sudo`, `env`). */
  argv: CommandWord[];
}

export function runCommands(model: DockerfileModel, instruction: Instruction): RunCommand[] {
  if (instruction.form === 'json' && instruction.json?.length) {
    const [program, ...args] = instruction.json;
    return [{ name: basename(program.value), program, args, env: [], argv: instruction.json }];
  }
  const script = model.shellOf(instruction);
  if (!script) return [];
  return script.commands.map((command) => {
    const effective = command.effective;
    const programIndex = command.argv.length - effective.args.length - 1;
    return {
      name: effective.name,
      program: programIndex >= 0 ? command.argv[programIndex] : null,
      args: effective.args,
      env: effective.env.map((assignment) => ({ name: assignment.name, value: assignment.value, range: assignment.word.range })),
      argv: command.argv,
    };
  });
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Every simple command of every shell-form RUN, ONBUILD RUN triggers included (they run in the
 * build of every image FROM this one): the commands the package-pinning rules judge one by one.
 */
export function shellCommandsOfRuns(model: DockerfileModel): SimpleCommand[] {
  return model.withTriggers.flatMap((instruction) => (instruction.keyword === 'RUN' ? model.shellOf(instruction)?.commands ?? [] : []));
}
