// Findings another Dockerfile extension in the same editor reports too. Next to Docker DX (which
// runs BuildKit's checks) a finding of a rule standing for one of those checks is a duplicate; next
// to Container Tools or the older Docker extension (rcjsuen's dockerfile-utils validator) a `syntax`
// finding on a line that validator also flags is one. Nothing the neighbour lacks is ever hidden.
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { NEIGHBOURS, type LintSettings, type Neighbour } from '../common/settings';
import { isBuildKitCheck } from './buildkitChecks';
import type { RuleFinding } from './engine';
import type { LintResult } from './service';

export interface HiddenFinding {
  finding: RuleFinding;
  neighbour: Neighbour;
  /** What the neighbour reports it as: a BuildKit check name, or its syntax check. */
  as: string;
}

export interface NeighbourFiltered {
  /** The result without the hidden findings (and their diagnostics). */
  result: LintResult;
  hidden: HiddenFinding[];
}

/**
 * Rules whose findings are not all the BuildKit check they alias: which check a finding is, by its
 * message (null: BuildKit has no such check, so the finding stays).
 */
const PARTIAL: Record<string, (finding: RuleFinding) => string | null> = {
  // Port ranges and unknown protocols fail the build but no BuildKit check reports them.
  'expose-invalid': (finding) => /host port or IP address/.test(finding.message) ? 'ExposeInvalidFormat'
    : /upper-case protocol/.test(finding.message) ? 'ExposeProtoCasing' : null,
  // BuildKit looks at the name only; a secret-looking value under an innocent name is ours alone.
  'secret-in-arg-env': (finding) => /sets a default credential|looks like a build secret|has a default credential/.test(finding.message) ? 'SecretsUsedInArgOrEnv' : null,
};

/** The BuildKit check a finding is an instance of, or null. */
export function buildKitCheckOf(finding: RuleFinding): string | null {
  const partial = PARTIAL[finding.rule.meta.id];
  if (partial) return partial(finding);
  const checks = finding.rule.meta.aliases.filter(isBuildKitCheck);
  return checks.length === 1 ? checks[0] : null;
}

const VALIDATOR_NEIGHBOURS: readonly Neighbour[] = ['container-tools', 'docker'];

export function hideNeighbourDuplicates(result: LintResult, settings: Pick<LintSettings, 'duplicates' | 'neighbours'>): NeighbourFiltered {
  if (settings.duplicates !== 'hide' || !settings.neighbours.length || !result.findings.length) return { result, hidden: [] };
  const hidden: HiddenFinding[] = [];
  const dockerDx = settings.neighbours.includes('docker-dx');
  const validator = VALIDATOR_NEIGHBOURS.find((neighbour) => settings.neighbours.includes(neighbour));
  let flaggedLines: Set<number> | undefined;
  const keep = result.findings.map((finding) => {
    const check = dockerDx ? buildKitCheckOf(finding) : null;
    if (check) {
      hidden.push({ finding, neighbour: 'docker-dx', as: check });
      return false;
    }
    if (validator && finding.rule.meta.id === 'syntax') {
      // The text the lint read (a budget may have left the end of a huge file out).
      flaggedLines ??= validatorLines(result.model.text);
      for (let line = finding.range.start.line; line <= finding.range.end.line; line++) {
        if (!flaggedLines.has(line)) continue;
        hidden.push({ finding, neighbour: validator, as: 'syntax' });
        return false;
      }
    }
    return true;
  });
  if (!hidden.length) return { result, hidden };
  return {
    result: { ...result, findings: result.findings.filter((_, i) => keep[i]), diagnostics: result.diagnostics.filter((_, i) => keep[i]) },
    hidden,
  };
}

/** One line per neighbour for the Output channel: how many were hidden, as what, and how to see them. */
export function describeHidden(hidden: readonly HiddenFinding[]): string[] {
  const byNeighbour = new Map<Neighbour, HiddenFinding[]>();
  for (const entry of hidden) byNeighbour.set(entry.neighbour, [...byNeighbour.get(entry.neighbour) ?? [], entry]);
  return [...byNeighbour].map(([neighbour, entries]) => {
    const names = [...new Set(entries.map((entry) => entry.as === 'syntax' ? 'its syntax check' : entry.as))].join(', ');
    const count = `${entries.length} finding${entries.length === 1 ? '' : 's'}`;
    return `hid ${count} that ${NEIGHBOURS[neighbour].name} also reports (${names}); set dockscope.lint.duplicates to "show" to see them here too.`;
  });
}

/**
 * The validator's checks that are not about syntax (casing, deprecation, repeated CMD): a `syntax`
 * finding on such a line is not something the neighbour reports, so these are left out.
 */
const SYNTAX_ONLY: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.IGNORE,
  directiveCasing: ValidationSeverity.IGNORE,
  instructionCasing: ValidationSeverity.IGNORE,
  instructionCmdMultiple: ValidationSeverity.IGNORE,
  instructionEntrypointMultiple: ValidationSeverity.IGNORE,
  instructionHealthcheckMultiple: ValidationSeverity.IGNORE,
  instructionWorkdirRelative: ValidationSeverity.IGNORE,
};

/** Lines the dockerfile-utils validator (Container Tools' diagnostics) flags as syntax problems. */
function validatorLines(text: string): Set<number> {
  const lines = new Set<number>();
  for (const diagnostic of validate(text, SYNTAX_ONLY)) {
    for (let line = diagnostic.range.start.line; line <= diagnostic.range.end.line; line++) lines.add(line);
  }
  return lines;
}
