// The real `shellcheck` for the tests that need it (Debian's package; CI installs it through
// scripts/test-setup.sh). Outside CI a missing binary skips those tests loudly; with CI=true it
// fails them, as a missing Docker daemon does.
import type { TestContext } from 'node:test';
import type { LintTextOptions } from './lint';
import { lintText } from './lint';
import { createShellcheck } from '../../lint/shellcheck/service';
import type { ShellcheckBinary } from '../../lint/shellcheck/runner';
import { shellcheckJob } from '../../lint/shellcheck/scripts';
import type { RuleFinding } from '../../lint/engine';

let found: Promise<ShellcheckBinary | null> | undefined;
const shellcheck = createShellcheck();

/** The binary on PATH, or undefined after marking the test skipped (never in CI). */
export async function shellcheckOrSkip(t: TestContext): Promise<ShellcheckBinary | undefined> {
  found ??= shellcheck.binary('shellcheck').then(({ binary }) => binary);
  const binary = await found;
  if (binary) return binary;
  if (process.env.CI === 'true') throw new Error('CI=true but no shellcheck on PATH: scripts/test-setup.sh installs Debian\'s shellcheck package');
  t.skip('no shellcheck on PATH; install it (`apt-get install shellcheck`) to run the ShellCheck tests');
  return undefined;
}

/** ShellCheck's findings for a Dockerfile text (the lint's own findings left out). */
export async function shellcheckFindings(binary: ShellcheckBinary, text: string, options: LintTextOptions = {}): Promise<RuleFinding[]> {
  const [findings] = await shellcheck.check(binary, [shellcheckJob(lintText(text, options))], 30_000);
  return findings;
}

/** `SC2086@line:character` per finding, in document order. */
export function codesAt(findings: readonly RuleFinding[]): string[] {
  return findings.map((finding) => `${finding.rule.meta.id}@${finding.range.start.line}:${finding.range.start.character}`);
}
