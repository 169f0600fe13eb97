import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../../dockerfile/model';
import { binSh, hasBash } from '../../../../lint/util/binSh';

const shOf = (from: string) => binSh(buildModel(`FROM ${from}\n`).stages[0]);

test('binSh: the base image tells which shell /bin/sh is', () => {
  const expected: Record<string, ReturnType<typeof binSh>> = {
    'alpine:3.20': 'ash', 'docker:27-cli': 'ash', 'golang:1.23-alpine': 'ash', 'busybox:1.36': 'ash', 'gcr.io/distroless/base-debian12:debug': 'ash',
    'debian:bookworm-slim': 'dash', 'ubuntu:24.04': 'dash', 'golang:1.23': 'dash', 'node:20-slim': 'dash', 'python:3.12': 'dash',
    'maven:3-eclipse-temurin-21': 'dash', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04': 'dash', 'example/app:1-bookworm': 'dash',
    'centos:7': 'bash', 'registry.access.redhat.com/ubi9/ubi-minimal': 'bash', 'amazonlinux:2023': 'bash', 'mysql:8': 'bash',
    'maven:3-amazoncorretto-21': 'bash', 'example/app:1-ubi9': 'bash',
    'golang:1.23-windowsservercore-ltsc2022': 'cmd', 'mcr.microsoft.com/windows/nanoserver:ltsc2022': 'cmd',
    'example/app:1': null, 'example/app:sidecar': null, 'scratch': 'none', 'gcr.io/distroless/static-debian12': 'none',
  };
  for (const [from, sh] of Object.entries(expected)) assert.equal(shOf(from), sh, from);
  assert.equal(binSh(buildModel('ARG BASE\nFROM ${BASE}\n').stages[0]), null);
});

test('hasBash: shipped by the base, or installed by an earlier RUN of the chain', () => {
  const model = buildModel('FROM example/app:1 AS base\nRUN apk add --no-cache bash=5.2.26-r0\nFROM base\nRUN x\nFROM example/app:1\nRUN apt-get install -y bash-completion\nRUN y\n');
  const [base, child, other] = model.stages;
  assert.equal(hasBash(model, base, base.instructions[0]), false);
  assert.equal(hasBash(model, child, child.instructions[0]), true);
  assert.equal(hasBash(model, other, other.instructions[1]), false);
  const debian = buildModel('FROM debian:12\nRUN x\n');
  assert.equal(hasBash(debian, debian.stages[0], debian.stages[0].instructions[0]), true);
});
