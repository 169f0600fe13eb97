// Preloaded into the language server by bench/lint.mjs (`node -r`): on SIGUSR2 it runs a full GC
// (when started with --expose-gc) and writes the process's memory figures to stderr as one line,
// so the bench can watch the real server's heap without the server knowing about benches.
'use strict';
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  process.stderr.write(`DOCKSCOPE_MEMORY ${JSON.stringify({ rss, heapUsed, heapTotal, external })}\n`);
});
