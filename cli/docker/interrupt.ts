// Ctrl-C in a command that talks to the daemon: the first one aborts every request in flight
// (inspect, history, the export, the build and its session), the command cleans up and the
// process exits 130 as shells expect; a second Ctrl-C, or a cleanup that takes longer than
// FORCE_EXIT_MS, exits at once.
import { printable } from '../../common/format';

const FORCE_EXIT_MS = 2000;
/** 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C. */
const INTERRUPTED_EXIT = 130;

export async function interruptible(command: string, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT);
    controller.abort();
    // Unref'd: it never keeps the process alive, it only cuts a cleanup that would.
    setTimeout(() => process.exit(INTERRUPTED_EXIT), FORCE_EXIT_MS).unref();
  };
  process.on('SIGINT', onSigint);
  try {
    let code: number;
    try {
      code = await work(controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      code = INTERRUPTED_EXIT;
    }
    if (!controller.signal.aborted) return code;
    process.stderr.write(printable(`dockscope ${command}: interrupted\n`));
    return INTERRUPTED_EXIT;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
