// A node:test reporter that writes nothing but a list of the skipped tests and why, one JSON line
// each, so `npm test` can say at its end, loudly, what did not run (scripts/test.mjs).
export default async function* skipReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, name, file } = event.data;
    if (skip === undefined || skip === false) continue;
    yield `${JSON.stringify({ name, file: file ?? '', reason: typeof skip === 'string' ? skip : '' })}\n`;
  }
}
