// Placeholder while the engine's streamed analysis lands (replaced before commit).
import type { ImageEntry } from './imageList';
import type { ImageActionDeps } from './imageActions';

export async function analyzeImage(_deps: ImageActionDeps, _image: ImageEntry): Promise<void> {
  throw new Error('analysis engine not available yet');
}
