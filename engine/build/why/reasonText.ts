// One line per rebuilt step, for the CLI, the timings panel and the inline figures:
// "2 files changed: main.go, util.go", "after line 3", "build argument VERSION changed".
import type { RebuildReason } from './types';

/** Files named in one line before "and N more". */
const NAMED_FILES = 3;

function fileList(reason: Extract<RebuildReason, { kind: 'files-changed' }>): string {
  const named = [
    ...reason.changed.map((file) => file),
    ...reason.added.map((file) => `${file} (added)`),
    ...reason.removed.map((file) => `${file} (removed)`),
  ];
  const total = named.length;
  const shown = named.slice(0, NAMED_FILES).join(', ');
  const more = total > NAMED_FILES ? ` and ${total - NAMED_FILES} more` : '';
  return `${total === 1 ? '1 file' : `${total} files`} changed: ${shown}${more}`;
}

/** `noCache` is how the interface the user is in calls the option (`--no-cache`, the build prompt's "no cache"). */
export function reasonText(reason: RebuildReason, noCache = 'built without the cache'): string {
  switch (reason.kind) {
    case 'no-cache': return noCache;
    case 'new-step': return 'new step (not in the last build)';
    case 'instruction-changed': return 'the instruction changed since the last build';
    case 'files-changed': return fileList(reason);
    case 'build-arg': return `build argument${reason.names.length > 1 ? 's' : ''} ${reason.names.join(', ')} changed`;
    case 'base-image': return `base image ${reason.image} changed`;
    case 'parent': return `after line ${reason.line}`;
    case 'cache-pruned': return 'nothing we can see changed: the build cache was probably pruned';
  }
}

/** The few words after a line's time in the editor (`main.go changed`, `after line 3`): a narrow editor must not clip them. */
export function shortReason(reason: RebuildReason): string {
  switch (reason.kind) {
    case 'files-changed': {
      const files = [...reason.changed, ...reason.added, ...reason.removed];
      return files.length === 1 ? `${files[0].split('/').pop()} changed` : `${files.length} files changed`;
    }
    case 'build-arg': return reason.names.length === 1 ? `${reason.names[0]} changed` : `${reason.names.length} args changed`;
    case 'instruction-changed': return 'edited';
    case 'new-step': return 'new';
    case 'base-image': return 'base changed';
    case 'parent': return `after line ${reason.line}`;
    case 'no-cache': return 'no cache';
    case 'cache-pruned': return 'cache pruned?';
  }
}
