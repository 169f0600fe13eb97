// Quote removal for instruction words BuildKit expands like shell words (EXPOSE, USER, WORKDIR):
// `"8080"` and `'app'` mean 8080 and app.

/** Removes the quotes of `"..."` / `'...'` segments; the escape character keeps the next one literal. */
export function unquote(word: string, escapeChar = '\\'): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (ch === escapeChar && quote !== "'" && i + 1 < word.length) {
      out += word[++i];
      continue;
    }
    if (quote ? ch === quote : ch === '"' || ch === "'") {
      quote = quote ? null : ch;
      continue;
    }
    out += ch;
  }
  return out;
}

/**
 * A Windows path as written, before the escape character is applied (`C:\`, `'C:\'`, `"C:\app"`,
 * `c:/x`, `C:`, `\\server\share`): the backslashes are path separators there, not escapes.
 */
const WINDOWS_ABSOLUTE = /^["']?(?:[A-Za-z]:(?:[\\/]|["']?$)|\\\\)/;

export function isWindowsAbsoluteAsWritten(text: string): boolean {
  return WINDOWS_ABSOLUTE.test(text);
}
