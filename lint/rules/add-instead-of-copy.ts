// add-instead-of-copy (DL3020): ADD of local files does what COPY does, plus implicit extraction.
import type { Finding, Rule } from '../rule';

/** What BuildKit fetches instead of reading from the context (URLs and git remotes). */
const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/)/i;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|gz|bz2|xz|zst|lz|lzma)$/i;
/** Folders, the whole context, and file types that are never tar streams. */
const NOT_AN_ARCHIVE = /(^\.?\/?$|\/$|\.(json|ya?ml|toml|ini|cfg|conf|properties|env|txt|md|sh|bash|py|js|mjs|cjs|ts|go|rb|php|java|html?|css|xml|sql|pem|crt|key|jar|war|zip|whl)$)/i;
/** Flags only ADD understands: COPY would fail with them. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export const addInsteadOfCopy: Rule = {
  meta: {
    id: 'add-instead-of-copy', category: 'layers', severity: 'warning', aliases: ['DL3020'],
    description: 'ADD of local files or folders: use COPY, which does only that.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const words = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
      const sources = words.slice(0, -1);
      if (!sources.length) continue;
      let unknown = false;
      const special = sources.some((word) => {
        const expanded = ctx.model.expand(stripQuotes(word.value), instruction);
        if (expanded.unresolved) unknown = true;
        return REMOTE.test(expanded.value) || ARCHIVE.test(expanded.value);
      });
      if (special || unknown) continue;
      const canCopy = !instruction.flags.some((flag) => ADD_ONLY_FLAGS.has(flag.name));
      // ADD unpacks a local tar by its content, whatever its name: only sources that cannot be a
      // tar stream make the swap behaviour-preserving (eligible for fix-all).
      const safe = sources.every((word) => NOT_AN_ARCHIVE.test(ctx.model.expand(stripQuotes(word.value), instruction).value));
      const copy = instruction.rawKeyword === instruction.rawKeyword.toLowerCase() ? 'copy'
        : instruction.rawKeyword === instruction.rawKeyword.toUpperCase() ? 'COPY' : 'Copy';
      findings.push({
        range: instruction.keywordRange,
        message: 'ADD of local files: COPY does the same without ADD\'s implicit archive extraction and downloads; use COPY.',
        fixes: canCopy ? [{
          title: 'Replace ADD with COPY', preferred: true, safe,
          edits: [ctx.replace(instruction.keywordRange, copy)],
        }] : undefined,
      });
    }
    return findings;
  },
};

function stripQuotes(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}
