// BuildKit's build checks (`docker build --check`, `# check=skip=…`), by name: the checks Docker DX
// reports in the editor, the names `# check=` directives take, and the aliases of the rules that
// stand for one. Kept as data so a rule alias that is not a real check name stays a hadolint code.
export const BUILDKIT_CHECKS = [
  'ConsistentInstructionCasing',
  'CopyIgnoredFile',
  'DuplicateStageName',
  'ExposeInvalidFormat',
  'ExposeProtoCasing',
  'FromAsCasing',
  'FromPlatformFlagConstDisallowed',
  'InvalidBaseImagePlatform',
  'InvalidDefaultArgInFrom',
  'InvalidDefinitionDescription',
  'JSONArgsRecommended',
  'LegacyKeyValueFormat',
  'MaintainerDeprecated',
  'MultipleInstructionsDisallowed',
  'NoEmptyContinuation',
  'RedundantTargetPlatform',
  'ReservedStageName',
  'SecretsUsedInArgOrEnv',
  'StageNameCasing',
  'UndefinedArgInFrom',
  'UndefinedVar',
  'WorkdirRelativePath',
] as const;

const NAMES: ReadonlySet<string> = new Set(BUILDKIT_CHECKS);

export function isBuildKitCheck(name: string): boolean {
  return NAMES.has(name);
}

/** Checks BuildKit runs only when `# check=experimental=<name>|all` asks for them. */
const EXPERIMENTAL: ReadonlySet<string> = new Set(['InvalidDefinitionDescription']);

export function isExperimentalCheck(name: string): boolean {
  return EXPERIMENTAL.has(name);
}
