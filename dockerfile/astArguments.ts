// dockerfile-ast scans an instruction's text for its arguments again on every getArguments(),
// getFlags(), getHeredocs(), getProperties() and getArgumentsRange() call: 4.5 scans per
// instruction during its own parse of the bench corpus, more when the model reads it. Its
// instructions never change after the parse (they read a fixed TextDocument), so the scan is
// kept per instruction. Callers get a fresh array of fresh Arguments each time:
// ModifiableInstruction.getArguments shifts the flags off the array it is given, and dockerfile-ast
// moves the ends of the ranges it reads (From.getRegistryRange shortens the image's range in place),
// so shared ranges would drift with every call (a FROM's registry lost, `${VAR}` unresolvable).
import { Argument, Instruction } from 'dockerfile-ast';

const SCANNED = Symbol('dockscope.rawArguments');
interface Scanning {
  getRawArguments(this: Scanning): Argument[];
  [SCANNED]?: Argument[];
}

const prototype = Instruction.prototype as unknown as Scanning;
const scan = prototype.getRawArguments;

/** dockerfile-ast's own scan, uncached (tests compare against it). */
export function scanArguments(instruction: Instruction): Argument[] {
  return scan.call(instruction as unknown as Scanning);
}

// Installed once (idempotent): any module that parses imports this one first. It relies on a
// private method, so a dockerfile-ast without it is left alone (slower, never broken).
if (typeof scan === 'function' && !Object.prototype.hasOwnProperty.call(scan, SCANNED)) {
  const remembered = function getRawArguments(this: Scanning): Argument[] {
    let args = this[SCANNED];
    if (!args) this[SCANNED] = args = scan.call(this);
    return args.map((arg) => {
      const { start, end } = arg.getRange();
      return new Argument(arg.getValue(), { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } });
    });
  };
  Object.defineProperty(remembered, SCANNED, { value: true });
  prototype.getRawArguments = remembered;
}
