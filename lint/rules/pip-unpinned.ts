// pip-unpinned (DL3013, off by default): `pip install pkg` without a version specifier.
import type { Finding, Rule } from '../rule';
import { hasOption, packageCommand } from '../util/packages';
import { shellCommandsOfRuns } from '../util/runCommands';

export const pipUnpinned: Rule = {
  meta: {
    id: 'pip-unpinned', category: 'layers', severity: 'info', aliases: ['DL3013'],
    description: 'pip install of a package without a version specifier (off by default): a rebuild may install a different version.',
    fixable: false,
    defaultOff: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they install in every image built FROM this one.
    for (const command of shellCommandsOfRuns(ctx.model)) {
      const pip = packageCommand(command);
      if (!pip || pip.manager !== 'pip' || pip.subcommand !== 'install') continue;
      // A constraints file (-c) decides the versions of the packages named here.
      if (hasOption(pip, '-c', '--constraint')) continue;
      for (const word of pip.operands) {
        if (decided(word.value)) continue;
        findings.push({
          range: word.range,
          message: `pip install ${word.value} without a version (${word.value}==<version>, or a requirements file): a rebuild without cache installs whatever version the index has then.`,
        });
      }
    }
    return findings;
  },
};

/** The operand fixes what gets installed: a specifier, a VCS ref, a file, a directory or an archive URL. */
function decided(value: string): boolean {
  if (value.includes('$')) return true;
  // git+https://host/repo.git@v1.2#egg=x: pinned by the ref after @ (not a user:pass@ before the host).
  const vcs = /^(git|hg|svn|bzr)\+/.exec(value);
  if (vcs) return /@[^/@#]+(#.*)?$/.test(value.replace(/^[^:]+:\/\/[^/]*/, ''));
  if (/[=<>!~]/.test(value)) return true;
  return value.includes('/') || value.startsWith('.') || /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/.test(value);
}
