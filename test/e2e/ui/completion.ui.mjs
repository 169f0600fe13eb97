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
  await openFile(page, 'go-naive/Dockerfile');
  // The language server is up once the file's findings show.
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+End');
  await page.keyboard.type('HEALTH', { delay: 50 });

  const widget = page.locator('.editor-widget.suggest-widget.visible');
  const rows = widget.locator('.monaco-list-row');
  await rows.filter({ hasText: PICK }).first().waitFor({ timeout: 20_000 });
  const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''));
  const target = labels.findIndex((label) => label.includes(PICK));
  const focused = await rows.evaluateAll((elements) => elements.findIndex((element) => element.classList.contains('focused')));
  for (let i = Math.max(0, focused); i < target; i++) await page.keyboard.press('ArrowDown');
  for (let i = Math.max(0, focused); i > target; i--) await page.keyboard.press('ArrowUp');
  // The details pane shows the focused item's documentation (resolved by the server).
  await widget.locator('.suggest-details').filter({ hasText: /healthcheck|test the container/i }).first().waitFor({ timeout: 10_000 })
    .catch(async () => {
      await page.keyboard.press('Control+Space');
      await page.locator('.suggest-details-container .suggest-details').filter({ hasText: /test the container/i }).first().waitFor({ timeout: 10_000 });
    });
  await screenshotAround(page, join(artifacts, 'editing-completion.png'), widget);

  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  await page.keyboard.press('Escape'); // leave the snippet's placeholders
  await page.waitForFunction(`(${editorLines})().includes(${JSON.stringify(INSERTED)})`, null, { timeout: 10_000 })
    .catch(async (error) => { throw new Error(`the picked item did not insert ${INSERTED}: lines ${JSON.stringify(await page.evaluate(editorLines))} (${error.message})`); });
}

