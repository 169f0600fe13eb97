// npm-unpinned (DL3016, off by default): `npm install pkg` without `pkg@<version>`.
import type { Finding, Rule } from '../rule';
import type { ShellWord } from '../../dockerfile/shell';
import { shellCommandsOfRuns } from '../util/runCommands';

/** npm options that take the next word as their value. */
const VALUE_OPTIONS = new Set(['--registry', '--loglevel', '--prefix', '--cache', '--userconfig', '--globalconfig',
  '--tag', '-w', '--workspace', '--omit', '--include', '--install-strategy', '--location', '--scope']);
const INSTALL = new Set(['install', 'i', 'add', 'isntall', 'in']);

export const npmUnpinned: Rule = {
  meta: {
    id: 'npm-unpinned', category: 'layers', severity: 'info', aliases: ['DL3016'],
    description: 'npm install of a named package without @<version> (off by default): a rebuild may install a different version.',
    fixable: false,
    defaultOff: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they install in every image built FROM this one.
    for (const command of shellCommandsOfRuns(ctx.model)) {
      if (command.effective.name !== 'npm') continue;
      for (const word of installOperands(command.effective.args)) {
        if (decided(word.value)) continue;
        findings.push({
          range: word.range,
          message: `npm install ${word.value} without a version (${word.value}@<version>): a rebuild without cache installs whatever version the registry tags latest then.`,
        });
      }
    }
    return findings;
  },
};

/** The package words of `npm install|i|add ...` (none for other sub-commands). */
function installOperands(args: ShellWord[]): ShellWord[] {
  const operands: ShellWord[] = [];
  let subcommand: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value.startsWith('-')) {
      if (VALUE_OPTIONS.has(value)) i++;
      continue;
    }
    if (subcommand === null) subcommand = value;
    else operands.push(args[i]);
  }
  return subcommand !== null && INSTALL.has(subcommand) ? operands : [];
}

/** A version after the name (`@scope/pkg@1`), a git ref (`#v1`), a path or a tarball. */
function decided(value: string): boolean {
  if (value.includes('$')) return true;
  if (/^(\.{0,2}\/|~\/)/.test(value) || /\.(tgz|tar|tar\.gz)$/.test(value)) return true;
  if (/^(git(\+[a-z]+)?|https?|file):/.test(value) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(value)) return value.includes('#') || /\.(tgz|tar|tar\.gz)$/.test(value);
  return value.slice(1).includes('@');
}
