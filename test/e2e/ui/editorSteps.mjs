// Shared by the UI checks that edit: moving the cursor, reading the editor's lines, and
// applying a quick fix from the lightbulb menu with the keyboard only.

/** The active editor's visible lines in order (Monaco positions line nodes by `top`, not DOM order). */
export function editorLines() {
  return [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')]
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '));
}

export async function lineText(page, line) {
  return (await page.evaluate(editorLines))[line - 1];
}

/** Moves the editor cursor to a 1-based line with the Go to Line prompt (Ctrl+G). */
export async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Ctrl+. on the cursor's line, then the arrow keys to the fix titled `title`, then Enter.
 * `beforeChoosing` runs while the menu is open (e.g. to take a screenshot).
 */
export async function quickFixByKeyboard(page, title, beforeChoosing) {
  const menu = page.locator('.action-widget:not(.action-list-submenu-panel)');
  const rows = menu.locator('.monaco-list-row');
  // The menu shows the actions known when it opens: if they had not arrived yet, close it and
  // ask again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await rows.filter({ hasText: title }).first().waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden' }).catch(() => undefined);
    }
  }
  if (beforeChoosing) await beforeChoosing();
  const titles = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''));
  const target = titles.findIndex((text) => text.includes(title));
  const focused = await rows.evaluateAll((elements) => elements.findIndex((element) => element.classList.contains('focused')));
  const steps = target - Math.max(0, focused);
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });
}
