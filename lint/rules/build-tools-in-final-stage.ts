// build-tools-in-final-stage: compilers and build dependencies installed in the shipped stage of
// a multi-stage build (they belong in the builder).
import type { Finding, Rule } from '../rule';
import type { SimpleCommand } from '../../dockerfile/shell';
import { packageCommand, packageName, optionValues, type PackageCommand } from '../util/packages';
import type { RuleContext } from '../ruleContext';
import { programName } from '../util/startCommand';
import { stageChain, stageName } from '../../dockerfile/stages';
import { startWords } from '../util/startCommand';
import type { Stage } from '../../dockerfile/types';

const BUILD_TOOLS = new Set([
  'gcc', 'g++', 'gcc-c++', 'clang', 'make', 'cmake', 'git', 'build-base', 'build-essential', 'musl-dev',
  'libc6-dev', 'libc-dev', 'linux-headers', 'golang', 'golang-go', 'go', 'autoconf', 'automake', 'libtool',
  'pkgconf', 'pkg-config',
]);
const INSTALL: Record<PackageCommand['manager'], Set<string>> = {
  apt: new Set(['install']), apk: new Set(['add']), yum: new Set(['install']), pip: new Set(),
};
const REMOVE: Record<PackageCommand['manager'], Set<string>> = {
  apt: new Set(['remove', 'purge', 'autoremove']), apk: new Set(['del']), yum: new Set(['remove', 'erase', 'autoremove']), pip: new Set(),
};

const DEV_STAGE = /(^|[-_.])(dev|devel|develop|development|dev-?envs?|devcontainer|debug|test|tests|testing|ci)([-_.]|$)/;
const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh', 'dash', 'fish']);
const C_TOOLS = new Set([
  'gcc', 'g++', 'gcc-c++', 'clang', 'make', 'cmake', 'build-base', 'build-essential', 'musl-dev', 'libc6-dev', 'libc-dev',
  'linux-headers', 'autoconf', 'automake', 'libtool', 'pkgconf', 'pkg-config',
]);
const GO_PACKAGES = new Set(['golang', 'golang-go', 'go']);
/** Programs that compile at run time (so need the C toolchain, and go for cgo). */
const COMPILING = new Set([
  'go', 'gcc', 'g++', 'cc', 'c++', 'clang', 'make', 'cmake', 'cargo', 'rustc', 'bazel', 'bazelisk', 'ninja', 'meson',
  'distcc', 'ccache', 'tcc', 'node-gyp', 'air', 'reflex', 'dlv', 'goreleaser', 'ko', 'mage', 'task', 'just',
  'operator-sdk', 'kubebuilder', 'xcaddy',
]);
/** Programs that run go (tests, code generation, linting, live reload). */
const RUNS_GO = new Set([
  'go', 'air', 'reflex', 'dlv', 'gopls', 'golangci-lint', 'staticcheck', 'gotestsum', 'goreleaser', 'ko', 'mage', 'task',
  'just', 'make', 'buf', 'sqlc', 'swag', 'mockgen', 'wire', 'protoc', 'ent', 'gqlgen', 'oapi-codegen', 'templ',
  'hugo', 'xcaddy', 'operator-sdk', 'kubebuilder',
]);
/** Programs that run git: VCS servers and CI agents, tools fetching modules, charts or repositories. */
const RUNS_GIT = new Set([
  'git', 'go', 'hugo', 'terraform', 'terragrunt', 'tofu', 'helm', 'helmfile', 'kustomize', 'kubectl', 'argocd',
  'argocd-repo-server', 'flux', 'pre-commit', 'npm', 'npx', 'yarn', 'pnpm', 'pip', 'pip3', 'bundle', 'composer',
  'goreleaser', 'renovate', 'atlantis', 'danger', 'semantic-release', 'ansible', 'ansible-playbook', 'ansible-galaxy',
  'jenkins-agent', 'buildkite-agent', 'drone-runner', 'act_runner', 'gitlab-runner', 'cargo', 'mage', 'make', 'task',
  'just', 'repo', 'cz', 'commitizen', 'lefthook', 'golangci-lint', 'gh', 'glab', 'hub', 'tea', 'source-controller',
  'image-automation-controller', 'operator-sdk', 'kubebuilder',
]);
/** `kustomize-controller`, `helm-operator`, `argocd-server`: named after a tool of the set. */
const runsTool = (tools: ReadonlySet<string>, name: string) => tools.has(name) || [...tools].some((tool) => name.startsWith(`${tool}-`));

