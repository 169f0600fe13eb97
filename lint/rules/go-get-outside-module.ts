// `go get <program>` where no go.mod is in reach: since Go 1.18 go get no longer installs programs
// and stops outside a module; since Go 1.22 it is gone from GOPATH mode too. `go install pkg@version`.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Finding, Fix, Rule, Severity } from '../rule';
import type { RuleContext } from '../ruleContext';
import { goCommandRange } from '../go/artifacts';
import type { GoInvocation } from '../go/invocations';
import { moduleState } from '../go/module';
import { distroGoVersion, goModuleMode, onGolangImage, stageGoVersion } from '../go/toolchain';
import { compareGoVersions } from '../context/goMod';
import { stageChain } from '../../dockerfile/stages';

/** go get flags that go install understands too (`-u` only updated dependencies: dropped). */
const KEPT_FLAGS = new Set(['v', 'x']);
const DROPPED_FLAGS = new Set(['u']);

export const goGetOutsideModule: Rule = {
  meta: {
    id: 'go-get-outside-module', category: 'go', severity: 'error', aliases: [],
    severityNote: 'error when the image\'s Go stops the build; warning when its Go version is unknown; info when it still works',
    description: 'go get with no go.mod in reach: since Go 1.18 it stops the build (it no longer installs programs); use go install pkg@version.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const inv of ctx.goInvocations()) {
      if (inv.subcommand !== 'get' || moduleState(ctx.model, ctx.context, inv) !== 'none') continue;
      const verdict = verdictOf(ctx, inv);
      if (!verdict) continue;
      const fix = installFix(ctx, inv, verdict.mode);
      findings.push({ range: goCommandRange(inv), severity: verdict.severity, message: verdict.message, fixes: fix ? [fix] : undefined });
    }
    return findings;
  },
};

/** The mode outside a module: GO111MODULE, else by the Go version (auto, so GOPATH mode, before 1.16). */
function modeFor(inv: GoInvocation, version: string | null, floating: boolean): Mode {
  const known = goModuleMode(inv, false);
  if (known !== null || inv.env.has('GO111MODULE')) return known;
  if (floating) return 'module';
  return version === null ? null : compareGoVersions(version, '1.16') < 0 ? 'gopath' : 'module';
}

type Mode = 'module' | 'gopath' | null;

/** What go get does here, by the Go version of the image and the module mode. */
function verdictOf(ctx: RuleContext, inv: GoInvocation): { severity: Severity; message: string; mode: Mode } | null {
  // Go from the distribution's packages has that release's version.
  const distro = onGolangImage(inv.stage) ? null : distroGoVersion(ctx.model, inv.stage, inv.instruction);
  const tagged = stageGoVersion(inv.stage) ?? (distro === 'newest' ? null : distro);
  const floating = tagged === null && ((onGolangImage(inv.stage) && !stageChain(inv.stage)[0].image.unresolved) || distro === 'newest');
  const mode = modeFor(inv, tagged, floating);
  const use = 'To install a program, use `go install pkg@version`.';
  // GO111MODULE known only at build time: either mode is possible.
  if (inv.env.get('GO111MODULE')?.value === null) return null;
  if (mode === 'gopath') {
    // GOPATH mode: the way go get worked before modules; removed in Go 1.22.
    if (floating || (tagged !== null && compareGoVersions(tagged, '1.22') >= 0)) {
      return { severity: 'error', mode, message: `go get in GOPATH mode (GO111MODULE=off or auto, no go.mod) was removed in Go 1.22: this ${floating ? 'newest ' : ''}Go stops the build here. ${use}` };
    }
    if (tagged === null) {
      return { severity: 'warning', mode, message: `go get in GOPATH mode (GO111MODULE=off or auto, no go.mod) stops the build with Go 1.22 or newer; the Go version of this image is not known here. ${use}` };
    }
    if (compareGoVersions(tagged, '1.16') < 0) return null;
    return { severity: 'info', mode, message: `go get in GOPATH mode works with Go ${tagged} but was removed in Go 1.22: a newer Go stops the build here. ${use}` };
  }
  if (mode === null && tagged === null && !floating) {
    return { severity: 'warning', mode, message: `No go.mod in the working directory or above: if the Go of this image is 1.18 or newer (its version is not known here), go get stops the build with "'go get' is no longer supported outside a module". ${use}` };
  }
  if (mode === null) return null;
  if (floating || (tagged !== null && compareGoVersions(tagged, '1.18') >= 0)) {
    return { severity: 'error', mode, message: `No go.mod in the working directory or above: since Go 1.18 go get no longer installs programs, and ${floating ? 'the newest Go' : `Go ${tagged}`} stops the build with "'go get' is no longer supported outside a module". ${use}` };
  }
  return { severity: 'info', mode, message: `No go.mod in the working directory or above: Go ${tagged} still installs with go get here (deprecated), but Go 1.18 and newer stop the build. ${use}` };
}

