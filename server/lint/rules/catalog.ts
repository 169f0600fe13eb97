// The rule catalog: every rule, one import and one table entry each (keep the table sorted by id).
import type { Rule } from '../rule';
import { syntax } from './syntax';
import { entrypointMissingBinary } from './entrypoint-missing-binary';
import { exposeInvalid } from './expose-invalid';
import { healthcheckMissing } from './healthcheck-missing';
import { jsonArgsRecommended } from './json-args-recommended';
import { maintainerDeprecated } from './maintainer-deprecated';
import { noShellInRuntime } from './no-shell-in-runtime';
import { pipefail } from './pipefail';
import { scratchNamedUser } from './scratch-named-user';
import { secretInArgEnv } from './secret-in-arg-env';
import { sudo } from './sudo';
import { tlsVerificationDisabled } from './tls-verification-disabled';
import { workdirRelative } from './workdir-relative';

export const RULES: readonly Rule[] = [
  entrypointMissingBinary,
  exposeInvalid,
  healthcheckMissing,
  jsonArgsRecommended,
  maintainerDeprecated,
  noShellInRuntime,
  pipefail,
  scratchNamedUser,
  secretInArgEnv,
  sudo,
  syntax,
  tlsVerificationDisabled,
  workdirRelative,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));
