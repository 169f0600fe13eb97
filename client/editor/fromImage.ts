// The FROM images of a Dockerfile as the hover and the pin action need them, read through the one
// Dockerfile model (so continuation lines, `# escape=`, ARG defaults and stage names are handled
// the way the linter handles them), and the pin edit itself. Pure, so the exact edits are
// unit-tested without the editor.
import { canonicalRepository, parseImageReference } from '../../common/imageRef';
import { buildModel } from '../../dockerfile/model';
import type { DockerfileModel, Range } from '../../dockerfile/types';

export interface FromReference {
  /** The reference as written (`golang:1.22`, `${BASE}`). */
  text: string;
  /** After substituting global ARG defaults; undefined when a variable has no value. */
  resolved?: string;
  /** Where `text` is written. */
  range: Range;
}

/** FROM lines that name an image: not `scratch`, not an earlier stage. */
export function fromReferences(model: DockerfileModel): FromReference[] {
  return model.stages
    .filter((stage) => stage.image.raw && !stage.parent && stage.image.resolved.toLowerCase() !== 'scratch')
    .map((stage) => ({ text: stage.image.raw, resolved: stage.image.unresolved ? undefined : stage.image.resolved, range: stage.image.range }));
}

/** The FROM image under a position (0-based line and character), if any. */
export function fromReferenceAt(text: string, position: { line: number; character: number }): FromReference | undefined {
  return fromReferences(buildModel(text)).find(({ range }) => contains(range, position));
}

function contains(range: Range, { line, character }: { line: number; character: number }): boolean {
  if (line < range.start.line || line > range.end.line) return false;
  if (line === range.start.line && character < range.start.character) return false;
  return !(line === range.end.line && character > range.end.character);
}

/**
 * The reference pinned to the digest the daemon recorded for the same repository
 * (`golang:1.22` → `golang:1.22@sha256:…`); undefined when the daemon has no such digest
 * (a locally built or loaded image), so no wrong pin is ever offered.
 */
export function pinnedReference(written: string, repoDigests: readonly string[]): string | undefined {
  const wanted = parseImageReference(written);
  if (wanted.digest) return undefined;
  const repository = canonicalRepository(wanted);
  for (const repoDigest of repoDigests) {
    const recorded = parseImageReference(repoDigest);
    if (recorded.digest && /^sha256:[0-9a-f]{64}$/.test(recorded.digest) && canonicalRepository(recorded) === repository) {
      return `${written}@${recorded.digest}`;
    }
  }
  return undefined;
}

export interface PinEdit {
  /** 0-based line, and columns of the reference on it, to be replaced by `pinned`. */
  line: number;
  start: number;
  end: number;
  pinned: string;
  digest: string;
}

/**
 * What the pin action does to the FROM image on one line, without the editor: the reference as
 * written, looked up in the daemon, pinned to its recorded digest. Undefined when there is nothing
 * honest to offer (no FROM image on that line, built from ARGs, unknown image, no repo digest).
 */
export async function pinEditFor(
  documentText: string,
  line: number,
  lookup: (reference: string) => Promise<{ repoDigests: readonly string[] } | undefined>,
): Promise<PinEdit | undefined> {
  const from = fromReferences(buildModel(documentText)).find(({ range }) => range.start.line === line && range.end.line === line);
  // A reference built from ARGs cannot be pinned by editing the FROM line alone.
  if (!from || from.resolved !== from.text) return undefined;
  const image = await lookup(from.text);
  const pinned = image && pinnedReference(from.text, image.repoDigests);
  if (!pinned) return undefined;
  return { line, start: from.range.start.character, end: from.range.end.character, pinned, digest: pinned.slice(pinned.lastIndexOf('@') + 1) };
}
