// user-root (DL3002): the final image runs its process as root.
import { posix } from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Finding, Fix, Rule } from '../rule';
import { officialName } from '../../common/imageRef';
import type { Instruction, Stage } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { stageChain } from '../../dockerfile/stages';
import { packageCommand } from '../util/packages';

/** Instructions a USER must come after: they need root or change the filesystem. */
const BUILD_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'ONBUILD']);

export const userRoot: Rule = {
  meta: {
    id: 'user-root', category: 'security', severity: 'warning', aliases: ['DL3002'],
    description: 'The final image runs its program as root: no USER, or USER root last, and nothing drops privileges.',
    fixable: true,
  },
  check(ctx) {
    const stage = ctx.model.finalStage;
    if (!stage) return [];
    const chain = stageChain(stage);
    const users = chain.flatMap((s) => s.instructions).filter((instruction) => instruction.keyword === 'USER');
    const lastUser = users[users.length - 1];
    let rootUser: Instruction | null = null;
    if (lastUser) {
      const word = lastUser.args[0];
      if (!word) return [];
      const expanded = ctx.model.expand(word.value, lastUser);
      if (expanded.unresolved || !isRoot(expanded.value)) return [];
      rootUser = lastUser;
    } else {
      const base = chain[0];
      if (base.image.unresolved || runsAsNonRoot(base)) return [];
      const ownEntrypoint = chain.some((s) => s.instructions.some((instruction) => instruction.keyword === 'ENTRYPOINT'));
      if (!ownEntrypoint && dropsPrivileges(base)) return [];
    }
    const runtime = runtimeCommand(ctx, chain);
    // No CMD/ENTRYPOINT, or only a shell: a base or toolchain image; what runs is up to its user.
    if (!runtime || runtime.toolchain) return [];
    if (runtime.dropsRoot || needsRoot(ctx, chain, runtime)) return [];
    if (rootUser) {
      const word = rootUser.args[0];
      return [finding(ctx, stage, word.range, `USER ${word.value} is the last USER of the final image: the program runs as root.`, rootUser)];
    }
    const base = chain[0];
    if (!knownDefaultUser(base)) {
      // A third-party image may set its own USER; we cannot see it.
      const message = `No USER in the final stage, and ${base.image.raw} is an image Dockscope cannot see: unless it sets a non-root USER itself, the program runs as root.`;
      return [{ ...finding(ctx, stage, stage.image.range, message, null), severity: 'info' }];
    }
    return [finding(ctx, stage, stage.image.range, 'No USER in the final stage: the program runs as root.', null)];
  },
};

function isRoot(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}

/**
 * Well-known third-party images whose own config sets a non-root USER (checked against their
 * published Dockerfiles): grafana/k6 (k6), grafana/grafana (472), prom/* (nobody), bitnami/* (1001),
 * nginxinc/nginx-unprivileged (101), the Keycloak and Jenkins images.
 */
const NON_ROOT_IMAGES = /^(grafana\/(k6|grafana|grafana-oss|loki|promtail|tempo|mimir)|prom\/(prometheus|alertmanager|node-exporter|pushgateway|blackbox-exporter)|bitnami\/[^/]+|nginxinc\/nginx-unprivileged|keycloak\/keycloak|jenkins\/jenkins)$/;

