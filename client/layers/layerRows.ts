// Turns an image's layers (build order, from the engine) into the rows the tree shows: the base
// image's layers folded under one row, runs of empty (metadata-only) layers folded together,
// everything else one row per layer with its share of the image. Pure, for unit tests.

import type { ImageLayers, LayerInfo } from '../../engine/docker/images';

export type { ImageLayers };
/** One history entry of an image, as the engine reports it (build order, base layers marked). */
export type LayerEntry = LayerInfo;

export type LayerRow =
  | { kind: 'base'; ref: string; layers: LayerEntry[]; sizeBytes: number }
  | { kind: 'layer'; layer: LayerEntry }
  | { kind: 'metadata'; layers: LayerEntry[] };

/** Runs of at least this many consecutive empty layers are folded into one row. */
const METADATA_RUN = 3;

export function buildLayerRows(image: ImageLayers): LayerRow[] {
  const rows: LayerRow[] = [];
  const base = image.layers.filter((layer) => layer.fromBase);
  if (base.length > 0) {
    rows.push({
      kind: 'base',
      ref: image.base?.name ?? 'base image',
      layers: base,
      sizeBytes: base.reduce((sum, layer) => sum + layer.sizeBytes, 0),
    });
  }
  let run: LayerEntry[] = [];
  const flush = () => {
    if (run.length >= METADATA_RUN) rows.push({ kind: 'metadata', layers: run });
    else for (const layer of run) rows.push({ kind: 'layer', layer });
    run = [];
  };
  for (const layer of image.layers.filter((entry) => !entry.fromBase)) {
    if (layer.empty) {
      run.push(layer);
      continue;
    }
    flush();
    rows.push({ kind: 'layer', layer });
  }
  flush();
  return rows;
}

/** The keyword of an instruction (`RUN`, `COPY`, …) for labels like "3 metadata steps (ENV, CMD)". */
function instructionKeyword(createdBy: string): string {
  return /^([A-Z]+)\b/.exec(createdBy.trim())?.[1] ?? 'RUN';
}

export function metadataSummary(layers: readonly LayerEntry[]): string {
  const keywords = [...new Set(layers.map((layer) => instructionKeyword(layer.createdBy)))];
  return `${layers.length} metadata steps (${keywords.join(', ')})`;
}

/** A one-line version of an instruction for a tree label (tree rows cannot wrap). */
export function oneLine(createdBy: string, max = 120): string {
  const flat = createdBy.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
