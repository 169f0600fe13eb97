// Human-readable sizes, ages and share bars for the Layers view. Pure (no vscode) so the unit
// tests can pin the exact strings users see.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Decimal units, as `docker images` prints them (1 MB = 1,000,000 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
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
      return `${value} ${name}${value === 1 ? '' : 's'} ago`;
    }
    value = Math.floor(value / size);
  }
  return 'long ago';
}

/** Share of the image as a percentage with one decimal below 10 % ("0.4 %", "37 %"). */
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

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
