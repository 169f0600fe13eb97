// What `/bin/sh` is in a stage, read from its base image: BusyBox ash (Alpine, BusyBox), dash
// (Debian, Ubuntu and the official images built on them: golang, node, python, ...), bash
// (the Red Hat family, Amazon Linux, SUSE, Arch), or unknown (an image we cannot place).
// Whether bash exists at all: always on Debian/Ubuntu and the Red Hat family, or once a RUN of
// the stage chain installed it.
import { officialName } from '../../common/imageRef';
import type { Instruction, Stage } from '../../dockerfile/types';
import type { DockerfileModel } from '../../dockerfile/types';
import { stageChain } from '../../dockerfile/stages';
import { packageCommand } from './packages';

/** `cmd`: a Windows image, whose default shell is `cmd /S /C`; `none`: scratch or distroless, no shell at all. */
export type BinSh = 'ash' | 'dash' | 'bash' | 'cmd' | 'none' | null;

/** Distribution names that appear in tags (`node:20-bookworm-slim`, `nvidia/cuda:12.4.1-runtime-ubuntu22.04`). */
const DEBIAN_TAG = /(^|[-_.])(debian|ubuntu|sid|trixie|bookworm|bullseye|buster|stretch|jessie|noble|jammy|focal|bionic|xenial|oracular|plucky)(?=$|[-_.\d])/;
const BASH_TAG = /(^|[-_.])(ubi\d*|centos|rockylinux|almalinux|fedora|amazonlinux|amazoncorretto|al2023|al2|oraclelinux|ol\d|azurelinux|cbl-mariner|mariner|opensuse|sles)(?=$|[-_.\d])/;
/** Images that are themselves Debian or Ubuntu. */
const DEBIAN_IMAGES = new Set(['debian', 'ubuntu', 'buildpack-deps', 'neurodebian', 'kalilinux/kali-rolling', 'bitnami/minideb']);
/**
 * Official images whose default (untagged or version-only) variant is built on Debian or Ubuntu;
 * their `-alpine`, Windows or other-distribution tags are told apart by the tag.
 */
const DEBIAN_DEFAULT = new Set([
  'golang', 'node', 'python', 'pypy', 'ruby', 'php', 'perl', 'rust', 'openjdk', 'eclipse-temurin', 'maven', 'gradle',
  'haskell', 'gcc', 'r-base', 'elixir', 'erlang', 'julia', 'swift', 'dart', 'clojure', 'groovy', 'sapmachine',
  'nginx', 'httpd', 'tomcat', 'postgres', 'redis', 'mariadb', 'mongo', 'rabbitmq', 'memcached', 'haproxy',
  'wordpress', 'nextcloud', 'ghost', 'drupal', 'joomla', 'odoo', 'solr', 'cassandra', 'elasticsearch', 'kibana',
  'mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/aspnet', 'mcr.microsoft.com/dotnet/runtime', 'mcr.microsoft.com/dotnet/runtime-deps',
  'nvidia/cuda', 'tensorflow/tensorflow', 'pytorch/pytorch', 'jupyter/base-notebook', 'jupyter/scipy-notebook',
  'continuumio/miniconda3', 'continuumio/anaconda3', 'condaforge/miniforge3', 'selenium/standalone-chrome',
  'mcr.microsoft.com/playwright', 'mcr.microsoft.com/devcontainers/base', 'mcr.microsoft.com/vscode/devcontainers/base',
]);
/** Images whose /bin/sh is bash. */
const BASH_IMAGES = new Set([
  'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'mysql', 'amazoncorretto', 'archlinux',
  'opensuse/leap', 'opensuse/tumbleweed', 'photon', 'clearlinux',
  'registry.access.redhat.com/ubi8', 'registry.access.redhat.com/ubi9', 'registry.access.redhat.com/ubi8/ubi',
  'registry.access.redhat.com/ubi9/ubi', 'registry.access.redhat.com/ubi8/ubi-minimal', 'registry.access.redhat.com/ubi9/ubi-minimal',
  'redhat/ubi8', 'redhat/ubi9', 'redhat/ubi8-minimal', 'redhat/ubi9-minimal', 'quay.io/centos/centos', 'quay.io/fedora/fedora',
]);
/** Official images built on Alpine by default. */
const ALPINE_DEFAULT = new Set(['docker', 'caddy', 'traefik', 'hashicorp/vault', 'hashicorp/consul', 'hashicorp/terraform']);
const WINDOWS = /windows|nanoserver|servercore|ltsc20/;

/** `/bin/sh` of the stage's base image, or null when the image cannot be placed. */
export function binSh(stage: Stage): BinSh {
  const base = stageChain(stage)[0];
  if (base.image.unresolved) return null;
  if (base.runtime.shellLess) return 'none';
  // Alpine, and distroless :debug images (BusyBox).
  if (base.runtime.musl || base.runtime.distroless) return 'ash';
  const hub = officialName(base.image).toLowerCase();
  const name = base.image.registry && base.image.registry !== 'docker.io' ? `${base.image.registry}/${hub}` : hub;
  const tag = (base.image.tag ?? '').toLowerCase();
  if (/(^|\/)busybox$/.test(name)) return 'ash';
  if (ALPINE_DEFAULT.has(name) && !/windows|nanoserver|servercore/.test(tag)) return 'ash';
  if (WINDOWS.test(tag) || WINDOWS.test(name)) return 'cmd';
  if (BASH_IMAGES.has(name) || BASH_TAG.test(tag)) return 'bash';
  if (DEBIAN_IMAGES.has(name) || DEBIAN_TAG.test(tag)) return 'dash';
  if (DEBIAN_DEFAULT.has(name)) return 'dash';
  return null;
}

/** bash is in the image when `instruction` runs: the base ships it, or an earlier RUN of the chain installed it. */
export function hasBash(model: DockerfileModel, stage: Stage, instruction: Instruction): boolean {
  const sh = binSh(stage);
  if (sh === 'dash' || sh === 'bash') return true;
  for (const s of stageChain(stage)) {
    for (const earlier of s.instructions) {
      if (earlier === instruction) return false;
      if (earlier.keyword !== 'RUN') continue;
      for (const command of model.shellOf(earlier)?.commands ?? []) {
        const pkg = packageCommand(command);
        if (pkg && /^(install|add)$/.test(pkg.subcommand) && pkg.manager !== 'pip' && pkg.operands.some((word) => /^bash(=|$)/.test(word.value))) return true;
      }
    }
  }
  return false;
}
