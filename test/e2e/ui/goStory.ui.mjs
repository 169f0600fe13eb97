// UI: the articles' story in the workbench. Open the naive Go service Dockerfile, see the Go
// findings, build it with timings, apply "split into builder and runtime stages" from the
// lightbulb, build again, and see both images in the Layers view: hundreds of MB against a few.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { buildActiveDockerfile, timingsFrame } from './buildSteps.mjs';
import { goToLine, quickFixByKeyboard } from './editorSteps.mjs';

export const name = 'Go story: findings, build, split fix, rebuild, single-stage vs multi-stage in the Layers view';
/** It builds FROM golang:1.19-bookworm (scripts/go-image.sh). */
export const needsGoImage = true;

const SINGLE = 'dockscope-test/e2e-go-story:single';
const MULTI = 'dockscope-test/e2e-go-story:multi';
const UNITS = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

function sizeIn(text) {
  const match = /(\d+(?:\.\d+)?) (B|kB|MB|GB)\b/.exec(text);
  if (!match) throw new Error(`no size in ${JSON.stringify(text)}`);
  return Number(match[1]) * UNITS[match[2]];
}

async function problemsShow(page, rule) {
  await page.locator('.markers-panel .monaco-list-row', { hasText: rule }).first().waitFor({ timeout: 60_000 });
}

export default async function ({ showViewContainer, workspace, openWorkbench, openFile, runCommand, widenSideBar, screenshot }) {
  const docker = new Docker();
  // A source edit unique to this run: the build steps from COPY . . on really run (and are
  // timed), instead of coming from an earlier run's build cache.
  appendFileSync(join(workspace, 'go-service', 'main.go'), `\n// e2e run ${Date.now()}\n`);
  try {
    const { page } = await openWorkbench();
    await openFile(page, 'go-service/Dockerfile');
    await page.keyboard.press('Control+Shift+M');
    await problemsShow(page, 'go-sdk-in-final-stage');
    await problemsShow(page, 'go-mod-cache-order');
    await screenshot(page, 'go-story-findings');
    // Close the panel (Ctrl+J from the editor) so the editor and the timings get the room.
    await page.locator('.tab', { hasText: 'Dockerfile' }).first().click();
    await page.keyboard.press('Control+J');
    await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});

    await buildActiveDockerfile(page, runCommand, { tag: SINGLE });
    await page.locator('.tab', { hasText: 'Dockerfile' }).first().click();
    await screenshot(page, 'go-story-single-stage-timings');

    // The FROM hover: the local image's facts first, each finding once (the editor's own problem
    // hover shows the messages; Dockscope's part adds the rule, its page and the fix).
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Local image' }).first();
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(0, 0);
      await page.locator('.editor-group-container.active .view-line span', { hasText: 'golang:1.19-bookworm' }).first().hover();
      if (await hover.waitFor({ timeout: 8_000 }).then(() => true, () => false)) break;
      if (attempt === 4) throw new Error('no hover on the FROM image');
    }
    const hoverText = await hover.innerText();
    const facts = hoverText.indexOf('Local image');
    const rules = [...hoverText.matchAll(/\b(go-sdk-in-final-stage|user-root|base-image-[a-z-]+)\b/g)].map((match) => match[1]);
    for (const rule of new Set(rules)) {
      // Once in the problem hover (its code) and once in Dockscope's line at most.
      if (rules.filter((found) => found === rule).length > 2) throw new Error(`${rule} repeated in the hover: ${hoverText}`);
    }
    for (const message of hoverText.split('\n').filter((line) => line.length > 60)) {
      if (hoverText.split(message).length > 2) throw new Error(`a line of the hover shows twice: ${message}`);
    }
    if (/Stage #\d|\(index \d/.test(hoverText)) throw new Error(`old stage wording in the hover: ${hoverText}`);
    if (facts < 0 || hoverText.indexOf('Quick fix') < facts) throw new Error(`the image facts are not first in Dockscope's part: ${hoverText}`);
    await screenshot(page, 'go-story-from-hover');
    await page.keyboard.press('Escape');

    await goToLine(page, 1);
    await quickFixByKeyboard(page, 'Split into a builder stage');
    await page.locator('.editor-group-container.active .view-line', { hasText: 'AS builder' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+S');
    await buildActiveDockerfile(page, runCommand, { tag: MULTI, target: '' });
    await timingsFrame(page).locator('section.steps tbody tr', { hasText: 'builder' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.tab', { hasText: 'Dockerfile' }).first().click();
    await screenshot(page, 'go-story-multi-stage-timings');

    await showViewContainer(page, 'Dockscope');
    await widenSideBar(page, 620);
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /layers/i }) });
    const single = view.locator('.monaco-list-row', { hasText: 'e2e-go-story:single' }).first();
    const multi = view.locator('.monaco-list-row', { hasText: 'e2e-go-story:multi' }).first();
    await single.waitFor({ timeout: 60_000 });
    await multi.waitFor({ timeout: 60_000 });
    const singleBytes = sizeIn(await single.innerText());
    const multiBytes = sizeIn(await multi.innerText());
    if (singleBytes < 100e6) throw new Error(`the single-stage image is only ${singleBytes} bytes`);
    if (multiBytes > 20e6) throw new Error(`the multi-stage image is ${multiBytes} bytes`);
    await multi.click();
    await page.keyboard.press('ArrowRight');
    await view.locator('.monaco-list-row', { hasText: '/app/server' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'go-story-layers');

    // The COPY --from layer (history records it without --from) opens its line of the Dockerfile.
    await view.locator('.monaco-list-row', { hasText: 'COPY /app/server /app/server' }).first().click();
    const copyLine = page.locator('.editor-group-container.active .view-line', { hasText: 'COPY --from=builder /app/server' }).first();
    await copyLine.waitFor({ timeout: 15_000 });
    // The status bar's cursor position ("Ln 7, Col 44 (43 selected)") against the saved file.
    const wanted = readFileSync(join(workspace, 'go-service', 'Dockerfile'), 'utf8').split('\n')
      .findIndex((line) => line.startsWith('COPY --from=builder /app/server')) + 1;
    const position = page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
    const onLine = await page.waitForFunction((line) => [...document.querySelectorAll('.statusbar-item')]
      .some((item) => new RegExp(`Ln ${line}, Col \\d+ \\(\\d+ selected\\)`).test(item.textContent ?? '')), wanted, { timeout: 10_000 }).then(() => true, () => false);
    if (wanted < 1 || !onLine) throw new Error(`the COPY --from layer did not select line ${wanted}: ${await position.innerText().catch(() => '?')}`);
    await screenshot(page, 'go-story-copy-from-line');
  } finally {
    for (const tag of [MULTI, SINGLE]) await docker.getImage(tag).remove().catch(() => undefined);
  }
}
