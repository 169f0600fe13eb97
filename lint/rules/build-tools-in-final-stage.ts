// build-tools-in-final-stage: compilers and build dependencies installed in the shipped stage of
// a multi-stage build (they belong in the builder).
import type { Finding, Rule } from '../rule';
import type { SimpleCommand } from '../../dockerfile/shell';
import { packageCommand, packageName, optionValues, type PackageCommand } from '../util/packages';

const BUILD_TOOLS = new Set([
  'gcc', 'g++', 'gcc-c++', 'clang', 'make', 'cmake', 'git', 'build-base', 'build-essential', 'musl-dev',
  'libc6-dev', 'libc-dev', 'linux-headers', 'golang', 'golang-go', 'go', 'autoconf', 'automake', 'libtool',
  'pkgconf', 'pkg-config',
]);
const INSTALL: Record<PackageCommand['manager'], Set<string>> = {
  apt: new Set(['install']), apk: new Set(['add']), yum: new Set(['install']), pip: new Set(),
};
const REMOVE: Record<PackageCommand['manager'], Set<string>> = {
  apt: new Set(['remove', 'purge', 'autoremove']), apk: new Set(['del']), yum: new Set(['remove', 'erase', 'autoremove']), pip: new Set(),
};

export const buildToolsInFinalStage: Rule = {
  meta: {
    id: 'build-tools-in-final-stage', category: 'layers', severity: 'warning', aliases: [],
    description: 'Compilers and build dependencies installed in the final stage of a multi-stage build.',
    fixable: false,
  },
  check(ctx) {
    const stage = ctx.model.finalStage;
    if (!stage || ctx.model.stages.length < 2) return [];
    const source = stage.references.find((reference) => reference.kind === 'copy' && reference.target)?.target
      ?? ctx.model.stages.find((other) => other !== stage)!;
    const builder = source.name ?? `stage ${source.index}`;
    const findings: Finding[] = [];
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const commands = ctx.model.shellOf(instruction)?.commands ?? [];
      commands.forEach((command, index) => {
        const pkg = packageCommand(command);
        if (!pkg || !INSTALL[pkg.manager].has(pkg.subcommand)) return;
        const removed = removedLater(commands.slice(index + 1));
        const virtual = pkg.manager === 'apk' ? optionValues(pkg, ['-t', '--virtual']) : [];
        if (virtual.some((group) => removed.has(group))) return;
        for (const word of pkg.operands) {
          const name = packageName(word);
          if (!BUILD_TOOLS.has(name) || removed.has(name) || removed.has('*')) continue;
          findings.push({
            range: word.range,
            message: `${name} installed in the final image: build tools add size and attack surface to what ships; install it in the builder stage (${builder}) instead.`,
          });
        }
      });
    }
    return findings;
  },
};

/**
 * Package (and apk virtual group) names removed by later commands of the same RUN. The Debian
 * idiom `apt-mark auto '.*'; apt-mark manual $saved; apt-get purge -y --auto-remove` removes
 * everything installed since: reported as `*`.
 */
function removedLater(commands: SimpleCommand[]): Set<string> {
  const removed = new Set<string>();
  let markedAuto = false;
  for (const command of commands) {
    if (command.effective.name === 'apt-mark' && command.effective.args[0]?.value === 'auto') markedAuto = true;
    const pkg = packageCommand(command);
    if (!pkg || !REMOVE[pkg.manager].has(pkg.subcommand)) continue;
    const autoRemove = pkg.subcommand === 'autoremove' || pkg.options.some((word) => word.value === '--auto-remove' || word.value === '--autoremove');
    if (markedAuto && autoRemove) removed.add('*');
    for (const word of pkg.operands) removed.add(packageName(word));
  }
  return removed;
}
