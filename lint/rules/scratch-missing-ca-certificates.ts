// A scratch runtime with a Go binary and no CA bundle: outbound HTTPS fails with x509 errors.
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { stageChain } from '../../dockerfile/stages';
import { artifactCopies, copyPaths, type ArtifactCopy } from '../go/artifacts';
import type { Stage } from '../../dockerfile/types';

const CA_PATH = /(^|\/)(ca-certificates|ca-bundle|cacert)[^/]*$|^\/etc\/(ssl|pki)(\/|$)|^\/etc\/?$/;
const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export const scratchMissingCaCertificates: Rule = {
  meta: {
    id: 'scratch-missing-ca-certificates', category: 'stages', severity: 'warning', aliases: [],
    description: 'A scratch runtime with a Go binary and no CA certificates: outbound HTTPS fails with x509 errors.',
    fixable: true,
  },
  check(ctx) {
    const goModText = ctx.context.goMod() ? ctx.context.readText('go.mod') ?? '' : '';
    if (goModText.includes('golang.org/x/crypto/x509roots/fallback')) return [];
    const copies = artifactCopies(ctx.model, ctx.goInvocations());
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      if (!stage.runtime.scratch || stage.parent) continue;
      const chain = stageFamily(ctx, stage);
      const binary = copies.find((copy) => chain.includes(copy.into));
      if (!binary || !runsSomething(chain) || hasCertificates(ctx, chain)) continue;
      findings.push({
        range: stage.image.range,
        message: 'This scratch image runs a Go binary but has no CA certificates: its first outbound HTTPS request fails with "x509: certificate signed by unknown authority".',
        related: [{ range: binary.source.range, message: 'The Go binary is copied in here.' }],
        fixes: fixFor(ctx, binary),
      });
    }
    return findings;
  },
};

/** The scratch stage and the stages built FROM it (they share its files). */
function stageFamily(ctx: RuleContext, root: Stage): Stage[] {
  const family = [root];
  for (let i = 0; i < family.length; i++) {
    for (const reference of family[i].referencedBy) {
      const child = ctx.model.stages[reference.instruction.stageIndex];
      if (reference.kind === 'from' && child && !family.includes(child)) family.push(child);
    }
  }
  return family;
}

/** An export-only stage (`docker build --output`) has no ENTRYPOINT/CMD and runs nothing. */
function runsSomething(stages: Stage[]): boolean {
  return stages.some((stage) => stage.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD'));
}

function hasCertificates(ctx: RuleContext, stages: Stage[]): boolean {
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'ENV' && instruction.properties.some((p) => p.name === 'SSL_CERT_FILE' || p.name === 'SSL_CERT_DIR')) return true;
      const copy = copyPaths(ctx.model, instruction);
      if (!copy) continue;
      const paths = [...copy.sources.map((s) => s.path ?? s.word.value), copy.dest?.path ?? copy.dest?.word.value ?? ''];
      if (paths.some((path) => CA_PATH.test(path.replace(/\/+$/, '') || '/'))) return true;
      if (copy.sources.some((s) => s.path === null)) return true;
      // `COPY --from=builder / /` brings the builder's whole root, its CA bundle included.
      if (copy.sources.some((s) => (s.path ?? s.word.value).replace(/\/+$/, '') === '')) return true;
    }
  }
  return false;
}

function fixFor(ctx: RuleContext, binary: ArtifactCopy): Finding['fixes'] {
  const builder = binary.copy.from ?? binary.build.stage;
  const chain = stageChain(builder);
  const root = chain[0];
  const installs = chain.some((stage) => stage.instructions.some((i) => ctx.model.shellOf(i)?.commands.some((c) => c.argv.some((w) => w.value === 'ca-certificates'))));
  // `golang:${GO_VERSION}` is a golang image whatever the version.
  const golangOrAlpine = root.runtime.golang || root.runtime.musl
    || (root.image.unresolved && /^((docker\.io\/)?(library\/)?)(golang|alpine):/.test(root.image.raw));
  if (!golangOrAlpine && !installs) return undefined;
  const from = binary.copy.fromWord?.value ?? builder.name ?? String(builder.index);
  const keyword = binary.copy.instruction.rawKeyword === 'copy' ? 'copy' : 'COPY';
  return [{
    title: `Copy the CA bundle from ${from}`,
    edits: [ctx.insertLinesAfter(binary.copy.instruction, [`${keyword} --from=${from} ${BUNDLE} /etc/ssl/certs/`])],
    preferred: true, safe: true,
  }];
}
