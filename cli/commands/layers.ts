// `dockscope layers IMAGE`: the layer table from history (fast), the streamed file-level analysis
// with --files, dive-style CI thresholds with --ci (exit 1 on failure), the JSON (version 1) with --json.
// The command runs in the docker bundle (cli/docker/layers.ts), loaded only when it runs.
import { Command, InvalidArgumentError } from 'commander';
import { parseByteSize, parseRatio } from '../../engine/analysis/thresholds';
import { dockerCommands } from '../docker/load';
import { withEndpointOptions } from './endpointOptions';
import type { LayersOptions } from '../docker/layers';

const asOption = (parse: (text: string) => number) => (text: string) => {
  try {
    return parse(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
};

export function layersCommand(): Command {
  const command = new Command('layers')
    .description('Show an image\'s layers (size, share, instruction); --files analyses files, wasted bytes and efficiency.')
    .argument('<image>', 'image name, tag or id in the local daemon')
    .option('--files', 'stream the image and analyze files per layer (added/modified/removed, wasted bytes, efficiency)')
    .option('--json', 'print JSON (sizes in bytes, layers bottom first)')
    .option('--ci', 'check thresholds (implies --files); exit 1 when one fails')
    .option('--lowest-efficiency <ratio>', 'CI: fail below this efficiency (0..1)', asOption(parseRatio))
    .option('--highest-wasted-bytes <size>', 'CI: fail above this many wasted bytes (e.g. 20MB)', asOption(parseByteSize))
    .option('--highest-user-wasted-percent <ratio>', 'CI: fail above this share of wasted bytes in the user layers (0..1)', asOption(parseRatio))
    .option('--highest-size <size>', 'CI: fail when the image is bigger than this (e.g. 50MB), base image included', asOption(parseByteSize));
  return withEndpointOptions(command)
    .exitOverride()
    .showHelpAfterError()
    .action(async (image: string, options: LayersOptions) => {
      process.exitCode = await dockerCommands().layers(image, options);
    });
}

