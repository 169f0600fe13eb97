// What the inline figures say, without the editor: which build steps give a line a time, the short
// text after the line and the hover's sentences. Every figure of one Dockerfile comes from one
// image, the one built from it (its build's times, its layers' sizes), and the hover says which.
import type { BuildRecord } from '../../engine/build/record';
import { formatBytes, formatDuration } from '../../common/format';
import { reasonText, shortReason } from '../../engine/build/why/reasonText';

export interface LineFigure {
  durationMs?: number;
  cached?: boolean;
  failed?: boolean;
  bytes?: number;
  /** The size is the base image's (on its FROM line), not a layer's. */
  base?: boolean;
  /** Why the step ran instead of coming from the cache: a few words, and the sentence for the hover. */
  whyShort?: string;
  why?: string;
}

/** The image the figures of a Dockerfile describe. */
export interface FigureImage {
  id: string;
  /** Tag or short id. */
  label: string;
  /** The build that made it, when Dockscope built it (ISO time). */
  builtAt?: string;
  /** The base image's name, for the FROM line's hover. */
  baseName?: string;
}

/** Instructions that only change the image's config: no layer, no build time worth a figure. */
const METADATA_ONLY = new Set(['ARG', 'CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME']);

/** A FROM step that took less is resolving a local image: its time says nothing. */
const FROM_NOISE_MS = 100;

/** 0-based line → the time figures of a build: steps that did work, on the line that asked for it. */
export function stepFigures(record: Pick<BuildRecord, 'steps'>): Map<number, LineFigure> {
  const lines = new Map<number, LineFigure>();
  for (const step of record.steps) {
    if (step.line === null || step.internal || (step.instruction && METADATA_ONLY.has(step.instruction))) continue;
    if (step.instruction === 'FROM' && step.error === null && (step.cached || step.durationMs < FROM_NOISE_MS)) continue;
    const figure = lines.get(step.line - 1) ?? {};
    figure.durationMs = (figure.durationMs ?? 0) + step.durationMs;
    figure.cached = step.cached && (figure.cached ?? true);
    figure.failed = step.error !== null || figure.failed;
    if (step.reason && !step.cached) {
      figure.whyShort = shortReason(step.reason);
      figure.why = reasonText(step.reason);
    }
    lines.set(step.line - 1, figure);
  }
  return lines;
}

/** The text after a line, short so a narrow editor does not clip it: `12 MB · 3.2 s`, `cached`, `✗ 3.2 s`. */
export function figureText(figure: LineFigure): string {
  const parts: string[] = [];
  if (figure.bytes !== undefined) parts.push(formatBytes(figure.bytes));
  if (figure.failed) parts.push(`✗ ${formatDuration(figure.durationMs ?? 0)}`);
  else if (figure.cached) parts.push('cached');
  else if (figure.durationMs !== undefined) parts.push(formatDuration(figure.durationMs));
  if (!figure.failed && !figure.cached && figure.whyShort) parts.push(figure.whyShort);
  return parts.join(' · ');
}

/** The hover's sentences, first the image they describe. */
export function figureHover(figure: LineFigure, image: FigureImage | undefined, failedBuildAt?: string): string[] {
  const sentences: string[] = [];
  if (image) {
    const when = image.builtAt ? ` built from this file on ${new Date(image.builtAt).toLocaleString()}` : ' (analyzed)';
    sentences.push(`Figures of image ${image.label} (${image.id.replace(/^sha256:/, '').slice(0, 12)})${when}.`);
  }
  if (figure.failed) {
    sentences.push(`This instruction failed after ${formatDuration(figure.durationMs ?? 0)} in the build of ${new Date(failedBuildAt ?? image?.builtAt ?? 0).toLocaleString()}.`);
  } else if (figure.cached) {
    sentences.push('BuildKit reused this step from its cache: it took no build time.');
  } else if (figure.durationMs !== undefined) {
    sentences.push(`This step ran for ${formatDuration(figure.durationMs)} (wall time of the step; parallel stages overlap).`);
    if (figure.why) sentences.push(`Why it ran instead of coming from the cache: ${figure.why}.`);
  }
  if (figure.bytes !== undefined) {
    sentences.push(figure.base
      ? `The base image${image?.baseName ? ` ${image.baseName}` : ''} is ${formatBytes(figure.bytes)} (${figure.bytes.toLocaleString('en-US')} bytes) of the image.`
      : `The layer this instruction made is ${formatBytes(figure.bytes)} (${figure.bytes.toLocaleString('en-US')} bytes).`);
  }
  return sentences;
}
