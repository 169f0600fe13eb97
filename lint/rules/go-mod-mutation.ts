// go mod tidy / go get during the image build: the build no longer uses the committed go.mod/go.sum.
import type { Finding, Rule } from '../rule';
import { goCommandRange } from '../go/artifacts';
import type { GoInvocation } from '../go/invocations';
import { stageGoVersion } from '../go/toolchain';
import { compareGoVersions } from '../context/goMod';

export const goModMutation: Rule = {
  meta: {
    id: 'go-mod-mutation', category: 'go', severity: 'warning', aliases: [],
    description: 'go mod tidy or go get in the image build: the image is built against versions nobody committed.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const inv of ctx.goInvocations()) {
      const tidy = inv.subcommand === 'mod tidy' && !inv.flags.some((flag) => flag.name === 'diff' && flag.value !== 'false');
      const get = inv.subcommand === 'get' && !gopathMode(ctx.context.goMod() !== null, inv);
      if (!tidy && !get) continue;
      findings.push({
        range: goCommandRange(inv),
        message: `go ${inv.subcommand} rewrites go.mod/go.sum inside the image: the binary is built against module versions nobody reviewed or committed, and they change from build to build. Run it in the repository and commit the result.`,
      });
    }
    return findings;
  },
};

/** `go get` in GOPATH mode fetches sources and touches no go.mod: GO111MODULE=off, or Go < 1.16 without a go.mod. */
function gopathMode(hasGoMod: boolean, inv: GoInvocation): boolean {
  const mode = inv.env.get('GO111MODULE')?.value;
  if (mode === 'off') return true;
  if (mode === 'on' || hasGoMod) return false;
  const version = stageGoVersion(inv.stage);
  return version !== null && compareGoVersions(version, '1.16') < 0;
}
