// from-platform-flag-const-disallowed: `FROM --platform=linux/amd64 ...`: a fixed platform in a
// stage whose name does not say it is platform-specific.
import type { Finding, Rule } from '../rule';
import { unquote } from '../util/words';

const OSES = new Set(['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix', 'android', 'ios', 'plan9', 'js', 'wasip1']);
/** containerd's normalisation of architecture names. */
const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386', '86': '386' };

export const fromPlatformFlagConstDisallowed: Rule = {
  meta: {
    id: 'from-platform-flag-const-disallowed',
    category: 'base-images',
    severity: 'info',
    aliases: ['FromPlatformFlagConstDisallowed', 'DL3029'],
    description: 'FROM --platform with a constant (linux/amd64): multi-platform builds get this platform in every variant.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (!flag?.value || !flag.valueRange || flag.value.includes('$')) continue;
      const platform = parsePlatform(unquote(flag.value, ctx.escapeChar));
      if (!platform) continue;
      // `AS build-amd64`, `AS linux`: the stage says it is for that platform.
      const name = stage.name ?? '';
      if ((platform.os && name.includes(platform.os)) || (platform.arch && name.includes(platform.arch))) continue;
      findings.push({
        range: flag.valueRange,
        message: `--platform=${flag.value} is a constant: a multi-platform build pulls ${flag.value} for every target (run under emulation). Use $BUILDPLATFORM for build tools, $TARGETPLATFORM (or no flag) for the runtime, or name the stage after the platform if it is meant for it alone.`,
      });
    }
    return findings;
  },
};

function parsePlatform(value: string): { os: string | null; arch: string | null } | null {
  const parts = value.toLowerCase().split('/');
  if (parts.some((part) => !/^[a-z0-9_-]+$/.test(part)) || parts.length > 3) return null;
  if (parts.length === 1) return OSES.has(parts[0]) ? { os: parts[0], arch: null } : { os: null, arch: ARCH_ALIASES[parts[0]] ?? parts[0] };
  if (!OSES.has(parts[0])) return null;
  return { os: parts[0], arch: ARCH_ALIASES[parts[1]] ?? parts[1] };
}
