// dockerignore-missing: the whole context is copied and there is no .dockerignore, so .git,
// secrets and build output go into the image and every commit busts the cache.
import type { Rule } from '../rule';
import { parseDockerIgnore } from '../context/buildContext';
import type { RuleContext } from '../ruleContext';
import { namedContextSources, wholeContextCopies } from '../util/contextCopies';
import { stageChain } from '../../dockerfile/stages';
import { lazyFix } from '../util/lazyFix';

const COMMON = ['.git', '.env*', '*.log', 'Dockerfile*', '.dockerignore', 'docker-compose*'];
const NODE = ['node_modules', 'npm-debug.log*', 'dist/', 'build/', 'coverage/'];
const PYTHON = ['__pycache__/', '*.py[cod]', '.venv/', 'venv/', '.pytest_cache/', 'dist/', 'build/', '*.egg-info/'];

export const dockerignoreMissing: Rule = {
  meta: {
    id: 'dockerignore-missing', category: 'layers', severity: 'warning', aliases: [],
    description: 'The whole build context is copied and there is no .dockerignore: .git, secrets and build output go into the image.',
    fixable: true,
  },
  check(ctx) {
    const copies = wholeContextCopies(ctx.model);
    if (!copies.length || !hasReadableContext(ctx)) return [];
    if (ctx.context.dockerignore() || ctx.context.exists('Dockerfile.dockerignore')) return [];
    const first = copies[0];
    // Whether the copy lands in the image that ships (the final stage or a stage it is built FROM)
    // or only in a builder stage, whose layers stay on the build machine.
    const shipped = ctx.model.finalStage ? stageChain(ctx.model.finalStage).map((stage) => stage.index) : [];
    const intoImage = copies.some((copy) => shipped.includes(copy.instruction.stageIndex));
    const where = intoImage ? 'go into the image' : 'are sent to the builder and kept in that stage\'s layers';
    return [{
      range: first.source.range,
      message: `The whole build context is copied and there is no .dockerignore: .git, .env secrets and build output ${where}, and every commit busts the layer cache.`,
      // The entries depend on the whole project: built only when the fix is asked for.
      fixes: [lazyFix({ title: 'Create a .dockerignore for this project', preferred: true, edits: [] },
        'createFiles', () => [{ path: '.dockerignore', content: dockerignoreFor(ctx) }])],
    }];
  },
};

/** False for documents without a folder on disk (unsaved files): no file can be said missing. */
export function hasReadableContext(ctx: RuleContext): boolean {
  const root = ctx.context.root;
  return !/^[a-z][a-z0-9+.-]+:/i.test(root);
}

/** Entries suited to the project, minus any that would exclude a path the Dockerfile copies. */
function dockerignoreFor(ctx: RuleContext): string {
  const entries = [...COMMON];
  const goMod = ctx.context.goMod();
  if (goMod) {
    entries.push('bin/', 'dist/');
    if (!usesVendor(ctx)) entries.push('vendor/');
  }
  if (ctx.context.hasPackageJson()) entries.push(...NODE);
  if (ctx.context.hasRequirementsTxt() || ctx.context.exists('pyproject.toml')) entries.push(...PYTHON);
  const copied = namedContextSources(ctx.model);
  const kept = [...new Set(entries)].filter((entry) => !copied.some((path) => excludes(entry, path)));
  return kept.map((entry) => entry + ctx.eol).join('');
}

const matchers = new Map<string, ReturnType<typeof parseDockerIgnore>>();

/** Whether a single .dockerignore entry would leave `path` out of the context (matchers cached). */
export function excludes(entry: string, path: string): boolean {
  let matcher = matchers.get(entry);
  if (!matcher) {
    matcher = parseDockerIgnore(entry);
    if (matchers.size < 256) matchers.set(entry, matcher);
  }
  const trimmed = path.replace(/\/+$/, '');
  return matcher.ignores(trimmed) || matcher.ignores(path);
}

/** Go builds from vendor/ with `-mod=vendor`, or automatically when vendor/modules.txt exists. */
function usesVendor(ctx: RuleContext): boolean {
  if (ctx.context.exists('vendor/modules.txt')) return true;
  return ctx.goInvocations().some((go) => go.flags.some((flag) => flag.name === 'mod' && flag.value === 'vendor')
    || (go.env.get('GOFLAGS')?.value ?? '').split(/\s+/).includes('-mod=vendor'));
}
