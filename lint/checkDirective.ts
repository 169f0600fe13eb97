// BuildKit's `# check=` options (`skip=A,B|all;experimental=C|all;error=true`), read as BuildKit's
// linter reads them (frontend/dockerfile/linter ParseLintOptions): `;`-separated `key=value`
// parts, names trimmed, `error` a Go boolean. Unknown parts make BuildKit ignore the whole value.
import type { DockerfileModel } from '../dockerfile/types';
import { isExperimentalCheck } from './buildkitChecks';
import type { Rule } from './rule';

export interface CheckOptions {
  skipAll: boolean;
  skip: string[];
  experimentalAll: boolean;
  experimental: string[];
  /** `error=true`: BuildKit fails the build when any check reports something. */
  error: boolean;
}

const NONE: CheckOptions = { skipAll: false, skip: [], experimentalAll: false, experimental: [], error: false };
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The options of one `check=` value; all off when BuildKit would reject the value. */
export function parseCheckOptions(value: string): CheckOptions {
  const text = value.trim();
  if (!text) return NONE;
  const options: CheckOptions = { ...NONE, skip: [], experimental: [] };
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) return NONE;
    const key = part.slice(0, eq).trim();
    const setting = part.slice(eq + 1).trim();
    const names = setting.split(',').map((name) => name.trim()).filter(Boolean);
    if (key === 'skip') {
      if (setting === 'all') options.skipAll = true;
      else options.skip = names;
    } else if (key === 'experimental') {
      if (setting === 'all') options.experimentalAll = true;
      else options.experimental = names;
    } else if (key === 'error') {
      if (!GO_TRUE.has(setting) && !GO_FALSE.has(setting)) return NONE;
      options.error = GO_TRUE.has(setting);
    } else return NONE;
  }
  return options;
}

/** The options of the file's `# check=` parser directive (its whole value, as BuildKit reads it there). */
export function fileCheckOptions(model: DockerfileModel): CheckOptions {
  const directive = model.directives.find((d) => d.name === 'check');
  return directive ? parseCheckOptions(directive.value) : NONE;
}

/** The BuildKit check a rule stands for, if any (its alias that is a check name). */
export function experimentalCheckOf(rule: Rule): string | null {
  return rule.meta.aliases.find(isExperimentalCheck) ?? null;
}

/** Whether the options turn on the experimental check `name` (`experimental=all` or by name). */
export function enablesExperimental(options: CheckOptions, name: string): boolean {
  return options.experimentalAll || options.experimental.includes(name);
}
