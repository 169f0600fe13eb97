// expose-invalid: EXPOSE takes container ports (0-65535) with an optional lower-case protocol,
// read the way BuildKit reads them: `[ip:][hostPort:]port[-port][/proto]`.
import { isIP } from 'node:net';
import type { Range } from 'vscode-languageserver-types';
import type { Finding, Rule, RuleContext } from '../rule';
import type { Word } from '../../dockerfile/types';
import { unquote } from '../util/words';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

export const exposeInvalid: Rule = {
  meta: {
    id: 'expose-invalid',
    category: 'correctness',
    severity: 'error',
    aliases: ['DL3011', 'ExposeInvalidFormat', 'ExposeProtoCasing'],
    description: 'EXPOSE with a port outside 0-65535 or an unknown protocol (the build fails), a host port or IP address, or an upper-case protocol.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of instruction.args) {
        const expanded = ctx.model.expand(word.value, instruction);
        if (expanded.unresolved) continue;
        for (const value of expanded.value.split(/\s+/).filter(Boolean).map((part) => unquote(part, ctx.escapeChar))) {
          findings.push(...checkPort(ctx, word, value));
        }
      }
    }
    return findings;
  },
};

function checkPort(ctx: RuleContext, word: Word, value: string): Finding[] {
  const parts = value.split(':');
  const container = parts[parts.length - 1];
  const hostPort = parts.length >= 2 ? parts[parts.length - 2] : '';
  const ip = parts.length >= 3 ? parts.slice(0, -2).join(':') : '';
  const slash = container.indexOf('/');
  const port = slash < 0 ? container : container.slice(0, slash);
  const protocol = slash < 0 ? '' : container.slice(slash + 1);
  const fails = (why: string): Finding[] => [{ range: word.range, message: `EXPOSE ${value}: ${why}; the build fails.` }];
  if (!port) return fails('no port before the protocol');
  if (protocol && !PROTOCOLS.has(protocol.toLowerCase())) return fails(`unknown protocol "${protocol}" (use tcp, udp or sctp)`);
  const ports = portRange(port);
  if (!ports) return fails('ports range from 0 to 65535, and a range must go upwards');
  const findings: Finding[] = [];
  if (ip || hostPort) {
    const hosts = hostPort ? portRange(hostPort) : null;
    if (ip && !isIP(ip.replace(/^\[(.*)\]$/, '$1'))) return fails(`"${ip}" is not an IP address`);
    if (!hosts) return fails(`"${hostPort}" is not a host port`);
    if (hosts[1] - hosts[0] !== ports[1] - ports[0] && ports[0] !== ports[1]) return fails('the host and container port ranges differ in size');
    const literal = ctx.textOf(word.range) === value;
    findings.push({
      range: word.range,
      severity: 'warning',
      message: `EXPOSE ${value}: a host ${ip ? 'address and port' : 'port'} does not belong in the image; BuildKit drops it (and warns it will become an error). EXPOSE ${container} and publish it with docker run -p HOST:CONTAINER.`,
      fixes: literal ? [{ title: `Keep the container port (${container})`, edits: [ctx.replace(word.range, container)], preferred: true, safe: true }] : [],
    });
  }
  if (protocol && protocol !== protocol.toLowerCase()) {
    const range = protocolRange(ctx, word, protocol);
    findings.push({
      range: range ?? word.range,
      severity: 'warning',
      message: `EXPOSE ${value}: upper-case protocol; BuildKit warns and tools reading the image config expect "${protocol.toLowerCase()}".`,
      fixes: range ? [{ title: `Lower-case the protocol (${protocol.toLowerCase()})`, edits: [ctx.replace(range, protocol.toLowerCase())], preferred: true, safe: true }] : [],
    });
  }
  return findings;
}

/** `80` or `8000-8010` as BuildKit parses it, or null when it is not a valid port range. */
function portRange(text: string): [number, number] | null {
  const [start, end] = text.split(/-(.*)/s);
  const low = portNumber(start);
  if (low === null) return null;
  if (end === undefined || end === start) return [low, low];
  const high = portNumber(end);
  return high === null || high < low ? null : [low, high];
}

function portNumber(text: string): number | null {
  if (!/^\+?\d+$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** The protocol as written at the end of the word (`8080/TCP`), when it is literal there. */
function protocolRange(ctx: RuleContext, word: Word, protocol: string): Range | null {
  const written = ctx.textOf(word.range);
  if (!written.endsWith(`/${protocol}`)) return null;
  const end = ctx.model.offsetAt(word.range.end);
  return { start: ctx.model.positionAt(end - protocol.length), end: word.range.end };
}
