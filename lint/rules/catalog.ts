// The rule catalog: every rule, one import and one table entry each (keep the table sorted by id).
import type { Rule } from '../rule';
import { syntax } from './syntax';
import { baseImageUnpinned } from './base-image-unpinned';
import { curlAndWget } from './curl-and-wget';
import { wgetProgress } from './wget-progress';
import { cdInRun } from './cd-in-run';
import { copyFromUnknownStage } from './copy-from-unknown-stage';
import { duplicateStageName } from './duplicate-stage-name';
import { multipleCmdEntrypoint } from './multiple-cmd-entrypoint';
import { stageUnused } from './stage-unused';
import { undefinedArgInFrom } from './undefined-arg-in-from';
import { addInsteadOfCopy } from './add-instead-of-copy';
import { apkNoCache } from './apk-no-cache';
import { apkUnpinned } from './apk-unpinned';
import { aptListsNotCleaned } from './apt-lists-not-cleaned';
import { aptMissingYes } from './apt-missing-yes';
import { aptNoInstallRecommends } from './apt-no-install-recommends';
import { aptUpdateAlone } from './apt-update-alone';
import { aptUnpinned } from './apt-unpinned';
import { buildToolsInFinalStage } from './build-tools-in-final-stage';
import { consecutiveRun } from './consecutive-run';
import { depsCacheOrder } from './deps-cache-order';
import { dockerignoreIncomplete } from './dockerignore-incomplete';
import { dockerignoreMissing } from './dockerignore-missing';
import { emptyContinuation } from './empty-continuation';
import { pipNoCacheDir } from './pip-no-cache-dir';
import { pipUnpinned } from './pip-unpinned';
import { userRoot } from './user-root';
import { copyFromMissingArtifact } from './copy-from-missing-artifact';
import { gemUnpinned } from './gem-unpinned';
import { goBuildFlags } from './go-build-flags';
import { goBuilderVersion } from './go-builder-version';
import { goCacheMount } from './go-cache-mount';
import { goCgoStaticRuntime } from './go-cgo-static-runtime';
import { goCrossCompilePlatform } from './go-cross-compile-platform';
import { goInsecureModules } from './go-insecure-modules';
import { goGetOutsideModule } from './go-get-outside-module';
import { goInstallUnpinned } from './go-install-unpinned';
import { goModCacheOrder } from './go-mod-cache-order';
import { goModMutation } from './go-mod-mutation';
import { goSdkInFinalStage } from './go-sdk-in-final-stage';
import { scratchMissingCaCertificates } from './scratch-missing-ca-certificates';
import { entrypointMissingBinary } from './entrypoint-missing-binary';
import { exposeInvalid } from './expose-invalid';
import { healthcheckMissing } from './healthcheck-missing';
import { jsonArgsRecommended } from './json-args-recommended';
import { maintainerDeprecated } from './maintainer-deprecated';
import { npmUnpinned } from './npm-unpinned';
import { noShellInRuntime } from './no-shell-in-runtime';
import { pipefail } from './pipefail';
import { scratchNamedUser } from './scratch-named-user';
import { secretInArgEnv } from './secret-in-arg-env';
import { sudo } from './sudo';
import { tlsVerificationDisabled } from './tls-verification-disabled';
import { workdirRelative } from './workdir-relative';
import { consistentInstructionCasing } from './consistent-instruction-casing';
import { copyIgnoredFile } from './copy-ignored-file';
import { fromAsCasing } from './from-as-casing';
import { fromPlatformFlagConstDisallowed } from './from-platform-flag-const-disallowed';
import { invalidDefaultArgInFrom } from './invalid-default-arg-in-from';
import { invalidDefinitionDescription } from './invalid-definition-description';
import { legacyKeyValueFormat } from './legacy-key-value-format';
import { redundantTargetPlatform } from './redundant-target-platform';
import { reservedStageName } from './reserved-stage-name';
import { stageNameCasing } from './stage-name-casing';
import { undefinedVar } from './undefined-var';
import { copyRelativeWithoutWorkdir } from './copy-relative-without-workdir';
import { envReferenceSameEnv } from './env-reference-same-env';
import { untrustedRegistry } from './untrusted-registry';
import { userNonNumeric } from './user-non-numeric';
import { yarnCacheNotCleaned } from './yarn-cache-not-cleaned';

export const RULES: readonly Rule[] = [
  addInsteadOfCopy,
  apkNoCache,
  apkUnpinned,
  aptListsNotCleaned,
  aptMissingYes,
  aptNoInstallRecommends,
  aptUnpinned,
  aptUpdateAlone,
  baseImageUnpinned,
  buildToolsInFinalStage,
  cdInRun,
  consecutiveRun,
  consistentInstructionCasing,
  copyFromMissingArtifact,
  copyFromUnknownStage,
  copyIgnoredFile,
  copyRelativeWithoutWorkdir,
  curlAndWget,
  depsCacheOrder,
  dockerignoreIncomplete,
  dockerignoreMissing,
  duplicateStageName,
  emptyContinuation,
  entrypointMissingBinary,
  envReferenceSameEnv,
  exposeInvalid,
  fromAsCasing,
  fromPlatformFlagConstDisallowed,
  gemUnpinned,
  goBuildFlags,
  goBuilderVersion,
  goCacheMount,
  goCgoStaticRuntime,
  goCrossCompilePlatform,
  goInsecureModules,
  goGetOutsideModule,
  goInstallUnpinned,
  goModCacheOrder,
  goModMutation,
  goSdkInFinalStage,
  healthcheckMissing,
  invalidDefaultArgInFrom,
  invalidDefinitionDescription,
  jsonArgsRecommended,
  legacyKeyValueFormat,
  maintainerDeprecated,
  multipleCmdEntrypoint,
  noShellInRuntime,
  npmUnpinned,
  pipNoCacheDir,
  pipUnpinned,
  pipefail,
  redundantTargetPlatform,
  reservedStageName,
  scratchMissingCaCertificates,
  scratchNamedUser,
  secretInArgEnv,
  stageNameCasing,
  stageUnused,
  sudo,
  syntax,
  tlsVerificationDisabled,
  undefinedArgInFrom,
  undefinedVar,
  untrustedRegistry,
  userNonNumeric,
  userRoot,
  wgetProgress,
  workdirRelative,
  yarnCacheNotCleaned,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));
