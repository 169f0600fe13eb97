// A Dockerfile saved with a UTF-8 byte-order mark: BuildKit and the CLI skip the mark, and so does
// the model (it counts it as one column of line 0). Edits keep it where it is: first in the file.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix } from '../rule';

const BYTE_ORDER_MARK = '\uFEFF';

export function hasByteOrderMark(text: string): boolean {
  return text.startsWith(BYTE_ORDER_MARK);
}

/**
 * The edit as it applies to a text that starts with the mark: one starting at the very start of
 * the file (a line inserted at the top, line 0 replaced) starts after the mark instead, unless its
 * new text brings the mark itself.
 */
export function afterByteOrderMark(edit: TextEdit): TextEdit {
  const { start, end } = edit.range;
  if (start.line !== 0 || start.character !== 0 || edit.newText.startsWith(BYTE_ORDER_MARK)) return edit;
  const after = { line: 0, character: 1 };
  return { range: { start: after, end: end.line === 0 && end.character === 0 ? after : end }, newText: edit.newText };
}

/** Moves the fixes' edits after the mark; edits built on first read (lazyFix) stay lazy. */
export function keepByteOrderMark(fixes: readonly Fix[]): void {
  for (const fix of fixes) {
    const descriptor = Object.getOwnPropertyDescriptor(fix, 'edits');
    const read = descriptor?.get ?? (() => descriptor?.value as TextEdit[]);
    let edits: TextEdit[] | undefined;
    Object.defineProperty(fix, 'edits', {
      enumerable: true,
      configurable: true,
      get: () => (edits ??= read.call(fix).map(afterByteOrderMark)),
    });
  }
}
