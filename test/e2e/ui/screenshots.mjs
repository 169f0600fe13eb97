// Screenshots of part of the workbench for the README: the editor from its top down to a widget
// (the completion list, a hover), cropped so the widget's text stays readable on the page.

/** Saves the active editor's area from its top to below `widget`, at least `minWidth` wide. */
export async function screenshotAround(page, path, widget, { minWidth = 900, minHeight = 300 } = {}) {
  const editor = await page.locator('.editor-group-container.active').boundingBox();
  const box = await widget.boundingBox();
  if (!editor || !box) throw new Error('the editor or the widget is not on screen');
  const bottom = Math.min(editor.y + editor.height, Math.max(box.y + box.height + 40, editor.y + minHeight));
  const right = Math.min(editor.x + editor.width, Math.max(box.x + box.width + 40, editor.x + minWidth));
  await page.screenshot({ path, clip: { x: editor.x, y: editor.y, width: right - editor.x, height: bottom - editor.y } });
}
