// What a build records for the next one to be compared with, and the reasons a comparison
// gives; apart from the code so the build record can name them without importing it.
import type { ContextManifest } from './contextManifest';

/** What a build was given, kept with its record so the next build can be compared with it. */
export interface RecordedInputs {
  /** The Dockerfile's text at the build. */
  dockerfileText: string;
  /** Build argument names and a hash of each value (values may be secrets). */
  buildArgs: Record<string, string>;
  noCache: boolean;
  /** Each FROM image reference → the local image ID it had (null when not local). */
  baseImages: Record<string, string | null>;
  context: ContextManifest | null;
}

export type RebuildReason =
  | { kind: 'no-cache' }
  | { kind: 'new-step' }
  | { kind: 'instruction-changed'; before: string }
  | { kind: 'files-changed'; added: string[]; removed: string[]; changed: string[] }
  | { kind: 'build-arg'; names: string[] }
  | { kind: 'base-image'; image: string }
  | { kind: 'parent'; line: number }
  | { kind: 'cache-pruned' };
