// UI: the Dockscope activity-bar view lists an image and, expanded, its layer rows with sizes;
// a hostile step text (HTML in an ENV value) shows as literal text, not markup.
import Docker from 'dockerode';
import tar from 'tar-stream';

export const name = 'Layers view: image, layer rows with sizes, hostile step text as text';

const TAG = 'dockscope-test/e2e-ui-layers:1';
export const HOSTILE = '<img src=x onerror=window.dockscopePwned=1><b>bold</b>';

/** FROM scratch, no network: two 300 kB COPY layers around an ENV step with HTML in its value. */
async function buildHostileImage(docker) {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, `FROM scratch\nCOPY data.bin /data/data.bin\nENV NOTE="${HOSTILE}"\nCOPY data.bin /data/copy.bin\n`);
  pack.entry({ name: 'data.bin' }, Buffer.alloc(300_000, 'x'));
  pack.finalize();
  const stream = await docker.buildImage(pack, { t: TAG, networkmode: 'none', rm: true, forcerm: true });
  const output = await new Promise((resolve, reject) => docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))));
  const failure = output.find((message) => message.error);
  if (failure) throw new Error(`building ${TAG} failed: ${failure.error}`);
}

export default async function ({ openWorkbench, openFile, widenSideBar, screenshot }) {
  const docker = new Docker();
  await buildHostileImage(docker);
  try {
    const { page } = await openWorkbench();
    await openFile(page, 'go-service/Dockerfile');
    await page.locator('.activitybar [aria-label^="Dockscope"]').first().click();
    await widenSideBar(page, 620);
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /layers/i }) });
    const imageRow = view.locator('.monaco-list-row', { hasText: 'e2e-ui-layers' }).first();
    await imageRow.waitFor({ timeout: 60_000 });
    await imageRow.click();
    await page.keyboard.press('ArrowRight');
    const layerRow = view.locator('.monaco-list-row', { hasText: '/data/copy.bin' }).first();
    await layerRow.waitFor({ timeout: 30_000 });
    const layerText = await layerRow.innerText();
    if (!/\b300(\.0)? ?kB\b|\b293 ?KiB\b|\b0\.3 ?MB\b/i.test(layerText)) throw new Error(`no size on the layer row: ${JSON.stringify(layerText)}`);
    await screenshot(page, 'layers-view');

    const hostileRow = view.locator('.monaco-list-row', { hasText: '<b>bold</b>' });
    if (await hostileRow.count() === 0) {
      // Metadata steps may be grouped; expand every collapsed row under the image once.
      for (const row of await view.locator('.monaco-list-row[aria-expanded="false"]').all()) await row.click().then(() => page.keyboard.press('ArrowRight'));
    }
    await hostileRow.first().waitFor({ timeout: 15_000 });
    if (await view.locator('.monaco-list-row img[src="x"], .monaco-list-row b').count()) throw new Error('a step text was rendered as HTML');
    if (await page.evaluate(() => window.dockscopePwned)) throw new Error('a step text ran script');
  } finally {
    await docker.getImage(TAG).remove().catch(() => undefined);
  }
}
