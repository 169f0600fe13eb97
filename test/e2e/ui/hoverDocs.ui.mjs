// UI: hover documentation on an instruction in the workbench editor (from the language service,
// through Dockscope's hover).
import { join } from 'node:path';
import { screenshotAround } from './screenshots.mjs';

export const name = 'hover docs on an instruction';

export default async function ({ openWorkbench, openFile, artifacts }) {
  const { page } = await openWorkbench();
  await openFile(page, 'editing/Dockerfile');
  const line = page.locator('.editor-group-container.active .view-line', { hasText: 'USER 65532:65532' }).first();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /user name or UID/i }).first();
  // The pointer has to rest on the word, and the server has to be up: move off and back until
  // the documentation shows.
  for (let attempt = 1; ; attempt++) {
    await line.hover({ position: { x: 25, y: 8 } });
    try {
      await hover.waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 5) throw error;
      await page.mouse.move(0, 0);
    }
  }
  const text = await hover.innerText();
  if (!/USER daemon/.test(text) || !/Online documentation/.test(text)) throw new Error(`the hover is not USER's documentation: ${JSON.stringify(text)}`);
  await screenshotAround(page, join(artifacts, 'editing-hover-docs.png'), hover);
}
