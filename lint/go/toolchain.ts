// What the Go toolchain of a builder stage does by default: its version (from the golang image
// tag), whether a C compiler is there (so whether cgo is on), and how a build is linked.
import type { GoInvocation } from './invocations';
import { compareGoVersions } from '../context/goMod';
import { officialName } from '../../common/imageRef';
import { stageChain } from '../../dockerfile/stages';
import type { DockerfileModel, ImageRef, Instruction, Stage } from '../../dockerfile/types';

export interface GolangTag {
  /** `1.22`, `1.22.3`, `1.23rc1`; null for `latest`, `alpine`, `1`... (the newest Go). */
  version: string | null;
  /** Offset of the version in the tag and the rest (`-alpine3.20`). */
  suffix: string;
}

/** The Go version of an official golang image tag; null when the image is not golang. */
export function golangTag(image: ImageRef): GolangTag | null {
  if (image.unresolved || officialName(image).toLowerCase() !== 'golang') return null;
  const tag = image.tag ?? 'latest';
  const match = /^(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(.*)$/.exec(tag);
  return match ? { version: match[1], suffix: match[2] } : { version: null, suffix: tag };
}

/** True when an image of `tag` is older than `required` (`1.22` stands for the newest 1.22.x). */
export function tagOlderThan(tag: string, required: string): boolean {
  const minorOnly = /^\d+\.\d+$/.test(tag);
  if (!minorOnly) return compareGoVersions(tag, required) < 0;
  const [major, minor] = required.split('.').map((part) => parseInt(part, 10));
  return compareGoVersions(tag, `${major}.${minor}`) < 0;
}

/** True when the stage's C library is musl (Alpine), also for `golang:${GO_VERSION}-alpine`. */
export function onMusl(stage: Stage): boolean {
  const root = stageChain(stage)[0];
  return root.image.unresolved ? /(^|\/)golang:[^/]*alpine/.test(root.image.raw) : stage.runtime.musl;
}

/** True when the stage is built on an official golang image, even one with an unresolved tag. */
export function onGolangImage(stage: Stage): boolean {
  if (stage.runtime.golang) return true;
  const root = stageChain(stage)[0];
  return root.image.unresolved && /^((docker\.io\/)?(library\/)?)golang(:|@|$)/.test(root.image.raw);
}

/** The Go version of the stage's golang base image (through parents); null when unknown/newest. */
export function stageGoVersion(stage: Stage): string | null {
  const root = stageChain(stage)[0];
  return golangTag(root.image)?.version ?? null;
}

const C_COMPILERS = new Set(['gcc', 'build-base', 'clang', 'g++', 'tcc', 'musl-gcc', 'build-essential', 'cc']);

/** True when a RUN of the stage chain up to `before` (included) installs a C compiler. */
function installsCCompiler(model: DockerfileModel, stage: Stage, before: Instruction): boolean {
  for (const current of stageChain(stage)) {
    for (const instruction of current.instructions) {
      if (instruction.index > before.index) break;
      const script = model.shellOf(instruction);
      if (!script) continue;
      for (const command of script.commands) {
        const { name, args } = command.effective;
        const installer = (name === 'apk' && args[0]?.value === 'add')
          || ((name === 'apt-get' || name === 'apt') && args[0]?.value === 'install')
          || ((name === 'yum' || name === 'dnf' || name === 'microdnf') && args[0]?.value === 'install');
        if (installer && args.some((word) => C_COMPILERS.has(word.value.replace(/[=~<>].*$/, '')))) return true;
      }
    }
  }
  return false;
}

export type CgoState = 'off' | 'on' | 'unknown' | 'default-on' | 'default-off';

/**
 * Whether cgo is on for a build: explicit `CGO_ENABLED` (inline, export, ENV, ARG) first; else a
 * musl builder (Alpine) without a C compiler on Go >= 1.20 (or the newest Go) has it off.
 */
export function cgoState(model: DockerfileModel, build: GoInvocation): CgoState {
  const explicit = build.env.get('CGO_ENABLED');
  if (explicit) {
    if (explicit.value === null) return 'unknown';
    return explicit.value.trim() === '0' ? 'off' : 'on';
  }
  const root = stageChain(build.stage)[0];
  // `golang:${GO_VERSION}-alpine` with an unknown version is still Alpine (no gcc), `-bookworm`
  // still Debian (gcc); `golang:${TAG}` or an unknown image says nothing about the C compiler.
  const musl = onMusl(build.stage);
  const debian = root.image.unresolved && /(^|\/)golang:[^/]*(bookworm|bullseye|buster|trixie)/.test(root.image.raw);
  if (root.image.unresolved && !musl && !debian) return 'unknown';
  if (!musl) return 'default-on';
  const version = stageGoVersion(build.stage);
  const modern = version === null || compareGoVersions(version, '1.20') >= 0;
  return modern && !installsCCompiler(model, build.stage, build.instruction) ? 'default-off' : 'default-on';
}

/** The value of the last occurrence of a go flag (only the last one counts). */
function lastFlag(build: GoInvocation, name: string): string | null | undefined {
  const flags = build.flags.filter((flag) => flag.name === name);
  return flags.length ? flags[flags.length - 1].value : undefined;
}

/** True when the build links statically although cgo is on (`-extldflags -static`, netgo+osusergo). */
export function linksStatically(build: GoInvocation): boolean {
  const ldflags = lastFlag(build, 'ldflags') ?? '';
  if (/-extldflags[= ]+["']?[^"']*-static/.test(ldflags)) return true;
  const tags = (lastFlag(build, 'tags') ?? '').split(/[,\s]+/);
  return tags.includes('netgo') && tags.includes('osusergo');
}

/**
 * The mode the go command runs in: GO111MODULE=off, or `auto` (the default before Go 1.16)
 * outside a module, is GOPATH mode; null when GO111MODULE or the Go version is unknown.
 */
export function goModuleMode(inv: GoInvocation, inModule: boolean): 'module' | 'gopath' | null {
  const setting = inv.env.get('GO111MODULE');
  if (setting && setting.value === null) return null;
  const mode = setting?.value?.trim().toLowerCase() ?? '';
  if (mode === 'off') return 'gopath';
  if (mode === 'on') return 'module';
  if (inModule) return 'module';
  if (mode === 'auto') return 'gopath';
  const version = stageGoVersion(inv.stage);
  if (version !== null) return compareGoVersions(version, '1.16') < 0 ? 'gopath' : 'module';
  // The newest Go on a floating golang tag; unknown on other images.
  return onGolangImage(inv.stage) && !stageChain(inv.stage)[0].image.unresolved ? 'module' : null;
}

/** The Go of each distribution release's package (`apk add go`, `apt-get install golang-go`). */
const DISTRO_GO: Record<string, Record<string, string>> = {
  alpine: {
    '3.5': '1.7', '3.6': '1.8', '3.7': '1.9', '3.8': '1.10', '3.9': '1.11', '3.10': '1.12', '3.11': '1.13', '3.12': '1.13',
    '3.13': '1.15', '3.14': '1.16', '3.15': '1.17', '3.16': '1.18', '3.17': '1.19', '3.18': '1.20', '3.19': '1.21',
    '3.20': '1.22', '3.21': '1.23', '3.22': '1.24',
  },
  debian: { stretch: '1.7', '9': '1.7', buster: '1.11', '10': '1.11', bullseye: '1.15', '11': '1.15', bookworm: '1.19', '12': '1.19', trixie: '1.24', '13': '1.24' },
  ubuntu: { '18.04': '1.10', bionic: '1.10', '20.04': '1.13', focal: '1.13', '22.04': '1.18', jammy: '1.18', '24.04': '1.22', noble: '1.22' },
};
const GO_PACKAGES = new Set(['go', 'golang', 'golang-go']);

/**
 * The Go a stage installs from its distribution's packages: the version of that release, 'newest'
 * on a floating tag (`alpine`, `alpine:latest`, `edge`), null when unknown (no such install, an
 * unknown release, another base).
 */
export function distroGoVersion(model: DockerfileModel, stage: Stage, before: Instruction): string | 'newest' | null {
  const root = stageChain(stage)[0];
  if (root.image.unresolved) return null;
  const distro = officialName(root.image).toLowerCase();
  const releases = DISTRO_GO[distro];
  if (!releases || !installsGoPackage(model, stage, before)) return null;
  const tag = (root.image.tag ?? 'latest').toLowerCase();
  if (/^(latest|edge|rolling|stable|sid|unstable|testing|devel)(-|$)/.test(tag)) return 'newest';
  const release = distro === 'alpine' ? /^(\d+\.\d+)/.exec(tag)?.[1] : distro === 'debian' ? /^([a-z]+|\d+)/.exec(tag)?.[1] : /^([a-z]+|\d+\.\d+)/.exec(tag)?.[1];
  return release ? releases[release] ?? null : null;
}

function installsGoPackage(model: DockerfileModel, stage: Stage, before: Instruction): boolean {
  for (const current of stageChain(stage)) {
    for (const instruction of current.instructions) {
      if (instruction.index > before.index) break;
      for (const command of model.shellOf(instruction)?.commands ?? []) {
        const { name, args } = command.effective;
        const install = (name === 'apk' && args[0]?.value === 'add') || ((name === 'apt-get' || name === 'apt') && args[0]?.value === 'install');
        if (install && args.some((word) => GO_PACKAGES.has(word.value.replace(/[=~<>].*$/, '')))) return true;
      }
    }
  }
  return false;
}
