// Shared by the UI checks that build: runs "Dockscope: Build Image with Timings" on the active
// Dockerfile and answers its prompts (tag, target stage when several, build args, context) the
// way a user would, then waits for the timings panel's step rows.

/**
 * Answers the quick input that asks `what` ("tag", "target stage"…; numbered by what is asked:
 * 1/3 … 3/3 for one stage, 1/4 … 4/4 with a target to pick); resolves false if it never shows.
 */
async function answer(page, what, value) {
  const widget = page.locator('.quick-input-widget', { hasText: new RegExp(`\\(\\d/\\d\\): ${what}`) });
  const shown = await widget.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
  if (!shown) return false;
  if (value !== undefined) await widget.locator('input').fill(value);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  return true;
}

/** The timings panel's document (the webview's inner frame). */
export function timingsFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export async function buildActiveDockerfile(page, runCommand, { tag, target }) {
  await runCommand(page, 'Dockscope: Build Image with Timings');
  if (!await answer(page, 'tag', tag)) throw new Error('the build command did not ask for a tag');
  if (target !== undefined) await answer(page, 'target stage', target);
  if (!await answer(page, 'build arguments')) throw new Error('the build command did not ask for build arguments');
  if (!await answer(page, 'context folder')) throw new Error('the build command did not ask for the context folder');
  const frame = timingsFrame(page);
  const rows = frame.locator('section.steps tbody tr');
  // The panel may still show an earlier build: this one is done when its totals name the tag.
  const done = await frame.locator('dl.totals dd', { hasText: `(${tag})` }).first()
    .waitFor({ timeout: 240_000 }).then(() => true, () => false);
  if (!done || await frame.locator('.outcome-succeeded').count() === 0) {
    const failure = await frame.locator('.failure').innerText({ timeout: 1000 }).catch(() => '');
    throw new Error(`the build of ${tag} did not succeed${failure ? `: ${failure}` : ' (no timings for it)'}`);
  }
  await rows.first().waitFor();
  return rows;
}
