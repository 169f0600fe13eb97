// The ENV and WORKDIR a base image sets in its config, where Dockscope knows them: BuildKit always
// sets PATH, and the official language images set their version variables. `HOME` is not among them: the
// runtime sets it when a container starts, so `$HOME` in COPY or WORKDIR is empty at build time.
import { officialName } from '../../common/imageRef';
import { stageChain } from '../../dockerfile/stages';
import type { Stage } from '../../dockerfile/types';

/** Official images (Docker Hub) and the ENV names their images set, across current tags. */
const OFFICIAL_ENV: Record<string, string[]> = {
  alpine: [], debian: [], ubuntu: [], busybox: [], fedora: [], centos: [], rockylinux: [], almalinux: [], archlinux: [],
  amazonlinux: [],
  golang: ['GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN'],
  node: ['NODE_VERSION', 'YARN_VERSION'],
  python: ['PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY', 'LANG', 'PYTHON_PIP_VERSION', 'PYTHON_SETUPTOOLS_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256'],
  ruby: ['RUBY_VERSION', 'RUBY_MAJOR', 'RUBY_DOWNLOAD_SHA256', 'RUBY_DOWNLOAD_URL', 'GEM_HOME', 'BUNDLE_SILENCE_ROOT_WARNING', 'BUNDLE_APP_CONFIG', 'LANG'],
  rust: ['RUSTUP_HOME', 'CARGO_HOME', 'RUST_VERSION'],
  openjdk: ['JAVA_HOME', 'JAVA_VERSION', 'LANG'],
  'eclipse-temurin': ['JAVA_HOME', 'JAVA_VERSION', 'LANG', 'LANGUAGE', 'LC_ALL'],
  nginx: ['NGINX_VERSION', 'NJS_VERSION', 'NJS_RELEASE', 'PKG_RELEASE', 'DYNPKG_RELEASE'],
};

const DISTROLESS_ENV = ['SSL_CERT_FILE'];

/**
 * ENV names the root image of `stage`'s chain sets (PATH always), or null when the image is not
 * one Dockscope knows (a variable it leaves unresolved, a private or unlisted image).
 */
export function knownImageEnv(stage: Stage): ReadonlySet<string> | null {
  const root = stageChain(stage)[0];
  const image = root.image;
  if (image.unresolved) return null;
  if (root.runtime.scratch) return new Set(['PATH']);
  if (root.runtime.distroless) return new Set(['PATH', ...DISTROLESS_ENV]);
  if (image.registry !== null && image.registry !== 'docker.io' && image.registry !== 'index.docker.io') return null;
  const names = OFFICIAL_ENV[officialName(image).toLowerCase()];
  return names ? new Set(['PATH', ...names]) : null;
}

/**
 * Official images whose WORKDIR Dockscope knows: the distribution images leave it at `/`, golang
 * sets `/go`. Other images (language runtimes, third-party, private) may set any directory.
 */
const OFFICIAL_WORKDIR: Record<string, string> = {
  alpine: '/', debian: '/', ubuntu: '/', busybox: '/', fedora: '/', centos: '/', rockylinux: '/', almalinux: '/',
  archlinux: '/', amazonlinux: '/', golang: '/go',
};

/** The WORKDIR the root image of `stage`'s chain starts in (`/` for scratch), or null when unknown. */
export function knownImageWorkdir(stage: Stage): string | null {
  const root = stageChain(stage)[0];
  const image = root.image;
  if (image.unresolved) return null;
  if (root.runtime.scratch) return '/';
  if (image.registry !== null && image.registry !== 'docker.io' && image.registry !== 'index.docker.io') return null;
  return OFFICIAL_WORKDIR[officialName(image).toLowerCase()] ?? null;
}