export const buildToolsInFinalStage: Rule = {
  meta: {
    id: 'build-tools-in-final-stage', category: 'layers', severity: 'warning', aliases: [],
    description: 'Compilers and build dependencies installed in the final stage of a multi-stage build.',
    fixable: false,
  },
  check(ctx) {
    const stage = ctx.model.finalStage;
    if (!stage || ctx.model.stages.length < 2) return [];
    const programs = startWords(ctx.model, stage)?.map(programName) ?? null;
    // No CMD/ENTRYPOINT (a base, toolchain or CI image), a shell as the program (a dev
    // container), or an image that ships a language toolchain on purpose: tools are its product.
    if (programs === null || (programs.length === 1 && SHELLS.has(programs[0])) || shipsToolchain(ctx, stage)) return [];
    // A stage named for development or tests (`dev-envs`, `devcontainer`, `test`): tools are its point.
    if (stage.name && DEV_STAGE.test(stage.name)) return [];
    const source = stage.references.find((reference) => reference.kind === 'copy' && reference.target)?.target
      ?? ctx.model.stages.find((other) => other !== stage)!;
    const builder = stageName(source);
    const findings: Finding[] = [];
    const runs = stage.instructions.filter((instruction) => instruction.keyword === 'RUN');
    for (const instruction of runs) {
      const commands = ctx.model.shellOf(instruction)?.commands ?? [];
      // What this stage itself builds with the tools afterwards (pip install of C extensions, make ...).
      const later = [...commands, ...runs.filter((run) => run.index > instruction.index).flatMap((run) => ctx.model.shellOf(run)?.commands ?? [])];
      commands.forEach((command, index) => {
        const buildsHere = later.slice(later.indexOf(command) + 1).map(buildStep).find((step) => step !== null) ?? null;
        const pkg = packageCommand(command);
        if (!pkg || !INSTALL[pkg.manager].has(pkg.subcommand)) return;
        const removed = removedLater(commands.slice(index + 1));
        const virtual = pkg.manager === 'apk' ? optionValues(pkg, ['-t', '--virtual']) : [];
        if (virtual.some((group) => removed.has(group))) return;
        for (const word of pkg.operands) {
          const name = packageName(word);
          if (!BUILD_TOOLS.has(name) || removed.has(name) || removed.has('*')) continue;
          if (neededAtRunTime(name, programs)) continue;
          findings.push({
            range: word.range,
            message: buildsHere
              ? `${name} stays in the final image although only \`${buildsHere}\` in this stage needs it: build there in a separate stage and copy the result, or remove ${name} in the same RUN.`
              : `${name} installed in the final image: build tools add size and attack surface to what ships; install it in the builder stage (${builder}) instead.`,
          });
        }
      });
    }
    return findings;
  },
};

/**
 * Package (and apk virtual group) names removed by later commands of the same RUN. The Debian
 * idiom `apt-mark auto '.*'; apt-mark manual $saved; apt-get purge -y --auto-remove` removes
 * everything installed since: reported as `*`.
 */
function removedLater(commands: SimpleCommand[]): Set<string> {
  const removed = new Set<string>();
  let markedAuto = false;
  for (const command of commands) {
    if (command.effective.name === 'apt-mark' && command.effective.args[0]?.value === 'auto') markedAuto = true;
    const pkg = packageCommand(command);
    if (!pkg || !REMOVE[pkg.manager].has(pkg.subcommand)) continue;
    const autoRemove = pkg.subcommand === 'autoremove' || pkg.options.some((word) => word.value === '--auto-remove' || word.value === '--autoremove');
    if (markedAuto && autoRemove) removed.add('*');
    for (const word of pkg.operands) removed.add(packageName(word));
  }
  return removed;
}

/** `pip install`, `npm ci`, `make` ...: a command that compiles with the build tools, as written; null otherwise. */
function buildStep(command: SimpleCommand): string | null {
  const { name, args } = command.effective;
  if (name === null) return null;
  const sub = args.find((word) => !word.value.startsWith('-'))?.value ?? '';
  const steps: Record<string, string[]> = {
    pip: ['install'], pip3: ['install'], npm: ['install', 'ci', 'rebuild'], yarn: ['install', ''], pnpm: ['install'],
    gem: ['install'], bundle: ['install', ''], cargo: ['build', 'install'], go: ['build', 'install'], composer: ['install'],
    make: ['*'], cmake: ['*'], './configure': ['*'], configure: ['*'], python: ['setup.py'], python3: ['setup.py'],
  };
  const wanted = steps[name];
  if (!wanted || !(wanted.includes('*') || wanted.includes(sub))) return null;
  return [name, sub].filter(Boolean).join(' ');
}

/** True when the package serves what the image runs: git for tools that clone, compilers for tools that build. */
function neededAtRunTime(pkg: string, programs: readonly string[]): boolean {
  if (pkg === 'git') return programs.some((name) => runsTool(RUNS_GIT, name) || name.startsWith('git') || /[-_]git/.test(name));
  if (GO_PACKAGES.has(pkg)) return programs.some((name) => runsTool(RUNS_GO, name));
  if (C_TOOLS.has(pkg)) return programs.some((name) => runsTool(COMPILING, name) || runsTool(RUNS_GO, name));
  return false;
}

/** The final image ships a Go toolchain on purpose: the golang image definitions and images like them. */
function shipsToolchain(ctx: RuleContext, stage: Stage): boolean {
  for (const member of stageChain(stage)) {
    for (const instruction of member.instructions) {
      if (instruction.keyword === 'ENV' && instruction.properties.some((p) => /^(GOLANG_VERSION|GOROOT|GOTOOLCHAIN)$/.test(p.name)
        || (p.name === 'PATH' && /\/go\/bin\b/.test(p.value ?? '')))) return true;
      if (instruction.keyword === 'COPY' && /(^|\s)\S*\/usr\/local\/go\/?(\s|$)/.test(ctx.textOf(instruction.range))) return true;
    }
  }
  return false;
}
