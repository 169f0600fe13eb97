// go mod tidy / go get during the image build, inside a module: the build no longer uses the
// committed go.mod/go.sum. (Outside a module `go get` rewrites nothing: go-get-outside-module.)
import type { Finding, Rule } from '../rule';
import { goCommandRange } from '../go/artifacts';
import type { RuleContext } from '../ruleContext';
import { stageChain } from '../../dockerfile/stages';
import type { GoInvocation } from '../go/invocations';
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
      // Only a go.mod the build copied in (or mounted) from the repository is a committed one; a
      // cloned or generated go.mod is not.
      if (state !== 'module') continue;
      if (!tidy && goModuleMode(inv, true) !== 'module') continue;
      // `go mod edit -replace ...` then `go mod tidy`: a deliberate change the tidy completes.
      if (tidy && editedBefore(ctx, inv)) continue;
      findings.push({
        range: goCommandRange(inv),
        message: `go ${inv.subcommand} rewrites the go.mod/go.sum the build copied in: the binary is built against module versions nobody reviewed or committed, and they change from build to build. Run it in the repository and commit the result.`,
      });
    }
    return findings;
  },
};

/**
 * True when `go mod edit` or `go mod init` ran before this command in the stage chain (also
 * through `find -execdir`): the go.mod is being changed or created on purpose, and tidy completes it.
 */
function editedBefore(ctx: RuleContext, inv: GoInvocation): boolean {
  const deliberate = /\bgo\s+mod\s+(edit|init)\b/;
  for (const stage of stageChain(inv.stage)) {
    for (const instruction of stage.instructions) {
      if (instruction.index > inv.instruction.index || instruction.keyword !== 'RUN') continue;
      const text = ctx.model.text.slice(ctx.model.offsetAt(instruction.range.start), ctx.model.offsetAt(instruction === inv.instruction ? inv.command.range.start : instruction.range.end));
      if (deliberate.test(text)) return true;
    }
  }
  return false;
}
