// Package-manager commands as data (apt-get/apt, apk, yum/dnf/microdnf, pip): the sub-command,
// its options and its package words, read from the shell model's argv (never from raw text).
import type { ShellWord, SimpleCommand } from '../../dockerfile/shell';

export interface PackageCommand {
  command: SimpleCommand;
  manager: 'apt' | 'apk' | 'yum' | 'pip';
  /** `install`, `add`, `update`, `del`, ... (the first word that is not an option). */
  subcommand: string;
  subcommandWord: ShellWord;
  /** Option words (`-y`, `--no-cache`, `-o`, `APT::X=1` values included) before and after the sub-command. */
  options: ShellWord[];
  /** Non-option words after the sub-command (packages, or files for `pip install -r`). */
  operands: ShellWord[];
}

/** Options that take the next word as their value, per manager. */
const VALUE_OPTIONS: Record<PackageCommand['manager'], Set<string>> = {
  apt: new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release']),
  apk: new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '-t', '--virtual']),
  yum: new Set(['-c', '--config', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-x', '--exclude', '--setopt']),
  pip: new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root',
    '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--cache-dir', '--trusted-host', '--python', '--log',
    '--proxy', '--timeout', '--retries', '--platform', '--python-version', '--implementation', '--abi', '--only-binary',
    '--no-binary', '--progress-bar', '--src', '--upgrade-strategy', '--report', '--cert', '--client-cert', '--exists-action',
    '--root-user-action']),
};

const PIP = /^pip(\d+(\.\d+)*)?$/;
const PYTHON = /^python(\d+(\.\d+)*)?$/;

function managerOf(command: SimpleCommand): { manager: PackageCommand['manager']; args: ShellWord[] } | null {
  const { name, args } = command.effective;
  if (!name) return null;
  if (name === 'apt-get' || name === 'apt' || name === 'aptitude') return { manager: 'apt', args };
  if (name === 'apk') return { manager: 'apk', args };
  if (name === 'yum' || name === 'dnf' || name === 'microdnf') return { manager: 'yum', args };
  if (PIP.test(name)) return { manager: 'pip', args };
  if (PYTHON.test(name)) {
    const m = args.findIndex((word) => word.value === '-m');
    if (m >= 0 && args[m + 1] && PIP.test(args[m + 1].value)) return { manager: 'pip', args: args.slice(m + 2) };
  }
  return null;
}

/** Parsed once per command: several rules ask about the same commands. */
const parsed = new WeakMap<SimpleCommand, PackageCommand | null>();

export function packageCommand(command: SimpleCommand): PackageCommand | null {
  let pkg = parsed.get(command);
  if (pkg === undefined) {
    pkg = parsePackageCommand(command);
    parsed.set(command, pkg);
  }
  return pkg;
}

function parsePackageCommand(command: SimpleCommand): PackageCommand | null {
  const found = managerOf(command);
  if (!found) return null;
  const { manager, args } = found;
  const valueOptions = VALUE_OPTIONS[manager];
  const options: ShellWord[] = [];
  const operands: ShellWord[] = [];
  let subcommandWord: ShellWord | null = null;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word.value.startsWith('-') && word.value !== '-') {
      options.push(word);
      if (valueOptions.has(word.value) && args[i + 1]) options.push(args[++i]);
      continue;
    }
    if (!subcommandWord) subcommandWord = word;
    else operands.push(word);
  }
  if (!subcommandWord) return null;
  return { command, manager, subcommand: subcommandWord.value, subcommandWord, options, operands };
}

/** The value of option `names` (`--opt=value`, `--opt value`, `-o value`), each occurrence. */
export function optionValues(pkg: PackageCommand, names: string[]): string[] {
  const values: string[] = [];
  pkg.options.forEach((word, i) => {
    for (const name of names) {
      if (word.value === name && pkg.options[i + 1]) values.push(pkg.options[i + 1].value);
      else if (word.value.startsWith(name + '=')) values.push(word.value.slice(name.length + 1));
    }
  });
  return values;
}

export function hasOption(pkg: PackageCommand, ...names: string[]): boolean {
  return pkg.options.some((word) => names.includes(word.value) || names.some((name) => name.startsWith('--') && word.value.startsWith(name + '=')));
}

/** Short options that take a value: in a cluster, the rest of the word is that value (`-tstable`). */
const SHORT_VALUE: Record<PackageCommand['manager'], string> = { apt: 'oct', apk: 'Xpt', yum: 'cx', pip: 'rcetifo' };

/** Short-option clusters (`-qy` → `q`, `y`), long options and option values excluded. */
export function shortFlags(pkg: PackageCommand): string[] {
  const letters: string[] = [];
  for (const word of pkg.options) {
    if (!/^-[A-Za-z]/.test(word.value)) continue;
    for (const letter of word.value.slice(1).split('=')[0]) {
      letters.push(letter);
      if (SHORT_VALUE[pkg.manager].includes(letter)) break;
    }
  }
  return letters;
}

export function isAptInstall(pkg: PackageCommand): boolean {
  return pkg.manager === 'apt' && pkg.subcommand === 'install';
}

export function isAptUpdate(pkg: PackageCommand): boolean {
  return pkg.manager === 'apt' && pkg.subcommand === 'update';
}

/** Package name without a version pin (`gcc=12.2-r0`, `gcc~12`, `gcc>=1`) or arch (`gcc:amd64`). */
export function packageName(word: ShellWord): string {
  return word.value.split(/[=~<>:]/)[0];
}
