// UI: a Dockerfile problem shows as a squiggle in the editor and as an entry in the Problems
// panel, in the real workbench. Also measures workbench load → first diagnostic on screen.
export const name = 'squiggle and Problems entry for a Dockerfile diagnostic';

export default async function ({ openWorkbench, openFile, screenshot, figures }) {
  const { page, loadedAt } = await openWorkbench();
  await openFile(page, 'syntax/Dockerfile');
  const openedAt = Date.now();
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
  // Only when this check opened the window (it runs first; a filtered run may reuse one).
  if (loadedAt !== undefined) figures.push(['workbench load → first diagnostic on screen', `${Date.now() - loadedAt} ms`]);
  figures.push(['Dockerfile opened → squiggle', `${Date.now() - openedAt} ms`]);

  await page.keyboard.press('Control+Shift+M');
  const entry = page.locator('.markers-panel .monaco-list-row', { hasText: 'Unknown instruction RUNN' });
  await entry.first().waitFor({ timeout: 30_000 });
  const text = await entry.first().innerText();
  if (!/syntax/.test(text)) throw new Error(`the Problems entry does not show the rule code: ${JSON.stringify(text)}`);
  await screenshot(page, 'diagnostics-problems');
}