/** Images that already run as a non-root user by default. */
function runsAsNonRoot(base: Stage): boolean {
  const tag = (base.image.tag ?? '').toLowerCase();
  // Windows containers have no root: they run as ContainerUser/ContainerAdministrator.
  if (/(^|\/)windows|nanoserver|windowsservercore|ltsc20/.test(`${base.image.repository.toLowerCase()}:${tag}`)) return true;
  if (base.runtime.distroless) return /(^|-)nonroot($|-)/.test(tag);
  if (base.image.registry === 'cgr.dev' && base.image.repository.startsWith('chainguard/')) return !/(^|-)dev($|-)/.test(tag);
  if (NON_ROOT_IMAGES.test(base.image.repository.toLowerCase().replace(/^library\//, ''))) return true;
  return officialName(base.image) === 'scratch' ? false : /(^|-)nonroot($|-)/.test(tag);
}

/**
 * Images whose default user is known (root unless runsAsNonRoot says otherwise): Docker Hub's
 * official images and their mirrors, scratch, distroless, Chainguard, UBI, Microsoft's .NET and
 * dev-container images, CentOS/Fedora on quay.io. Any other image may set its own USER.
 */
function knownDefaultUser(base: Stage): boolean {
  const image = base.image;
  const registry = image.registry ?? 'docker.io';
  const repository = image.repository.toLowerCase();
  if (registry === 'docker.io' || registry === 'index.docker.io') return !officialName(image).includes('/');
  if (registry === 'public.ecr.aws') return repository.startsWith('docker/library/');
  if (registry === 'mirror.gcr.io') return repository.startsWith('library/') || !repository.includes('/');
  if (base.runtime.distroless || registry === 'cgr.dev') return true;
  if (registry === 'registry.access.redhat.com' || registry === 'registry.redhat.io') return /^ubi\d*(\/|$)/.test(repository);
  if (registry === 'mcr.microsoft.com') return /^(dotnet|devcontainers|vscode\/devcontainers)\//.test(repository);
  if (registry === 'quay.io') return /^(centos|fedora)\//.test(repository);
  return false;
}

/**
 * Images that set a non-root USER themselves or whose entrypoint switches to a service user
 * (gosu/su-exec): a USER line would break their start-up (chown of the data directory).
 */
const SERVICE_IMAGES = new Set([
  'postgres', 'mysql', 'mariadb', 'redis', 'mongo', 'rabbitmq', 'memcached', 'elasticsearch', 'cassandra',
  'couchdb', 'zookeeper', 'solr', 'jenkins/jenkins', 'grafana/grafana', 'sonarqube',
]);

function dropsPrivileges(base: Stage): boolean {
  const name = officialName(base.image).toLowerCase();
  const hub = base.image.registry === null || base.image.registry === 'docker.io';
  return (hub && SERVICE_IMAGES.has(name)) || (hub && /^(bitnami|prom)\//.test(name));
}

// --- What the container runs -------------------------------------------------------------------

interface RuntimeCommand {
  /** Every word of ENTRYPOINT + CMD (all commands of a shell form). */
  words: string[];
  /** Program basenames (shell form: each command's program, behind wrappers). */
  programs: string[];
  /** Only a shell or a language REPL: a base or toolchain image. */
  toolchain: boolean;
  /** Switches to another user itself (gosu, su-exec, setpriv, --user=, a script that does). */
  dropsRoot: boolean;
  /** The instructions, for the entry script lookup. */
  instructions: Instruction[];
}

/** Programs that start as root and run the real work as another user. php-fpm* counts as php-fpm. */
const DROPPERS = new Set(['gosu', 'su-exec', 'setpriv', 'runuser', 'chpst', 's6-setuidgid', 'setuidgid', 'su', 'capsh']);
/** Daemons that start as root, then drop to an unprivileged user on their own (privilege separation). */
const SELF_DROPPING = new Set(['nginx', 'httpd', 'apache2', 'apache2ctl', 'apachectl', 'sshd', 'dnsmasq', 'unbound', 'named',
  'postfix', 'dovecot', 'squid', 'vsftpd', 'proftpd', 'cron', 'crond', 'chronyd', 'ntpd', 'apache2-foreground', 'httpd-foreground',
  'php-fpm', 'in.tftpd', 'tinyproxy']);
/** Flags with which a daemon drops to a user (`--user=app`, `--chuid app`). */
const USER_FLAG = /^--?(?:user|uid|setuid|runas|run-as|chuid|as-user|userspec)(?:=(.*))?$/;
/** Shells and REPLs: `CMD ["bash"]` is an image meant to be run with a command of its user's choice. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'fish', 'python', 'python3', 'node', 'irb', 'pry', 'ghci',
  'iex', 'erl', 'julia', 'R', 'jshell', 'lua', 'tclsh', 'pwsh', 'powershell', 'php']);
/** `php -a`, `bash -l`, `sh -i`: interactive flags only. */
const REPL_FLAGS = /^-[ila]+$/;
/** Script text that switches user. */
const DROP_IN_SCRIPT = /\b(?:gosu|su-exec|setpriv\b[^\n]*--re[ug]id|runuser|s6-setuidgid|setuidgid|chpst\s+-u|chroot\s+--userspec|start-stop-daemon\b[^\n]*(?:--chuid|-c\s)|capsh\b[^\n]*--user|su\s+(?:-[a-z]*\s+)*(?!root\b)[a-z_][\w-]*\s+-c|su\s+-c\b|sudo\s+-u\s+(?!root\b)\w|--user[= ](?!root\b|0\b)[\w$])/;
/** `user=app` (supervisord, uwsgi `uid = app`), `user nginx;` in a configuration the Dockerfile writes. */
const CONFIG_USER = /(?:^|[\s"'\\;]|\\n)(?:user|uid)\s*=\s*(?!root\b|0\b)["']?[\w$][\w.$-]*|(?:^|[\s"'\\])user\s+(?!root\b)[a-z_][\w-]*\s*;/m;

function commandWords(ctx: RuleContext, instruction: Instruction): { words: string[]; programs: string[] } {
  if (instruction.form === 'json') {
    const words = (instruction.json ?? []).map((word) => word.value);
    return { words, programs: words.length ? [basename(words[0])] : [] };
  }
  const script = ctx.model.shellOf(instruction);
  if (!script) return { words: [], programs: [] };
  return {
    words: script.commands.flatMap((command) => command.argv.map((word) => word.value)),
    programs: script.commands.flatMap((command) => [command.name, command.effective.name].filter((n): n is string => !!n)),
  };
}

function runtimeCommand(ctx: RuleContext, chain: Stage[]): RuntimeCommand | null {
  const all = chain.flatMap((s) => s.instructions);
  const entrypoint = [...all].reverse().find((instruction) => instruction.keyword === 'ENTRYPOINT') ?? null;
  const cmd = [...all].reverse().find((instruction) => instruction.keyword === 'CMD') ?? null;
  if (!entrypoint && !cmd) return null;
  const instructions = [entrypoint, cmd].filter((i): i is Instruction => i !== null);
  const parts = instructions.map((instruction) => commandWords(ctx, instruction));
  const words = parts.flatMap((part) => part.words);
  const programs = parts.flatMap((part) => part.programs);
  if (!words.length) return null;
  const cmdPart = cmd ? commandWords(ctx, cmd) : null;
  const entryPart = entrypoint ? commandWords(ctx, entrypoint) : null;
  const entryIsScript = entryPart ? /entrypoint|docker-entry/.test(entryPart.words[0] ?? '') : true;
  const onlyShell = (part: { words: string[] }) => part.words.length > 0 && SHELLS.has(basename(part.words[0])) && part.words.slice(1).every((word) => REPL_FLAGS.test(word));
  const toolchain = (!!cmdPart && entryIsScript && onlyShell(cmdPart)) || (!!entryPart && onlyShell(entryPart) && !cmdPart?.words.length);
  return { words, programs, toolchain, instructions, dropsRoot: dropsInCommand(words, programs) || dropsInFiles(ctx, chain, words) };
}

function dropsInCommand(words: string[], programs: string[]): boolean {
  const drops = (name: string) => DROPPERS.has(name) || SELF_DROPPING.has(name.replace(/^(php-fpm)[\d.]*$/, '$1'));
  if (programs.some(drops) || words.some((word) => drops(basename(word)))) return true;
  // s6-overlay's /init runs each service through s6-setuidgid.
  if (words[0] === '/init') return true;
  for (let i = 0; i < words.length; i++) {
    const flag = USER_FLAG.exec(words[i]);
    if (!flag) continue;
    const user = flag[1] ?? words[i + 1] ?? '';
    if (user && !isRoot(user) && !user.startsWith('-')) return true;
  }
  return false;
}

/** An entry script we can read (in the context or a heredoc) or a configuration the Dockerfile writes drops root. */
function dropsInFiles(ctx: RuleContext, chain: Stage[], words: string[]): boolean {
  const all = chain.flatMap((s) => s.instructions);
  for (const instruction of all) {
    if (instruction.keyword === 'RUN' && CONFIG_USER.test(instruction.text)) return true;
    if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && instruction.heredocs.some((h) => CONFIG_USER.test(h.content) || DROP_IN_SCRIPT.test(h.content))) return true;
  }
  for (const source of contextSources(ctx, all, words)) {
    const text = ctx.context.readText(source);
    if (text && (DROP_IN_SCRIPT.test(text) || (/\.(?:conf|ini|cfg|toml)$/.test(source) && CONFIG_USER.test(text)))) return true;
  }
  return false;
}

/**
 * Context files that end up as the entry script (a CMD/ENTRYPOINT word that names a copied file)
 * or as a configuration file (`*.conf`, `*.ini`): at most a few, read through the context.
 */
function contextSources(ctx: RuleContext, all: Instruction[], words: string[]): string[] {
  const sources: string[] = [];
  const wanted = new Set(words.filter((word) => /^[\w./-]+$/.test(word)).map((word) => basename(word)));
  for (const instruction of all) {
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((flag) => flag.name === 'from')) continue;
    const args = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
    if (args.length < 2) continue;
    const destination = args[args.length - 1].value;
    for (const word of args.slice(0, -1)) {
      const source = word.value.replace(/^\.\//, '');
      if (!source || /[*?[]|:\/\//.test(source)) continue;
      const landed = destination.endsWith('/') || args.length > 2 ? basename(source) : basename(destination);
      if (wanted.has(landed) || wanted.has(basename(source)) || /\.(?:conf|ini|cfg|toml)$/.test(source)) sources.push(source);
    }
  }
  return sources.slice(0, 20);
}

/** Tools that need root to do their job: packet capture, eBPF tracing, firewalls, a Docker daemon. */
const ROOT_TOOLS = new Set(['bpftrace', 'tcpdump', 'tshark', 'dumpcap', 'ngrep', 'iftop', 'nethogs', 'iptables', 'ip6tables',
  'iptables-restore', 'nft', 'ipvsadm', 'dockerd', 'dockerd-entrypoint.sh', 'containerd', 'buildkitd', 'sysdig', 'falco',
  'nsenter', 'modprobe', 'wg-quick', 'openvpn', 'ipsec', 'charon', 'hping3', 'masscan', 'arping', 'perf', 'systemd', 'init',
  'execsnoop', 'opensnoop', 'biolatency', 'tcplife', 'kube-proxy', 'keepalived', 'tailscaled', 'zerotier-one', 'ntopng', 'zeek',
  'bro', 'suricata', 'snort', 'p0f', 'openconnect', 'openfortivpn', 'vpnc', 'watchtower']);
/** Packages that make an image such a tool. */
const ROOT_PACKAGES = /^(?:bpftrace|bcc|bcc-tools|bpfcc-tools|tcpdump|tshark|wireshark|ngrep|iptables|nftables|ipvsadm|docker|docker-ce|docker-engine|sysdig|wireguard-tools|openvpn|strongswan|hping3|masscan|keepalived)(?:=.*)?$/;

function needsRoot(ctx: RuleContext, chain: Stage[], runtime: RuntimeCommand): boolean {
  if (runtime.programs.some((program) => ROOT_TOOLS.has(program)) || runtime.words.some((word) => ROOT_TOOLS.has(basename(word)))) return true;
  const base = chain[0];
  if (!base.image.unresolved && officialName(base.image) === 'docker' && /dind/.test(base.image.tag ?? '')) return true;
  for (const instruction of chain.flatMap((s) => s.instructions)) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of ctx.model.shellOf(instruction)?.commands ?? []) {
      const pkg = packageCommand(command);
      if (pkg && /^(?:install|add)$/.test(pkg.subcommand) && pkg.operands.some((word) => ROOT_PACKAGES.test(word.value))) return true;
    }
  }
  return false;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

// --- The fix ----------------------------------------------------------------------------------

/** A path word `/root` or `/root/...` (not `/rootfs`, `/var/root`). */
const ROOT_PATH = /(?<![\w.~/$-])\/root(?=\/|$|[\s"':;,)\]}])/g;

function finding(ctx: RuleContext, stage: Stage, range: Finding['range'], message: string, rootUser: Instruction | null): Finding {
  const plan = planFix(ctx, stage, rootUser);
  const base = `${message} A code-execution bug then has root in the container (and on mounted volumes).`;
  if ('declined' in plan) return { range, message: `${base} No fix offered: ${plan.declined}.` };
  return { range, message: base, fixes: [plan.fix] };
}

function planFix(ctx: RuleContext, stage: Stage, rootUser: Instruction | null): { fix: Fix } | { declined: string } {
  const shellLess = stageChain(stage)[0].runtime.shellLess;
  const root = stageChain(stage)[0];
  // The official node image has a `node` user with a home, which npm and yarn need for their cache.
  const created = createdUser(ctx, stage) ?? (!root.image.unresolved && knownDefaultUser(root) && officialName(root.image) === 'node' ? 'node' : null);
  const user = created ?? (root.runtime.distroless ? 'nonroot:nonroot' : '65532:65532');
  const owner = created ?? '65532:65532';
  const edits: TextEdit[] = [];
  const notes: string[] = [];

  const moved = moveOutOfRoot(ctx, stage);
  if ('declined' in moved) return moved;
  if (moved.edits.length) {
    edits.push(...moved.edits);
    notes.push('move /root to /app: /root is 0700, the user could not reach it');
  }

  // Directories the program writes to: a VOLUME, files that hold data.
  // /tmp and the like are world-writable already.
  const volumes = stageChain(stage).flatMap((s) => s.instructions).filter((instruction) => instruction.keyword === 'VOLUME')
    .flatMap((instruction) => volumePaths(ctx, instruction)).filter((path) => !/^\/(?:tmp|var\/tmp|dev\/shm)$/.test(path));
  const chowned: string[] = [];
  for (const instruction of stage.instructions) {
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((flag) => flag.name === 'chown')) continue;
    if (!holdsData(ctx, instruction, volumes)) continue;
    edits.push(ctx.insertAt(instruction.keywordRange.end, ` --chown=${owner}`));
    chowned.push(instruction.keyword);
  }
  if (chowned.length) notes.push(`give the user the copied data (--chown=${owner})`);
  const chain = stageChain(stage).flatMap((s) => s.instructions);
  const uncovered = volumes.filter((volume) => !chain.some((instruction) =>
    ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && instruction.flags.some((flag) => flag.name === 'chown') && copiesInto(ctx, instruction, volume))
    || (instruction.keyword === 'RUN' && /\bchown\b/.test(instruction.text) && [volume, posix.dirname(volume)].some((path) => path !== '/' && instruction.text.includes(path)))));
  const keyword = stage.from.rawKeyword === stage.from.rawKeyword.toLowerCase() ? 'user' : 'USER';
  const run = keyword === 'user' ? 'run' : 'RUN';
  const lines: string[] = [];
  if (uncovered.length) {
    if (shellLess) return { declined: `VOLUME ${uncovered.join(' ')} would stay owned by root and the user could not write to it; create it owned by the user (COPY --chown from a builder stage) first` };
    const paths = uncovered.map((path) => moved.rename(path));
    const line = `${run} mkdir -p ${paths.join(' ')} && chown ${owner} ${paths.join(' ')}`;
    // Before the VOLUME: the classic builder discards changes to a volume made after it.
    const volume = stage.instructions.find((instruction) => instruction.keyword === 'VOLUME');
    if (volume) edits.push(ctx.insertLinesBefore(volume, [line]));
    else lines.push(line);
    notes.push(`let the user write to VOLUME ${paths.join(' ')}`);
  }
  lines.push(`${keyword} ${user}`);

  // After the last build step (and after USER root when it is in this stage): the steps before
  // it keep running as root, only the container process changes user.
  const instructions = stage.instructions;
  let after = -1;
  instructions.forEach((instruction, index) => { if (BUILD_STEPS.has(instruction.keyword) || instruction === rootUser) after = index; });
  const before = instructions.slice(after + 1).find((instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT');
  const anchor = instructions[instructions.length - 1] ?? stage.from;
  edits.push(before ? ctx.insertLinesBefore(before, lines) : ctx.insertLinesAfter(anchor, lines));
  const title = `Insert USER ${user}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  return { fix: { title, preferred: true, edits } };
}

/** A user the final stage creates (`adduser -D app`, `useradd -r app`) and has not switched to: the better USER. */
function createdUser(ctx: RuleContext, stage: Stage): string | null {
  for (const instruction of stageChain(stage).flatMap((s) => s.instructions)) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of ctx.model.shellOf(instruction)?.commands ?? []) {
      const name = command.effective.name;
      if (name !== 'adduser' && name !== 'useradd') continue;
      const args = command.effective.args.map((word) => word.value);
      // Options with a value: -u UID, -g GROUP, -h HOME, -s SHELL, -G GROUPS, -c/-g GECOS, -k SKEL, -K, -d, -e, -f, -p.
      const operands: string[] = [];
      for (let i = 0; i < args.length; i++) {
        if (/^-[ughsGcdekKfp]$|^--(?:uid|gid|home|home-dir|shell|groups|gecos|comment|ingroup|skel|expiredate|inactive|password|key)$/.test(args[i])) { i++; continue; }
        if (args[i].startsWith('-')) continue;
        operands.push(args[i]);
      }
      // `adduser app group` adds an existing user to a group; `adduser app` creates one.
      const user = operands[0];
      if (user && /^[a-z_][\w-]*$/.test(user) && (name === 'useradd' || operands.length === 1) && !isRoot(user)) return user;
    }
  }
  return null;
}

interface Move { edits: TextEdit[]; rename(path: string): string }

/**
 * Rewrites `/root` to `/app` in the final stage when the program lives or works there: /root is
 * mode 0700, so a non-root user cannot even reach its working directory. Declines when a `/root`
 * path comes from a parent stage the fix cannot move.
 */
function moveOutOfRoot(ctx: RuleContext, stage: Stage): Move | { declined: string } {
  const identity: Move = { edits: [], rename: (path) => path };
  const chain = stageChain(stage);
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const workdir = ctx.model.stateAt(last)?.workdir ?? '/';
  const underRoot = (path: string) => path === '/root' || path.startsWith('/root/');
  const mentions = (instruction: Instruction) => {
    ROOT_PATH.lastIndex = 0;
    return ROOT_PATH.test(rewritableText(ctx, instruction).text);
  };
  const runtimeUses = underRoot(workdir) || stage.instructions.some((instruction) =>
    ['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'ENV', 'VOLUME', 'WORKDIR', 'COPY', 'ADD'].includes(instruction.keyword) && mentions(instruction));
  if (!runtimeUses) return identity;
  const inherited = chain.slice(0, -1).flatMap((s) => s.instructions).find((instruction) => instruction.keyword !== 'FROM' && mentions(instruction));
  if (inherited || (underRoot(workdir) && !stage.instructions.some((instruction) => instruction.keyword === 'WORKDIR' && mentions(instruction)))) {
    return { declined: 'the program works under /root (mode 0700, a non-root user cannot reach it) and the fix cannot move it (a parent stage or a variable such as $HOME sets that path); move it (e.g. WORKDIR /app) and add USER' };
  }
  const edits: TextEdit[] = [];
  for (const instruction of stage.instructions) {
    const { text, offset } = rewritableText(ctx, instruction);
    ROOT_PATH.lastIndex = 0;
    for (const match of text.matchAll(ROOT_PATH)) {
      const start = ctx.model.positionAt(offset + (match.index ?? 0));
      const end = ctx.model.positionAt(offset + (match.index ?? 0) + match[0].length);
      edits.push(ctx.replace({ start, end }, '/app'));
    }
  }
  return { edits, rename: (path) => (underRoot(path) ? `/app${path.slice('/root'.length)}` : path) };
}

/** The text of an instruction whose `/root` paths belong to this stage: not COPY sources (another stage's or the context's paths). */
function rewritableText(ctx: RuleContext, instruction: Instruction): { text: string; offset: number } {
  if (instruction.keyword === 'LABEL' || instruction.keyword === 'FROM' || instruction.keyword === 'EXPOSE' || instruction.keyword === 'USER') return { text: '', offset: 0 };
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const words = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
    const destination = words[words.length - 1];
    if (!destination || words.length < 2) return { text: '', offset: 0 };
    return { text: ctx.textOf(destination.range), offset: ctx.model.offsetAt(destination.range.start) };
  }
  if (!instruction.argsRange) return { text: '', offset: 0 };
  const range = { start: instruction.argsRange.start, end: instruction.range.end };
  return { text: ctx.textOf(range), offset: ctx.model.offsetAt(range.start) };
}

function volumePaths(ctx: RuleContext, instruction: Instruction): string[] {
  const words = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
  return words.map((word) => ctx.model.expand(word.value, instruction)).filter((e) => !e.unresolved && e.value.startsWith('/')).map((e) => e.value.replace(/\/+$/, '') || '/');
}

function destinationOf(ctx: RuleContext, instruction: Instruction): string | null {
  const words = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
  if (words.length < 2) return null;
  const expanded = ctx.model.expand(words[words.length - 1].value, instruction);
  if (expanded.unresolved) return null;
  const workdir = ctx.model.stateAt(instruction)?.workdir ?? '/';
  return posix.resolve(workdir.includes('$') ? '/' : workdir, expanded.value);
}

function copiesInto(ctx: RuleContext, instruction: Instruction, directory: string): boolean {
  const destination = destinationOf(ctx, instruction);
  return destination !== null && (destination === directory || destination.startsWith(`${directory}/`));
}

/** A COPY that puts data the program writes: into a VOLUME, or database files and data directories. */
function holdsData(ctx: RuleContext, instruction: Instruction, volumes: string[]): boolean {
  if (volumes.some((volume) => copiesInto(ctx, instruction, volume))) return true;
  const words = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
  const paths = [...words.map((word) => word.value), destinationOf(ctx, instruction) ?? ''];
  return paths.some((path) => /\.(?:db|sqlite3?|db3)$/i.test(path) || /(?:^|\/)(?:data|db|storage|uploads|logs?)\/?$/i.test(path));
}
