// go install / go get / go run of a remote module without a fixed version.
import type { Finding, Rule } from '../rule';
import { moduleState, requiredModules, type ModuleState } from '../go/module';
import type { GoInvocation } from '../go/invocations';
import { goModuleMode, stageGoVersion } from '../go/toolchain';
import { compareGoVersions } from '../context/goMod';

const SUBCOMMANDS = new Set(['install', 'get', 'run']);
const MOVING_QUERIES = new Set(['latest', 'upgrade', 'patch', 'master', 'main', 'head']);

export const goInstallUnpinned: Rule = {
  meta: {
    id: 'go-install-unpinned', category: 'go', severity: 'warning', aliases: ['DL3062'],
    description: 'go install/run of a remote module at @latest (or a branch), or go get without a version: every build may get different code; go install without a version outside a module fails.',
    fixable: false,
  },
  check(ctx) {
    const required = requiredModules(ctx.context);
    const findings: Finding[] = [];
    for (const inv of ctx.goInvocations()) {
      if (!SUBCOMMANDS.has(inv.subcommand)) continue;
      // `go run pkg args...`: only the first non-flag word is the package.
      const packages = inv.subcommand === 'run' ? inv.packages.slice(0, 1) : inv.packages;
      let state: ModuleState | undefined;
      const module = () => (state ??= moduleState(ctx.model, ctx.context, inv));
      for (const word of packages) {
        if (word.dynamic || !isRemote(word.value)) continue;
        const at = word.value.indexOf('@');
        const query = at >= 0 ? word.value.slice(at + 1) : null;
        if (query !== null && !MOVING_QUERIES.has(query.toLowerCase())) continue;
        // Outside a module, go get is go-get-outside-module's finding.
        if (inv.subcommand === 'get' && module() === 'none') continue;
        if (query === null && inv.subcommand !== 'get') {
          const finding = unversioned(inv, word, module(), required);
          if (finding) findings.push(finding);
          continue;
        }
        findings.push({
          range: word.range,
          message: query === null
            ? `go get ${word.value} without a version takes whatever is newest when the image is built${module() === 'module' ? ' (and writes it into go.mod)' : ''}: builds are not reproducible. Pin @vX.Y.Z.`
            : `@${query} is whatever is newest when the image is built: builds are not reproducible. Pin @vX.Y.Z.`,
        });
      }
    }
    return findings;
  },
};

/**
 * `go install pkg` / `go run pkg` without a version. Since Go 1.16 that never means "newest": in
 * a module the version comes from go.mod; outside one the command stops the build. Before 1.16,
 * in module mode, a package go.mod does not require was added at its newest version.
 */
function unversioned(inv: GoInvocation, word: GoInvocation['packages'][number], state: ModuleState, required: string[]): Finding | null {
  const mode = goModuleMode(inv, state === 'module');
  // Module mode with no main module: every Go stops there (GOPATH mode builds from $GOPATH/src).
  if (state === 'none' && mode === 'module') {
    return {
      range: word.range, severity: 'error',
      message: `Outside a module, go ${inv.subcommand} needs a version: it stops the build with "'go ${inv.subcommand}' requires a version when current directory is not in a module". Pin @vX.Y.Z.`,
    };
  }
  const version = stageGoVersion(inv.stage);
  if (version === null || compareGoVersions(version, '1.16') >= 0 || mode !== 'module') return null;
  if (required.some((module) => word.value === module || word.value.startsWith(`${module}/`))) return null;
  return {
    range: word.range,
    message: `go ${inv.subcommand} ${word.value} without a version: Go ${version} adds the newest version to go.mod when the image is built, so builds are not reproducible. Pin @vX.Y.Z.`,
  };
}

/** A module path: its first element has a dot (`github.com/...`, `golang.org/x/...`). */
function isRemote(pkg: string): boolean {
  if (pkg.startsWith('.') || pkg.startsWith('/') || pkg.startsWith('-') || pkg.endsWith('.go')) return false;
  const first = pkg.split('/')[0].replace(/@.*$/, '');
  return first.includes('.') && pkg.includes('/');
}
