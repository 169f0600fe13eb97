// expose-invalid: EXPOSE takes container ports (1-65535) with an optional lower-case protocol.
import type { Range } from 'vscode-languageserver-types';
import type { Finding, Rule, RuleContext } from '../rule';
import type { Word } from '../../dockerfile/types';
import { unquote } from '../util/words';

const PORT = /^(\d+)(?:-(\d+))?(?:\/([A-Za-z]+))?$/;
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

export const exposeInvalid: Rule = {
  meta: {
    id: 'expose-invalid',
    category: 'correctness',
    severity: 'error',
    aliases: ['DL3011', 'ExposeInvalidFormat', 'ExposeProtoCasing'],
    description: 'EXPOSE with a port outside 1-65535, a host:port mapping or IP address, or an upper-case protocol.',
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
          const finding = checkPort(ctx, word, value);
          if (finding) findings.push(finding);
        }
      }
    }
    return findings;
  },
};

function checkPort(ctx: RuleContext, word: Word, value: string): Finding | null {
  const match = PORT.exec(value);
  if (!match) {
    const mapping = value.includes(':');
    return {
      range: word.range,
      message: mapping
        ? `EXPOSE ${value}: a host port or IP address does not belong in the image (BuildKit ignores or rejects it); EXPOSE the container port and publish it with docker run -p HOST:CONTAINER.`
        : `EXPOSE ${value} is not a port: the build fails. Use PORT[-PORT][/tcp|udp].`,
    };
  }
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  if (low < 1 || high > 65535 || low > high) {
    return {
      range: word.range,
      message: `EXPOSE ${value}: ports range from 1 to 65535${low > high ? ' and a range must go upwards' : ''}; this port cannot exist in the container.`,
    };
  }
  const protocol = match[3];
  if (protocol === undefined || PROTOCOLS.has(protocol)) return null;
  if (!PROTOCOLS.has(protocol.toLowerCase())) {
    return { range: word.range, message: `EXPOSE ${value}: unknown protocol "${protocol}"; the build fails. Use tcp, udp or sctp.` };
  }
  const range = protocolRange(ctx, word, protocol);
  return {
    range: range ?? word.range,
    severity: 'warning',
    message: `EXPOSE ${value}: upper-case protocol; BuildKit warns and tools reading the image config expect "${protocol.toLowerCase()}".`,
    fixes: range ? [{ title: `Lower-case the protocol (${protocol.toLowerCase()})`, edits: [ctx.replace(range, protocol.toLowerCase())], preferred: true, safe: true }] : [],
  };
}

/** The protocol as written at the end of the word (`8080/TCP`), when it is literal there. */
function protocolRange(ctx: RuleContext, word: Word, protocol: string): Range | null {
  const written = ctx.textOf(word.range);
  if (!written.endsWith(`/${protocol}`)) return null;
  const end = ctx.model.offsetAt(word.range.end);
  return { start: ctx.model.positionAt(end - protocol.length), end: word.range.end };
}
