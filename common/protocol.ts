// Messages between the extension client and the Dockscope language server beyond standard LSP.
// Both sides import this module, so a name or a payload shape cannot drift apart.

/** The configuration section the server asks for through `workspace/configuration`. */
export const LINT_SETTINGS_SECTION = 'dockscope.lint';

/** The section with the editing features' settings (`EditorSettings`), asked for without a scope. */
export const EDITOR_SETTINGS_SECTION = 'dockscope.editor';

/** The language server's name in traces and the Output channel. */
export const SERVER_NAME = 'Dockscope Language Server';

/** Diagnostic `source` of every finding. */
export const DIAGNOSTIC_SOURCE = 'dockscope';

/**
 * What a Dockerfile is called, for every feature (the editor's language, the CLI's search, the
 * Layers view's workspace search): the names and patterns of package.json's `dockerfile` language.
 */
export const DOCKERFILE_NAMES = {
  filenames: ['Dockerfile', 'Containerfile'],
  prefixes: ['Dockerfile.', 'Containerfile.'],
  suffixes: ['.Dockerfile', '.dockerfile', '.containerfile'],
} as const;

/** `<name>.dockerignore` is the ignore file of the Dockerfile `<name>` (BuildKit), not a Dockerfile. */
export function isDockerfileName(name: string): boolean {
  if (name.endsWith('.dockerignore')) return false;
  return DOCKERFILE_NAMES.filenames.some((candidate) => name === candidate)
    || DOCKERFILE_NAMES.prefixes.some((prefix) => name.startsWith(prefix))
    || DOCKERFILE_NAMES.suffixes.some((suffix) => name.endsWith(suffix));
}

/** The same names as a workspace glob. */
export const DOCKERFILE_GLOB = `**/{${[
  ...DOCKERFILE_NAMES.filenames, ...DOCKERFILE_NAMES.prefixes.map((prefix) => `${prefix}*`), ...DOCKERFILE_NAMES.suffixes.map((suffix) => `*${suffix}`),
].join(',')}}`;

/** Files of a build context that change findings; the client watches them and tells the server. */
export const CONTEXT_FILE_GLOB = '**/{go.mod,go.sum,.dockerignore,package.json,package-lock.json,requirements.txt,.dockscope.yaml,.dockscope.yml,.hadolint.yaml,.hadolint.yml}';

/** Base of every rule's documentation page (`<base>/<rule-id>.md`). */
export const RULE_DOCS_BASE = 'https://github.com/dockscope/dockscope/blob/main/docs/rules';
