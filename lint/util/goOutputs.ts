// Absolute paths of the binaries `go build` writes, to tell a copied file from a copied folder.
import type { RuleContext } from '../rule';

export function goOutputs(ctx: RuleContext): ReadonlySet<string> {
  const paths = new Set<string>();
  for (const invocation of ctx.goInvocations()) {
    if (invocation.subcommand === 'build' && invocation.output?.path && !invocation.output.path.includes('$')) paths.add(invocation.output.path);
  }
  return paths;
}
