// Keeps per-line figures in step with edits: a figure on an edited line goes away, figures below
// an edit move by the number of lines it added or removed. No `vscode` import, so it is unit-tested.

export interface LineEdit {
  /** 0-based first and last line of the replaced range, in the document before the edit. */
  startLine: number;
  endLine: number;
  /** The inserted text. */
  text: string;
}

export function shiftForEdits<T>(figures: ReadonlyMap<number, T>, edits: readonly LineEdit[]): Map<number, T> {
  let current = new Map(figures);
  // Ranges refer to the document before the event; applying the lowest edit last keeps the
  // higher ones' line numbers valid.
  for (const edit of [...edits].sort((a, b) => b.startLine - a.startLine)) {
    const added = (edit.text.match(/\n/g) ?? []).length - (edit.endLine - edit.startLine);
    const next = new Map<number, T>();
    for (const [line, figure] of current) {
      if (line >= edit.startLine && line <= edit.endLine) continue;
      next.set(line > edit.endLine ? line + added : line, figure);
    }
    current = next;
  }
  return current;
}
