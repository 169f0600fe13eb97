// dockerignore-incomplete: a .dockerignore that lets .git or .env files into a whole-context COPY.
import type { Rule } from '../rule';
import { wholeContextCopies } from '../util/contextCopies';
import { hasReadableContext } from './dockerignore-missing';

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
    const missing: string[] = [];
    // Only what is really in the context: a subfolder context has no .git to leak.
    const hasGit = ctx.context.exists('.git/HEAD') || ctx.context.exists('.git');
    if (hasGit && !ignore.ignores('.git') && !ignore.ignores('.git/HEAD')) missing.push('.git');
    const envFiles = ENV_FILES.filter((path) => ctx.context.exists(path) && !ignore.ignores(path));
    if (envFiles.length) missing.push('.env*');
    if (!missing.length) return [];
    const eol = ignore.text.includes('\r\n') ? '\r\n' : ignore.text.includes('\n') ? '\n' : ctx.eol;
    const separator = ignore.text === '' || ignore.text.endsWith('\n') ? '' : eol;
    const leaked = [...(missing.includes('.git') ? ['.git'] : []), ...envFiles];
    return [{
      range: copies[0].source.range,
      message: `.dockerignore does not exclude ${leaked.join(', ')}: ${missing.includes('.git') ? 'the repository history goes into the image and every commit busts the cache' : 'local secrets go into the image'}${missing.length === 2 ? ', and local secrets go in too' : ''}.`,
      fixes: [{
        title: `Add ${missing.join(' and ')} to .dockerignore`, preferred: true, safe: true,
        edits: [],
        createFiles: [{ path: '.dockerignore', content: ignore.text + separator + missing.map((entry) => entry + eol).join('') }],
      }],
    }];
  },
};
