// The workbench side of the e2e run: Debian's Chromium driven by playwright-core against
// code-server. Runs the extension-host mocha suites (the `run()` contract, exit code through
// window.codeAutomationExit as in VS Code's own browser integration tests) and opens plain
// workbench pages for the UI checks.
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(executablePath) {
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
}

const MOCHA_MARK = '[mocha] ';

/**
 * Runs the compiled suite index (extensionTestsPath) inside the extension host, with the
 * extension at `extensionPath` as the development extension. Resolves to the exit code.
 * Every workbench log line goes to `logFile`; mocha's report (lines the suite index marks
 * `[mocha]`) also goes to `print`.
 */
export async function runExtensionTests({ browser, server, extensionPath, testsPath, folder, env, timeoutMs, print, logFile }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    page.on('console', (message) => appendFileSync(logFile, `[console ${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => appendFileSync(logFile, `[page error] ${error.stack ?? error.message}\n`));
    let exit;
    const exited = new Promise((resolve) => { exit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(args ?? []));
      appendFileSync(logFile, `[${type}] ${line}\n`);
      const mark = line.indexOf(MOCHA_MARK);
      if (mark >= 0) print(line.slice(mark + MOCHA_MARK.length));
    });
    await page.exposeFunction('codeAutomationExit', (code) => exit(code));
    const payload = [
      ['extensionDevelopmentPath', server.remote(extensionPath)],
      ['extensionTestsPath', server.remote(testsPath)],
      ['skipWelcome', 'true'],
    ];
    if (env) payload.push(['extensionEnvironment', JSON.stringify(env)]);
    // Loading the workbench takes well over Playwright's default 30 s on a busy 2-core machine.
    await page.goto(server.url(`/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`), { timeout: 120_000 });
    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    return code;
  } finally {
    await page.close();
  }
}

/**
 * Opens the workbench on `folder` the way a user would (the installed extension, no test
 * payload) and resolves once the workbench shell is there. `loadedAt` is when navigation began.
 */
export async function openWorkbench({ browser, server, folder }) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const loadedAt = Date.now();
  await page.goto(server.url(`/?folder=${encodeURIComponent(folder)}`), { timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { page, loadedAt };
}

/** Quick Open (Ctrl+P) a workspace-relative file and wait until its editor is active. */
export async function openFile(page, relativePath) {
  const name = relativePath.split('/').pop();
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relativePath);
  // The row of this very file: until the search answers, the list still shows the recently opened
  // files (in a window that opened others before), and its first row may be another Dockerfile.
  const folder = relativePath.split('/').slice(0, -1).join('/');
  let row = page.locator('.quick-input-list .monaco-list-row', { hasText: name });
  if (folder) row = row.filter({ hasText: folder });
  await row.first().click();
  await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/**
 * Runs a command from the palette by its exact title: the row whose label is the title (a row's
 * aria-label adds its keybinding after a comma) is clicked, so a longer title that contains it
 * ("View: Close All Editors in Group") is never run instead.
 */
export async function runCommand(page, title) {
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const row = rows.and(page.locator(`[aria-label="${title}"], [aria-label^="${title},"]`)).first();
  // The palette sometimes opens on a stale list; one fresh attempt, then a real failure.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const found = await row.waitFor({ timeout: attempt === 1 ? 10_000 : 30_000 }).then(() => true, (error) => (attempt === 1 ? false : Promise.reject(error)));
    if (found) break;
    const shown = await rows.evaluateAll((elements) => elements.slice(0, 5).map((element) => element.getAttribute('aria-label')));
    console.log(`e2e: "${title}" was not in the command palette (input ${JSON.stringify(await input.inputValue().catch(() => '?'))}, rows ${JSON.stringify(shown)}); opening it again`);
    await page.keyboard.press('Escape');
  }
  await row.click();
}

/** Shows a view container of the activity bar (by its title); a no-op when it already shows. */
export async function showViewContainer(page, title) {
  const item = page.locator(`.activitybar [aria-label^="${title}"]`).first();
  const checked = () => item.evaluate((element) => Boolean(element.closest('.action-item.checked')));
  if (await checked()) return;
  await item.click();
  await page.waitForFunction((element) => Boolean(element.closest('.action-item.checked')), await item.elementHandle(), { timeout: 10_000 });
}

/** Drags the side bar's edge so long labels show in screenshots. */
export async function widenSideBar(page, width) {
  const sidebar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
  if (!sidebar) return;
  const edge = sidebar.x + sidebar.width;
  await page.mouse.move(edge + 1, sidebar.y + sidebar.height / 2);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, sidebar.y + sidebar.height / 2, { steps: 5 });
  await page.mouse.up();
}
