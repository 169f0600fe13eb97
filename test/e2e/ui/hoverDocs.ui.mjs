// UI: hover documentation on an instruction in the workbench editor (from the language service,
// through Dockscope's hover).
import { join } from 'node:path';
import { screenshotAround } from './screenshots.mjs';

export const name = 'hover docs on an instruction';

export default async function ({ openWorkbench, openFile, artifacts }) {
  const { page } = await openWorkbench();
  await openFile(page, 'go-naive/Dockerfile');
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
  const line = page.locator('.editor-group-container.active .view-line', { hasText: 'WORKDIR /app' }).first();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /working directory/i }).first();
  // The hover needs the pointer to rest on the word; move off and back if the first rest is missed.
  for (let attempt = 1; ; attempt++) {
    await line.hover({ position: { x: 25, y: 8 } });
    try {
      await hover.waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.mouse.move(0, 0);
    }
  }
  const text = await hover.innerText();
  if (!/WORKDIR/.test(text) || !/Online documentation/.test(text)) throw new Error(`the hover is not WORKDIR's documentation: ${JSON.stringify(text)}`);
  await screenshotAround(page, join(artifacts, 'editing-hover-docs.png'), hover);
}
