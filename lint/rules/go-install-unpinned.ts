// go install / go get / go run of a remote module without a fixed version.
import type { Finding, Rule } from '../rule';
import { requiredModules } from '../go/module';

const SUBCOMMANDS = new Set(['install', 'get', 'run']);
const MOVING_QUERIES = new Set(['latest', 'upgrade', 'patch', 'master', 'main', 'head']);

export const goInstallUnpinned: Rule = {
  meta: {
    id: 'go-install-unpinned', category: 'go', severity: 'warning', aliases: ['DL3062'],
    description: 'go install/get/run of a remote module without @version (or @latest): every build may get different code.',
    fixable: false,
  },
  check(ctx) {
    const required = requiredModules(ctx.context);
    const findings: Finding[] = [];
    for (const inv of ctx.goInvocations()) {
      if (!SUBCOMMANDS.has(inv.subcommand)) continue;
      // `go run pkg args...`: only the first non-flag word is the package.
      const packages = inv.subcommand === 'run' ? inv.packages.slice(0, 1) : inv.packages;
      for (const word of packages) {
        if (word.dynamic || !isRemote(word.value)) continue;
        const at = word.value.indexOf('@');
        const query = at >= 0 ? word.value.slice(at + 1) : null;
        if (query !== null && !MOVING_QUERIES.has(query.toLowerCase())) continue;
        // Without @version, install/run inside a module use the version go.mod requires.
        if (query === null && inv.subcommand !== 'get' && required.some((module) => word.value === module || word.value.startsWith(`${module}/`))) continue;
        findings.push({
          range: word.range,
          message: query === null
            ? `go ${inv.subcommand} ${word.value} without a version takes whatever is newest when the image is built: builds are not reproducible. Pin @vX.Y.Z.`
            : `@${query} is whatever is newest when the image is built: builds are not reproducible. Pin @vX.Y.Z.`,
        });
      }
    }
    return findings;
  },
};

/** A module path: its first element has a dot (`github.com/...`, `golang.org/x/...`). */
function isRemote(pkg: string): boolean {
  if (pkg.startsWith('.') || pkg.startsWith('/') || pkg.startsWith('-') || pkg.endsWith('.go')) return false;
  const first = pkg.split('/')[0].replace(/@.*$/, '');
  return first.includes('.') && pkg.includes('/');
}
