// The Playwright UI checks (test/e2e/ui/*.ui.mjs), run one after another in one workbench window.
// Loading the workbench (and its extension host and language server) is the slowest part of a
// check, 10-20 s on 2 cores, so the checks share a window, and between two checks the runner puts
// it back to the state a new window opens in: no quick input, menu or hover, no editor (unsaved
// edits discarded), no panel, the Explorer in the side bar at its first width. A check that fails
// (or a reset that fails) costs the window: the next check gets a new one, so one failure never
// cascades into the checks after it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timed } from './phases.mjs';
import { openFile, openWorkbench, runCommand, showViewContainer, widenSideBar } from './workbench.mjs';

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function sideBarWidth(page) {
  return (await page.locator('#workbench\\.parts\\.sidebar').boundingBox())?.width;
}

/** Closes every editor; answers "Don't Save" for unsaved ones. */
async function closeAllEditors(page) {
  const tabs = page.locator('.editor-group-container .tab');
  if (await tabs.count() === 0) return;
  await runCommand(page, 'View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
  for (;;) {
    await page.waitForFunction(() => document.querySelector('.monaco-dialog-box')
      || document.querySelectorAll('.editor-group-container .tab').length === 0, null, { timeout: 15_000 });
    if (await tabs.count() === 0) return;
    await dontSave.first().click();
  }
}

async function resetWindow(page, firstSideBarWidth) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.mouse.move(0, 0);
  await closeAllEditors(page);
  const panel = page.locator('#workbench\\.parts\\.panel');
  if (await panel.isVisible()) {
    await page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden', timeout: 10_000 });
  }
  await showViewContainer(page, 'Explorer');
  if (firstSideBarWidth && Math.abs((await sideBarWidth(page)) - firstSideBarWidth) > 2) await widenSideBar(page, firstSideBarWidth);
}

async function screenshotAll(browser, path) {
  for (const page of browser.contexts().flatMap((c) => c.pages())) {
    await page.screenshot({ path }).catch(() => {});
  }
}

/**
 * Runs the checks whose file names contain a part of `filter` (comma-separated; all without one);
 * one result per check.
 * A check that exports `needsGoImage` first waits for `goImage` (the Go toolchain image's install).
 */
export async function runUiChecks({ browser, server, workspace, figures, repo, artifacts, results, filter, goImage }) {
  const dir = join(repo, 'test', 'e2e', 'ui');
  const files = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.ui.mjs') && (!filter || filter.split(',').some((part) => f.includes(part)))).sort() : [];
  let shared;
  const closeShared = async () => { await shared?.page.close().catch(() => {}); shared = undefined; };
  const context = {
    browser, server, workspace, figures, repo, artifacts,
    /** The shared window; `loadedAt` (when its navigation began) only when this call opened it. */
    openWorkbench: async () => {
      if (shared) return { page: shared.page, loadedAt: undefined };
      const opened = await openWorkbench({ browser, server, folder: workspace });
      shared = { page: opened.page, sideBarWidth: await sideBarWidth(opened.page) };
      return opened;
    },
    openFile, runCommand, widenSideBar, showViewContainer,
    screenshot: (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`) }),
  };
  for (const file of files) {
    const check = await import(pathToFileURL(join(dir, file)).href);
    const name = `ui: ${check.name ?? file}`;
    if (shared) {
      await timed(`ui: reset the window before ${file}`, () => resetWindow(shared.page, shared.sideBarWidth)).catch(async (error) => {
        console.log(`e2e: resetting the window before ${file} failed (${error.message.split('\n')[0]}); the check gets a new window`);
        await screenshotAll(browser, join(artifacts, `reset-before-${file.replace(/\.ui\.mjs$/, '')}.png`));
        await closeShared();
      });
    }
    const t0 = Date.now();
    try {
      if (check.needsGoImage) await timed('ui: waiting for the Go toolchain image', () => goImage);
      await timed(name, () => check.default(context));
      results.push({ name, ok: true, ms: Date.now() - t0 });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - t0 });
      console.error(`e2e: ui check ${file} failed after ${seconds(Date.now() - t0)}: ${error.stack ?? error}`);
      await screenshotAll(browser, join(artifacts, `failure-${file.replace(/\.ui\.mjs$/, '')}.png`));
      await closeShared();
    }
  }
  await closeShared();
}
