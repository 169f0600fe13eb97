// A `dockscope lint` worker thread (bundled as dist/lint-worker.js): lints the files the CLI
// sends, one message per file, and answers with the findings as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { createLinter, toWire, type LintJob } from './lintFiles';

if (parentPort) {
  const port = parentPort;
  const lintOne = createLinter(workerData as LintJob);
  port.on('message', (message: { index: number; path: string }) => {
    port.postMessage({ index: message.index, outcome: toWire(lintOne(message.path)) });
  });
}
