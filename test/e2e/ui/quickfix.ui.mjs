// UI: the lightbulb menu opened with Ctrl+. on a Go finding, the fix chosen with the keyboard,
// and the line changes in the editor.
import { editorLines, goToLine, lineText, quickFixByKeyboard } from './editorSteps.mjs';

export const name = 'lightbulb quick fix applied by keyboard (Ctrl+.) changes the line';

export default async function ({ openWorkbench, openFile, screenshot }) {
  const { page } = await openWorkbench();
  await openFile(page, 'go-naive/Dockerfile');
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
  await goToLine(page, 3);
  if (await lineText(page, 3) !== 'COPY . .') throw new Error(`unexpected line 3: ${await lineText(page, 3)}`);

  await quickFixByKeyboard(page, 'Copy go.mod and run go mod download before the source', () => screenshot(page, 'quick-fix-menu'));
  await page.waitForFunction(`(${editorLines})()[2] === 'COPY go.mod ./'`, null, { timeout: 15_000 });
  if (await lineText(page, 4) !== 'RUN go mod download') throw new Error(`line 4 after the fix: ${await lineText(page, 4)}`);
  await screenshot(page, 'quick-fix-applied');
}
