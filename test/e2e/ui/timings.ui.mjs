// UI: a build from the command palette opens the timings panel, whose webview renders one row
// per step (read inside the webview frame); a hostile step name (HTML in a RUN) renders as
// text; the Dockerfile lines get their inline figures.
import Docker from 'dockerode';
import { buildActiveDockerfile, timingsFrame } from './buildSteps.mjs';

export const name = 'timings panel rows and inline figures after a build; hostile step name as text';
/** hostile-build/Dockerfile builds FROM golang:1.19-bookworm (scripts/go-image.sh). */
export const needsGoImage = true;

const TAG = 'dockscope-test/e2e-ui-timings:1';

/** Texts VS Code renders after the editor's lines (decorations' `after` content). */
function inlineFigures(page) {
  return page.evaluate(() => [...document.querySelectorAll('.monaco-editor .view-lines span')]
    .flatMap((span) => [span.textContent ?? '', getComputedStyle(span, '::after').content])
    .filter((text) => /\d+(\.\d+)? ?(ms|s)\b|cached/.test(text)));
}

export default async function ({ openWorkbench, openFile, runCommand, screenshot }) {
  const docker = new Docker();
  try {
    const { page } = await openWorkbench();
    await openFile(page, 'hostile-build/Dockerfile');
    const rows = await buildActiveDockerfile(page, runCommand, { tag: TAG });
    const frame = timingsFrame(page);
    const hostile = frame.locator('section.steps tbody tr', { hasText: '<b>bold</b>' });
    await hostile.first().waitFor({ timeout: 30_000 });
    if (await rows.count() < 2) throw new Error(`expected a row per step, got ${await rows.count()}`);
    if (await frame.locator('img[src="x"], section.steps b').count()) throw new Error('a step name was rendered as HTML');
    await screenshot(page, 'timings-hostile');

    await page.locator('.tab', { hasText: 'Dockerfile' }).first().click();
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-editor .view-lines span')]
      .some((span) => /\d+(\.\d+)? ?(ms|s)\b|cached/.test((span.textContent ?? '') + getComputedStyle(span, '::after').content)), null, { timeout: 30_000 });
    const figures = await inlineFigures(page);
    if (figures.length === 0) throw new Error('no inline figures after the build');
  } finally {
    await docker.getImage(TAG).remove().catch(() => undefined);
  }
}
