// Screenshots of part of the workbench for the README: the editor with the widgets shown over it
// (the completion list and its details, a hover), cropped so their text stays readable.

/** Saves the active editor's area, grown to hold the `widgets` (a hover may rise above it). */
export async function screenshotAround(page, path, ...widgets) {
  const minWidth = 900;
  const minHeight = 300;
  const editor = await page.locator('.editor-group-container.active').boundingBox();
  const boxes = await Promise.all(widgets.map((widget) => widget.boundingBox()));
  if (!editor || boxes.some((box) => !box)) throw new Error('the editor or a widget is not on screen');
  const top = Math.max(0, Math.min(editor.y, ...boxes.map((box) => box.y - 10)));
  const bottom = Math.min(editor.y + editor.height, Math.max(editor.y + minHeight, ...boxes.map((box) => box.y + box.height + 30)));
  const right = Math.min(editor.x + editor.width, Math.max(editor.x + minWidth, ...boxes.map((box) => box.x + box.width + 30)));
  await page.screenshot({ path, clip: { x: editor.x, y: top, width: right - editor.x, height: bottom - top } });
}
