// UI: the Dockscope activity-bar view lists an image and, expanded, its layer rows with sizes;
// hostile step texts (HTML in an ENV value and in an image LABEL) show as literal text, not
// markup, in the rows and in the row's hover. (An image tag cannot hold `<`: the daemon refuses it.)
import Docker from 'dockerode';
import tar from 'tar-stream';

export const name = 'Layers view: image, layer rows with sizes, hostile step and label text as text';

const TAG = 'dockscope-test/e2e-ui-layers:1';
export const HOSTILE = '<img src=x onerror=window.dockscopePwned=1><b>bold</b>';
const HOSTILE_LABEL = '<img src=x onerror=window.dockscopePwned=2><i>label</i>';

/** FROM scratch, no network: two 300 kB COPY layers around ENV and LABEL steps with HTML in their values. */
async function buildHostileImage(docker) {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, `FROM scratch\nCOPY data.bin /data/data.bin\nENV NOTE="${HOSTILE}"\nLABEL org.example.note="${HOSTILE_LABEL}"\nCOPY data.bin /data/copy.bin\n`);
  pack.entry({ name: 'data.bin' }, Buffer.alloc(300_000, 'x'));
  pack.finalize();
  const stream = await docker.buildImage(pack, { t: TAG, networkmode: 'none', rm: true, forcerm: true });
  const output = await new Promise((resolve, reject) => docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))));
  const failure = output.find((message) => message.error);
  if (failure) throw new Error(`building ${TAG} failed: ${failure.error}`);
}

/** Elements the hostile texts would create if rendered as HTML, anywhere in the workbench. */
function markupFromHostileText() {
  return document.querySelectorAll('img[src="x"]').length
    + [...document.querySelectorAll('b, i')].filter((element) => /^(bold|label)$/.test(element.textContent ?? '')).length;
}

export default async function ({ showViewContainer, openWorkbench, openFile, widenSideBar, screenshot }) {
  const docker = new Docker();
  await buildHostileImage(docker);
  try {
    const { page } = await openWorkbench();
    await openFile(page, 'go-service/Dockerfile');
    await showViewContainer(page, 'Dockscope');
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
    const labelRow = view.locator('.monaco-list-row', { hasText: '<i>label</i>' }).first();
    await labelRow.waitFor({ timeout: 15_000 });
    for (const [row, text] of [[hostileRow.first(), HOSTILE], [labelRow, HOSTILE_LABEL]]) {
      const shown = await row.innerText();
      if (!shown.includes(text)) throw new Error(`the row does not show ${text} literally: ${JSON.stringify(shown)}`);
    }
    if (await page.evaluate(markupFromHostileText)) throw new Error('a step text was rendered as HTML');

    // The row's hover renders the instruction as Markdown: it must stay text there too.
    // A hover opens on pointer movement into the row; if the pointer already rests there (or the
    // list scrolled under it) nothing fires, so leave the row and enter it again, a few times.
    const hover = page.locator(':is(.workbench-hover, .monaco-hover):visible', { hasText: '<i>label</i>' }).first();
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(0, 0);
      await labelRow.scrollIntoViewIfNeeded();
      await labelRow.hover({ position: { x: 60, y: 8 } });
      try {
        await hover.waitFor({ timeout: 8_000 });
        break;
      } catch (error) {
        if (attempt === 4) throw error;
      }
    }
    if (await page.evaluate(markupFromHostileText)) throw new Error('the label text was rendered as HTML in the hover');
    await screenshot(page, 'layers-hostile-hover');
    if (await page.evaluate(() => window.dockscopePwned)) throw new Error('a step text ran script');
  } finally {
    await docker.getImage(TAG).remove().catch(() => undefined);
  }
}
