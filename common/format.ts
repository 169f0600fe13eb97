// The human figures every surface prints (the Layers view, the inline figures, the timings panel,
// the status bar, the CLI): one function per kind of figure, so the same layer reads the same
// everywhere. Pure, so the tests pin the exact strings users see.

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/**
 * Decimal units with three significant digits, as `docker images` prints them (1 MB = 10^6 bytes):
 * `999 B`, `1.50 kB`, `12.3 MB`, `812 MB`. `?` for anything that is not a size.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  // 999.96 kB rounds up to "1000 kB" at three digits: show it in the next unit instead.
  if (value >= 999.5 && unit < BYTE_UNITS.length - 1) return `1.00 ${BYTE_UNITS[unit + 1]}`;
  const digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** `850 ms`, `3.25 s`, `42.1 s`, `2 min 7 s`; `–` for anything that is not a duration. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A ratio 0..1 as a whole percentage: `67 %`. */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}

/** `1 file`, `3 files`. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "3 days ago"; `createdMs` and `nowMs` are epoch milliseconds. */
export function formatAge(createdMs: number, nowMs: number): string {
  if (!Number.isFinite(createdMs) || createdMs <= 0) return 'unknown age';
  const seconds = Math.max(0, Math.round((nowMs - createdMs) / 1000));
  const steps: Array<[number, string]> = [
    [60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Number.POSITIVE_INFINITY, 'year'],
  ];
  let value = seconds;
  for (const [size, name] of steps) {
    if (value < size) {
      if (name === 'second' && value < 10) return 'just now';
      return `${formatCount(value, name)} ago`;
    }
    value = Math.floor(value / size);
  }
  return 'long ago';
}

/** Share of a whole as a percentage with one decimal below 10 % ("0.4 %", "37 %"). */
export function formatShare(part: number, total: number): string {
  if (total <= 0 || part <= 0) return '0 %';
  const percent = (part / total) * 100;
  if (percent < 0.1) return '<0.1 %';
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/** A fixed-width text bar ("███▌      ") so shares can be compared at a glance in a tree. */
export function shareBar(part: number, total: number, width = 10): string {
  if (total <= 0 || part <= 0) return ' '.repeat(width);
  const eighths = Math.round(Math.min(1, part / total) * width * 8);
  const partials = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const full = Math.floor(eighths / 8);
  const bar = '█'.repeat(full) + partials[eighths % 8];
  // A non-empty layer never shows as blank: the smallest visible mark.
  return (bar || '▏').padEnd(width, ' ');
}

/** The 12 hex digits `docker images` shows for an image or layer id. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * Text from image data, daemon replies or files, made safe for a terminal: control characters
 * (ESC and OSC sequences, BEL, CR, C1 controls) are shown as `\xNN`, so a hostile image or
 * Dockerfile cannot rewrite the user's terminal or a CI log. Line breaks and tabs stay.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
