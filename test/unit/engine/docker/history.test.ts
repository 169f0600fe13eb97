import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanCreatedBy, describeCreatedBy, pairHistoryWithLayers } from '../../../../engine/docker/history';

test('created_by reads like the Dockerfile line (BuildKit and classic builder)', () => {
  const cases: Array<[string, string]> = [
    ['RUN |2 A=1 B=two /bin/sh -c make build # buildkit', 'RUN make build'],
    ['RUN /bin/sh -c apk add --no-cache curl # buildkit', 'RUN apk add --no-cache curl'],
    ['COPY . /src # buildkit', 'COPY . /src'],
    ['COPY --from=builder /out/app /app # buildkit', 'COPY --from=builder /out/app /app'],
    ['ENV PATH=/usr/local/go/bin:/bin', 'ENV PATH=/usr/local/go/bin:/bin'],
    ['/bin/sh -c #(nop)  ENV X=1', 'ENV X=1'],
    ['/bin/sh -c #(nop)  CMD ["/bin/sh"]', 'CMD ["/bin/sh"]'],
    ['|1 V=2 /bin/sh -c echo $V > /a', 'RUN echo $V > /a'],
    ['/bin/sh -c apt-get update', 'RUN apt-get update'],
    ['/bin/busybox --install -s /bin', 'RUN /bin/busybox --install -s /bin'],
    ['/bin/sh -c #(nop) COPY file:8582af4daeaf0680f84231b3cb3c1b3f178576b5a6a8982837583d5676f28428 in /f ', 'COPY file:8582af4daeaf /f'],
    ['/bin/sh -c #(nop) ADD file:73e2b2d48642b21b357384b0cb81c1869cc5e0c48a00f61553756196058304b9 in / ', 'ADD file:73e2b2d48642 /'],
    // Docker 20.10's classic builder writes --chown flush against the hashed source.
    ['/bin/sh -c #(nop) COPY --chown=1:1file:92c2190dc357c29b16cb93441b8f26103c588353e3448d59e0ae429ca23fe64b in /app/note ', 'COPY --chown=1:1 file:92c2190dc357 /app/note'],
    ['RUN |1 EMPTY= /bin/sh -c true # buildkit', 'RUN true'],
    ['', 'RUN'],
    ['EXPOSE map[8080/tcp:{}]', 'EXPOSE 8080/tcp'],
    ['EXPOSE map[53/udp:{} 8080/tcp:{}]', 'EXPOSE 53/udp 8080/tcp'],
    ['/bin/sh -c #(nop)  EXPOSE 8080', 'EXPOSE 8080'],
  ];
  for (const [raw, clean] of cases) assert.equal(cleanCreatedBy(raw), clean, raw);
});

test('layers pair with history: sized and writing entries own layers, metadata ones do not', () => {
  const entries = [
    { CreatedBy: '/bin/sh -c #(nop) COPY file:abc in /', Size: 100 },
    { CreatedBy: '/bin/sh -c #(nop)  ENV A=1', Size: 0 },
    { CreatedBy: '/bin/sh -c rm /x', Size: 0 },
    { CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]', Size: 0 },
  ];
  assert.deepEqual(pairHistoryWithLayers(entries, 2), { layerIndex: [0, -1, 1, -1], unexplained: 0 });
});

test('too many zero-size candidates: WORKDIR-like ones are dropped first, from the top', () => {
  const entries = [
    { CreatedBy: 'COPY a /a # buildkit', Size: 5 },
    { CreatedBy: 'WORKDIR /app # buildkit', Size: 0 },
    { CreatedBy: 'RUN /bin/sh -c rm -f /nothing # buildkit', Size: 0 },
    { CreatedBy: 'WORKDIR /app # buildkit', Size: 0 },
  ];
  assert.deepEqual(pairHistoryWithLayers(entries, 2).layerIndex, [0, -1, 1, -1]);
  assert.deepEqual(pairHistoryWithLayers(entries, 1).layerIndex, [0, -1, -1, -1]);
});

test('layers without history (imported images) are counted at the bottom', () => {
  assert.deepEqual(pairHistoryWithLayers([{ CreatedBy: 'RUN /bin/sh -c x # buildkit', Size: 3 }], 3), { layerIndex: [2], unexplained: 2 });
});

test('an entry without an instruction (docker import, squash) says what it is, never a bare RUN', () => {
  assert.equal(describeCreatedBy('', 'Imported from -'), '(imported layer, no instruction: docker import from a tar stream)');
  assert.equal(describeCreatedBy('  ', 'Imported from https://example.com/rootfs.tar'), '(imported layer, no instruction: docker import from https://example.com/rootfs.tar)');
  assert.equal(describeCreatedBy('', 'merge sha256:abc to sha256:def'), '(no instruction recorded: merge sha256:abc to sha256:def)');
  assert.equal(describeCreatedBy('', ''), '(no instruction recorded)');
  assert.equal(describeCreatedBy('/bin/sh -c #(nop)  ENV A=1', 'ignored'), 'ENV A=1');
});
