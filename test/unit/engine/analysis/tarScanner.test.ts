// The streaming tar reader under the image analysis: long names, links, truncation, corruption.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TarScanner, type TarEntry } from '../../../../engine/analysis/tarScanner';
import { tarOf } from '../../../helpers/tar';

test('the tar scanner reads pax and GNU long names, links, and detects truncation', async () => {
  const longName = `${'x'.repeat(150)}/${'y'.repeat(120)}`;
  const data = await tarOf([{ name: longName, content: 'hello' }, { name: 'h', type: 'link', linkname: longName }, { name: 's', type: 'symlink', linkname: 'target' }]);
  const seen: TarEntry[] = [];
  const scanner = new TarScanner((entry) => { seen.push(entry); });
  for (let i = 0; i < data.length; i += 100) scanner.push(data.subarray(i, i + 100));
  scanner.end();
  assert.deepEqual(seen.map((e) => [e.name, e.kind, e.size, e.linkName]), [[longName, 'file', 5, ''], ['h', 'hardlink', 0, longName], ['s', 'symlink', 0, 'target']]);

  // A GNU long-name header ('L'), as GNU tar writes for names over 100 bytes.
  const gnu = Buffer.alloc(512 * 4);
  const header = (offset: number, name: string, type: string, size: number) => {
    gnu.write(name, offset);
    gnu.write('0000644\0', offset + 100);
    gnu.write(`${size.toString(8).padStart(11, '0')}\0`, offset + 124);
    gnu.write(type, offset + 156);
    gnu.write('ustar  \0', offset + 257);
    gnu.fill(' ', offset + 148, offset + 156);
    let sum = 0;
    for (let i = offset; i < offset + 512; i++) sum += gnu[i];
    gnu.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148);
  };
  header(0, '././@LongLink', 'L', longName.length + 1);
  gnu.write(`${longName}\0`, 512);
  header(1024, longName.slice(0, 99), '0', 0);
  const gnuSeen: string[] = [];
  const gnuScanner = new TarScanner((entry) => { gnuSeen.push(entry.name); });
  gnuScanner.push(gnu);
  assert.deepEqual(gnuSeen, [longName]);

  const truncated = new TarScanner(() => undefined);
  truncated.push(data.subarray(0, 700));
  assert.throws(() => truncated.end(), /Unexpected end of data/);
  const corrupt = Buffer.from(data);
  corrupt[3] ^= 0xff;
  assert.throws(() => new TarScanner(() => undefined).push(corrupt), /checksum/);
});
