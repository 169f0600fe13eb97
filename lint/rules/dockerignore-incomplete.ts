// dockerignore-incomplete: a .dockerignore that lets .git or .env files into a whole-context COPY.
import type { Rule } from '../rule';
import { namedContextSources, wholeContextCopies } from '../util/contextCopies';
import { excludes, hasReadableContext } from './dockerignore-missing';

const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.production', '.env.test'];

export const dockerignoreIncomplete: Rule = {
  meta: {
    id: 'dockerignore-incomplete', category: 'layers', severity: 'info', aliases: [],
    description: 'The .dockerignore does not exclude .git or .env files while the whole context is copied.',
    fixable: true,
  },
  check(ctx) {
    const copies = wholeContextCopies(ctx.model);
    const ignore = ctx.context.dockerignore();
    if (!copies.length || !ignore || !hasReadableContext(ctx)) return [];
    const copied = namedContextSources(ctx.model);
    const excludesCopied = (entry: string) => copied.some((path) => excludes(entry, path));
    // Only what is really in the context (a subfolder context has no .git to leak), and not
    // what the Dockerfile copies on purpose (`COPY .git .git` for version stamping).
    const leaked: string[] = [];
    const entries: string[] = [];
    const hasGit = ctx.context.exists('.git/HEAD') || ctx.context.exists('.git');
    if (hasGit && !ignore.ignores('.git') && !ignore.ignores('.git/HEAD') && !excludesCopied('.git')) {
      leaked.push('.git');
      entries.push('.git');
    }
    const envFiles = ENV_FILES.filter((path) => ctx.context.exists(path) && !ignore.ignores(path) && !excludesCopied(path));
    if (envFiles.length) {
      leaked.push(...envFiles);
      // `.env*` would also drop files the Dockerfile copies (`COPY .env.example .`): name them instead.
      entries.push(...(excludesCopied('.env*') ? envFiles : ['.env*']));
    }
    if (!leaked.length) return [];
    const eol = ignore.text.includes('\r\n') ? '\r\n' : ignore.text.includes('\n') ? '\n' : ctx.eol;
    const separator = ignore.text === '' || ignore.text.endsWith('\n') ? '' : eol;
    const consequences = [
      ...(leaked.includes('.git') ? ['the repository history goes into the image and every commit busts the cache'] : []),
      ...(envFiles.length ? ['local secrets go into the image'] : []),
    ];
    return [{
      range: copies[0].source.range,
      message: `.dockerignore does not exclude ${leaked.join(', ')}: ${consequences.join(', and ')}.`,
      fixes: [{
        title: `Add ${entries.join(', ')} to .dockerignore`, preferred: true, safe: true,
        edits: [],
        createFiles: [{ path: '.dockerignore', content: separator + entries.map((entry) => entry + eol).join(''), append: true }],
      }],
    }];
  },
};
