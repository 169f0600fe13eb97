// The per-line layer sizes handed to the inline figures after an analysis. Pure.
import type { ImageAnalysis } from '../../engine/analysis';
import type { ImageLayers } from './layerRows';
import type { SourceLocation } from '../../engine/dockerfile/historyMatch';

/** 1-based line → bytes, from per-layer locations; sizes from the analysis win over history's. */
export function sizesByLine(image: ImageLayers, locations: ReadonlyArray<SourceLocation | undefined>, analysed?: ImageAnalysis): Map<number, number> {
  const analysedSize = new Map(analysed?.layers.map((layer) => [layer.index, layer.sizeBytes]) ?? []);
  const sizes = new Map<number, number>();
  image.layers.forEach((layer, i) => {
    const location = locations[i];
    if (!location || layer.fromBase) return;
    const bytes = analysedSize.get(layer.index) ?? layer.sizeBytes;
    sizes.set(location.line + 1, (sizes.get(location.line + 1) ?? 0) + bytes);
  });
  return sizes;
}
