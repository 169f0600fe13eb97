// CI thresholds for an image analysis — the three dive's CI mode has, and a size budget (an image
// that ships a whole toolchain wastes nothing by dive's measure, yet is what CI should stop) —
// from CLI flags and the `layers:` section of .dockscope.yaml.
import type { ImageAnalysis } from './index';

export interface LayersThresholds {
  /** Fail when efficiency is below this ratio (0..1). */
  lowestEfficiency?: number;
  /** Fail when wasted bytes exceed this. */
  highestWastedBytes?: number;
  /** Fail when wasted bytes / user layer bytes exceed this ratio (0..1). */
  highestUserWastedPercent?: number;
  /** Fail when the image (every layer, the base image's too) is bigger than this. */
  highestSize?: number;
}

/**
 * Defaults when --ci is given and nothing is configured: dive's user-wasted limit. Our efficiency
 * is computed over repeated paths only (see docs/layers.md), so it has no default limit.
 */
const DEFAULT_CI_THRESHOLDS: LayersThresholds = { highestUserWastedPercent: 0.1 };

const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  k: 1024, m: 1024 ** 2, g: 1024 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** "20MB" (10^6), "20MiB" (2^20), "1.5GB", "512" (bytes). Throws on anything else. */
export function parseByteSize(text: string | number): number {
  if (typeof text === 'number' && Number.isFinite(text) && text >= 0) return Math.round(text);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(String(text));
  const unit = match ? UNITS[(match[2] || 'b').toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new Error(`"${text}" is not a size (e.g. 20MB, 512KiB, 1048576)`);
  return Math.round(Number(match[1]) * unit);
}

/** A ratio in 0..1; "10%" is accepted as 0.1. */
export function parseRatio(text: string | number): number {
  const value = typeof text === 'number' ? text : /%\s*$/.test(text) ? Number(text.replace(/%\s*$/, '')) / 100 : Number(text);
  if (typeof text === 'string' && text.trim() === '') throw new Error('empty ratio');
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`"${text}" is not a ratio between 0 and 1`);
  return value;
}

/** Reads `layers:` from .dockscope.yaml; accepts camelCase and kebab-case keys; "disabled" or null turns a check off. */
export function thresholdsFromConfig(section: unknown, where: string): LayersThresholds & { disabled: Array<keyof LayersThresholds> } {
  const result: LayersThresholds & { disabled: Array<keyof LayersThresholds> } = { disabled: [] };
  if (section === undefined || section === null) return result;
  if (typeof section !== 'object' || Array.isArray(section)) throw new Error(`${where}: "layers" must be a mapping`);
  const raw = section as Record<string, unknown>;
  const pick = (camel: keyof LayersThresholds, kebab: string) => (camel in raw ? raw[camel] : raw[kebab]);
  const read = (key: keyof LayersThresholds, kebab: string, parse: (value: string | number) => number) => {
    const value = pick(key, kebab);
    if (value === undefined) return;
    if (value === null || value === 'disabled' || value === false) {
      result.disabled.push(key);
      return;
    }
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${where}: layers.${key} must be a number or a string`);
    try {
      result[key] = parse(value);
    } catch (error) {
      throw new Error(`${where}: layers.${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  read('lowestEfficiency', 'lowest-efficiency', parseRatio);
  read('highestWastedBytes', 'highest-wasted-bytes', parseByteSize);
  read('highestUserWastedPercent', 'highest-user-wasted-percent', parseRatio);
  read('highestSize', 'highest-size', parseByteSize);
  return result;
}

/** Flags win over the config file; the defaults apply only to checks nobody configured. */
export function mergeThresholds(flags: LayersThresholds, config: ReturnType<typeof thresholdsFromConfig>): LayersThresholds {
  const merged: LayersThresholds = {};
  for (const key of ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent', 'highestSize'] as const) {
    const value = flags[key] ?? (config.disabled.includes(key) ? undefined : config[key] ?? DEFAULT_CI_THRESHOLDS[key]);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

export interface ThresholdResult {
  name: keyof LayersThresholds;
  limit: number;
  actual: number;
  passed: boolean;
}

export function evaluateThresholds(analysis: Pick<ImageAnalysis, 'efficiency' | 'wastedBytes' | 'userWastedPercent' | 'sizeBytes'>, thresholds: LayersThresholds): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  if (thresholds.lowestEfficiency !== undefined) {
    results.push({ name: 'lowestEfficiency', limit: thresholds.lowestEfficiency, actual: analysis.efficiency, passed: analysis.efficiency >= thresholds.lowestEfficiency });
  }
  if (thresholds.highestWastedBytes !== undefined) {
    results.push({ name: 'highestWastedBytes', limit: thresholds.highestWastedBytes, actual: analysis.wastedBytes, passed: analysis.wastedBytes <= thresholds.highestWastedBytes });
  }
  if (thresholds.highestUserWastedPercent !== undefined) {
    results.push({ name: 'highestUserWastedPercent', limit: thresholds.highestUserWastedPercent, actual: analysis.userWastedPercent, passed: analysis.userWastedPercent <= thresholds.highestUserWastedPercent });
  }
  if (thresholds.highestSize !== undefined) {
    results.push({ name: 'highestSize', limit: thresholds.highestSize, actual: analysis.sizeBytes, passed: analysis.sizeBytes <= thresholds.highestSize });
  }
  return results;
}
