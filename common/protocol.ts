// Messages between the extension client and the Dockscope language server beyond standard LSP.
// Both sides import this module, so a name or a payload shape cannot drift apart.

/** The configuration section the server asks for through `workspace/configuration`. */
export const LINT_SETTINGS_SECTION = 'dockscope.lint';

/** The language server's name in traces and the Output channel. */
export const SERVER_NAME = 'Dockscope Language Server';

/** Diagnostic `source` of every finding. */
export const DIAGNOSTIC_SOURCE = 'dockscope';

/** Files of a build context that change findings; the client watches them and tells the server. */
export const CONTEXT_FILE_GLOB = '**/{go.mod,go.sum,.dockerignore,package.json,package-lock.json,requirements.txt,.dockscope.yaml,.dockscope.yml,.hadolint.yaml,.hadolint.yml}';

/** Base of every rule's documentation page (`<base>/<rule-id>.md`). */
export const RULE_DOCS_BASE = 'https://github.com/dockscope/dockscope/blob/main/docs/rules';
