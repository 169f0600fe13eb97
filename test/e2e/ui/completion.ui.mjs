// UI: completion in the workbench editor. A new instruction typed at the end of a Dockerfile is
// picked from the suggestion widget (with the keyboard) and lands as the library's snippet.
import { join } from 'node:path';
import { editorLines } from './editorSteps.mjs';
import { screenshotAround } from './screenshots.mjs';

export const name = 'completion: a new instruction typed and picked from the suggestion widget';

const PICK = 'HEALTHCHECK --interval=30s';
const INSERTED = 'HEALTHCHECK --interval=30s --timeout=30s --start-period=5s --retries=3 CMD [ "executable" ]';

export default async function ({ openWorkbench, openFile, artifacts }) {
  const { page } = await openWorkbench();
  await openFile(page, 'editing/Dockerfile');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('HEALTH', { delay: 50 });

  const widget = page.locator('.editor-widget.suggest-widget.visible');
  const rows = widget.locator('.monaco-list-row');
  // Until the language server is up the widget has only the words of the file: ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      await rows.filter({ hasText: PICK }).first().waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
    }
  }
  const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''));
  const target = labels.findIndex((label) => label.includes(PICK));
  const focused = await rows.evaluateAll((elements) => elements.findIndex((element) => element.classList.contains('focused')));
  for (let i = Math.max(0, focused); i < target; i++) await page.keyboard.press('ArrowDown');
  for (let i = Math.max(0, focused); i > target; i--) await page.keyboard.press('ArrowUp');
  // The details beside the list: the focused item's documentation, resolved by the server
  // (Ctrl+Space shows them when the workbench has them folded).
  const details = page.locator('.suggest-details-container .suggest-details', { hasText: /test the container/i });
  if (!await details.isVisible()) await page.keyboard.press('Control+Space');
  await details.first().waitFor({ timeout: 10_000 });
  await screenshotAround(page, join(artifacts, 'editing-completion.png'), widget, details.first());

  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  await page.keyboard.press('Escape'); // leave the snippet's placeholders
  await page.waitForFunction(`(${editorLines})().includes(${JSON.stringify(INSERTED)})`, null, { timeout: 10_000 })
    .catch(async (error) => { throw new Error(`the picked item did not insert ${INSERTED}: lines ${JSON.stringify(await page.evaluate(editorLines))} (${error.message})`); });
  // Leave the file as it was for the checks after this one (code-server saves after a delay).
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+S');
}
