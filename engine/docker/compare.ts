// Two images side by side (e.g. single-stage vs multi-stage), as data for a view or the CLI.
import type { ImageLayers, LayerInfo } from './images';

export interface EfficiencyFigures { efficiency: number; wastedBytes: number; userWastedPercent: number }

export interface ComparedImage {
  ref: string;
  id: string;
  sizeBytes: number;
  /** Layers that write files. */
  layerCount: number;
  /** History entries that only change config. */
  emptyLayerCount: number;
  /** Largest non-empty layers, biggest first. */
  biggestLayers: LayerInfo[];
  /** Bytes of the layers that come from the FROM image (0 when unknown). */
  baseSizeBytes: number;
  baseName?: string;
  /** Present when the image was analyzed at file level. */
  efficiency?: EfficiencyFigures;
}

export interface ImageComparison {
  left: ComparedImage;
  right: ComparedImage;
  /** right − left. */
  sizeDeltaBytes: number;
  layerCountDelta: number;
  /** right / left; Infinity when left is 0 bytes. */
  sizeRatio: number;
  /** right − left wasted bytes, when both are analyzed. */
  wastedDeltaBytes?: number;
}

export function compareImages(left: ImageLayers, right: ImageLayers, efficiency: { left?: EfficiencyFigures; right?: EfficiencyFigures } = {}, biggest = 5): ImageComparison {
  const a = summarise(left, efficiency.left, biggest);
  const b = summarise(right, efficiency.right, biggest);
  return {
    left: a,
    right: b,
    sizeDeltaBytes: b.sizeBytes - a.sizeBytes,
    layerCountDelta: b.layerCount - a.layerCount,
    sizeRatio: a.sizeBytes > 0 ? b.sizeBytes / a.sizeBytes : Infinity,
    wastedDeltaBytes: a.efficiency && b.efficiency ? b.efficiency.wastedBytes - a.efficiency.wastedBytes : undefined,
  };
}

function summarise(image: ImageLayers, efficiency: EfficiencyFigures | undefined, biggest: number): ComparedImage {
  const written = image.layers.filter((layer) => !layer.empty);
  return {
    ref: image.ref,
    id: image.id,
    sizeBytes: image.sizeBytes,
    layerCount: written.length,
    emptyLayerCount: image.layers.length - written.length,
    biggestLayers: written.slice().sort((x, y) => y.sizeBytes - x.sizeBytes).slice(0, biggest),
    baseSizeBytes: image.layers.filter((layer) => layer.fromBase).reduce((sum, layer) => sum + layer.sizeBytes, 0),
    baseName: image.base?.name,
    efficiency,
  };
}
