// Entry of dist/cli-docker.js: the commands that talk to the Docker daemon. A bundle of its own
// so that `dockscope lint` and `--help` never load dockerode and its dependencies.
export { build } from './build';
export { layers } from './layers';
