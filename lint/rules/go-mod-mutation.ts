// go mod tidy / go get during the image build, inside a module: the build no longer uses the
// committed go.mod/go.sum. (Outside a module `go get` rewrites nothing: go-get-outside-module.)
import type { Finding, Rule } from '../rule';
import { goCommandRange } from '../go/artifacts';
import { moduleState } from '../go/module';
import { goModuleMode } from '../go/toolchain';

export const goModMutation: Rule = {
  meta: {
    id: 'go-mod-mutation', category: 'go', severity: 'warning', aliases: [],
    description: 'go mod tidy or go get on a go.mod the image build copied in: the image is built against versions nobody committed.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const inv of ctx.goInvocations()) {
      const tidy = inv.subcommand === 'mod tidy' && !inv.flags.some((flag) => flag.name === 'diff' && flag.value !== 'false');
      if (!tidy && inv.subcommand !== 'get') continue;
      const state = moduleState(ctx.model, ctx.context, inv);
      // `go mod tidy` needs a go.mod (it fails without one); `go get` rewrites one only when it is there.
      if (tidy ? state === 'none' : state !== 'module') continue;
      if (!tidy && goModuleMode(inv, true) !== 'module') continue;
      findings.push({
        range: goCommandRange(inv),
        message: `go ${inv.subcommand} rewrites the go.mod/go.sum the build copied in: the binary is built against module versions nobody reviewed or committed, and they change from build to build. Run it in the repository and commit the result.`,
      });
    }
    return findings;
  },
};
