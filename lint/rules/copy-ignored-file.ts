// copy-ignored-file: COPY/ADD of a context path that .dockerignore leaves out of the context: the
// file is not there to copy.
import type { Finding, Rule, RuleContext } from '../rule';
import { cleanPath } from '../../common/dockerignore';
import type { DockerIgnore } from '../context/buildContext';
import type { Instruction, Word } from '../../dockerfile/types';
import { unquote } from '../util/words';

const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;
const GLOB = /[*?[\\]/;
/** Patterns that leave out every top-level entry: `COPY . .` then copies nothing. */
const WHOLE_CONTEXT = new Set(['*', '**', '**/*']);

export const copyIgnoredFile: Rule = {
  meta: {
    id: 'copy-ignored-file',
    category: 'correctness',
    severity: 'error',
    aliases: ['CopyIgnoredFile'],
    description: 'COPY or ADD of a path that .dockerignore excludes from the build context: the file is not there to copy.',
    fixable: true,
  },
  check(ctx) {
    const ignore = ctx.context.dockerignore();
    if (!ignore?.patterns.length) return [];
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((flag) => flag.name === 'from')) continue;
      const json = jsonWords(ctx, instruction);
      for (const word of (json ?? instruction.args).slice(0, -1)) {
        const finding = checkSource(ctx, instruction, word, ignore);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

/** `COPY ["a", "b"]`: the decoded paths, each on its written word when they line up. */
function jsonWords(ctx: RuleContext, instruction: Instruction): Word[] | null {
  if (!instruction.argsRange || !instruction.args[0]?.value.startsWith('[')) return null;
  let values: unknown;
  try {
    values = JSON.parse(ctx.textOf(instruction.argsRange));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) return null;
  const aligned = values.length === instruction.args.length;
  return values.map((value: string, i) => ({ value, range: aligned ? instruction.args[i].range : instruction.argsRange!, json: true }));
}

function checkSource(ctx: RuleContext, instruction: Instruction, word: Word & { json?: boolean }, ignore: DockerIgnore): Finding | null {
  if (word.value.startsWith('<<')) return null;
  const expanded = ctx.model.expand(word.json ? word.value : unquote(word.value, ctx.escapeChar), instruction);
  if (expanded.unresolved || REMOTE.test(expanded.value)) return null;
  const path = cleanPath(expanded.value).replace(/^\/+/, '') || '.';
  const exclusions = ignore.patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const verb = instruction.keyword === 'ADD' ? 'ADD' : 'COPY';
  if (path === '.') {
    // The context root: only a pattern that leaves out everything empties it.
    if (exclusions.length || !ignore.patterns.some((pattern) => WHOLE_CONTEXT.has(pattern))) return null;
    return {
      range: word.range,
      severity: 'warning',
      message: `.dockerignore excludes every entry of the build context: ${verb} ${word.value} copies nothing.`,
    };
  }
  if (!ignore.ignores(path)) return null;
  // A `!` pattern may take back files under this path: then part of it is there.
  if (exclusions.some((pattern) => GLOB.test(pattern) || pattern.startsWith(`${path}/`))) return null;
  const glob = GLOB.test(path);
  return {
    range: word.range,
    severity: glob ? 'warning' : 'error',
    message: glob
      ? `.dockerignore excludes what ${path} matches: ${verb} finds no file there and fails unless another source matches.`
      : `.dockerignore excludes ${path} from the build context: ${verb} fails with "not found".`,
    fixes: glob ? [] : [{
      title: `Re-include ${path} in .dockerignore (!${path})`,
      edits: [],
      createFiles: [{ path: '.dockerignore', content: `${ignore.text === '' || ignore.text.endsWith('\n') ? '' : '\n'}!${path}\n`, append: true }],
    }],
  };
}