/**
 * `go get [-u] [-v] pkg...` → `go install [-v] pkg@latest` (one go install per package: with
 * @version, go install takes packages of one module only). Not offered where the stage goes on
 * to use the GOPATH sources (`-d`, `$GOPATH/src`, a later GOPATH build) or for local packages.
 */
function installFix(ctx: RuleContext, inv: GoInvocation, mode: Mode): Fix | null {
  const { command } = inv;
  if (!inv.packages.length || inv.packages.some((word) => word.dynamic || !isRemote(word.value))) return null;
  if (inv.flags.some((flag) => !KEPT_FLAGS.has(flag.name) && !DROPPED_FLAGS.has(flag.name))) return null;
  if (usesGopathSources(ctx, inv)) return null;
  // GO111MODULE=off/auto from ENV/ARG/export: go install pkg@version needs module mode.
  const inline = command.effective.env.some((a) => a.name === 'GO111MODULE') || command.assignments.some((a) => a.name === 'GO111MODULE');
  if (mode === 'gopath' && inline) return null;
  const plain = !command.assignments.length && !command.effective.env.length && !command.effective.wrappers.length;
  if (inv.packages.length > 1 && (!plain || command.redirects.length || command.pipeline.commands.length > 1)) return null;
  const prefix = mode === 'gopath' ? 'GO111MODULE=on ' : '';
  const flags = inv.flags.filter((flag) => KEPT_FLAGS.has(flag.name)).map((flag) => ` ${ctx.textOf(flag.range)}`).join('');
  const versioned = inv.packages.map((word) => (word.value.includes('@') ? word.value : `${word.value}@latest`));
  const last = inv.packages[inv.packages.length - 1];
  const edits: TextEdit[] = [];
  const goWord = command.argv[command.argv.indexOf(inv.subcommandWord) - 1] ?? command.argv[0];
  if (inv.packages.length === 1) {
    if (prefix) edits.push(ctx.insertAt(goWord.range.start, prefix));
    edits.push(ctx.replace({ start: inv.subcommandWord.range.start, end: last.range.end }, `install${flags} ${versioned[0]}`));
  } else {
    edits.push(ctx.replace({ start: goWord.range.start, end: last.range.end }, versioned.map((pkg) => `${prefix}go install${flags} ${pkg}`).join(' && ')));
  }
  const shown = versioned.length === 1 ? versioned[0] : `${versioned[0]} …`;
  const latest = versioned.some((pkg) => pkg.endsWith('@latest'));
  return {
    title: `Use go install ${shown}${latest ? ' (the newest release: pin a version)' : ''}`,
    edits, preferred: true,
  };
}

/** A module path: its first element has a dot (`github.com/...`, `golang.org/x/...`). */
function isRemote(pkg: string): boolean {
  if (pkg.startsWith('.') || pkg.startsWith('/') || pkg.startsWith('-') || pkg.endsWith('.go')) return false;
  return pkg.split('/')[0].replace(/@.*$/, '').includes('.') && pkg.includes('/');
}

/** True when the stage goes on to use what go get left in $GOPATH/src (a GOPATH build). */
function usesGopathSources(ctx: RuleContext, inv: GoInvocation): boolean {
  const later = stageChain(inv.stage).flatMap((stage) => stage.instructions).filter((i) => i.index >= inv.instruction.index);
  const sameRunAfter = (() => {
    const commands = ctx.model.shellOf(inv.instruction)?.commands ?? [];
    return commands.slice(commands.indexOf(inv.command) + 1);
  })();
  if (sameRunAfter.some((command) => command.argv.some((word) => /(\$\{?GOPATH\}?|\/go)\/src\b/.test(word.raw)))) return true;
  if (sameRunAfter.some((command) => command.effective.name === 'go' && ['build', 'install', 'test', 'run'].includes(command.effective.args[0]?.value ?? '')
    && !command.effective.args.some((word) => word.value.includes('@')))) return true;
  return later.filter((i) => i !== inv.instruction).some((i) => /(\$\{?GOPATH\}?|\/go)\/src\b/.test(i.text)
    || /\bgo\s+(build|test|run|install)\b(?![^\n]*@)/.test(i.keyword === 'RUN' ? i.text : ''));
}
