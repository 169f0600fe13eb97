// gem-unpinned (DL3028, off by default): `gem install pkg` without `pkg:<version>` or `-v`.
import type { Finding, Rule } from '../rule';
import type { ShellWord } from '../../dockerfile/shell';
import { shellCommandsOfRuns } from '../util/runCommands';

/** gem install options that take the next word as their value. */
const VALUE_OPTIONS = new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source',
  '--platform', '-g', '--file', '-P', '--trust-policy', '--document', '--build-root']);

export const gemUnpinned: Rule = {
  meta: {
    id: 'gem-unpinned', category: 'layers', severity: 'info', aliases: ['DL3028'],
    description: 'gem install of a gem without :<version> or -v (off by default): a rebuild may install a different version.',
    fixable: false,
    defaultOff: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they install in every image built FROM this one.
    for (const command of shellCommandsOfRuns(ctx.model)) {
      if (command.effective.name !== 'gem') continue;
      const install = parseInstall(command.effective.args);
      if (!install || install.versioned) continue;
      for (const word of install.gems) {
        if (/[:$]/.test(word.value) || word.value.endsWith('.gem')) continue;
        findings.push({
          range: word.range,
          message: `gem install ${word.value} without a version (${word.value}:<version> or -v <version>): a rebuild without cache installs whatever version rubygems.org has then.`,
        });
      }
    }
    return findings;
  },
};

/** `gem install|i ...`: its gem words (up to a `--` that starts build options) and whether -v is given. */
function parseInstall(args: ShellWord[]): { gems: ShellWord[]; versioned: boolean } | null {
  const gems: ShellWord[] = [];
  let subcommand: string | null = null;
  let versioned = false;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') break;
    if (value.startsWith('-')) {
      if (value === '-v' || value === '--version' || value.startsWith('--version=')) versioned = true;
      if (VALUE_OPTIONS.has(value)) i++;
      continue;
    }
    if (subcommand === null) subcommand = value;
    else gems.push(args[i]);
  }
  return subcommand === 'install' || subcommand === 'i' ? { gems, versioned } : null;
}
