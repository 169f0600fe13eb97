// The .dockerignore / include pattern semantics of BuildKit's file sync (moby/patternmatcher),
// as ported in contextPatterns.ts; expected values follow patternmatcher's own test cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PatternMatcher, cleanPath, dockerignoreMatcher, readDockerignore, withoutTrailingGlob } from '../../../common/dockerignore';

const matches = (patterns: string[], file: string) => new PatternMatcher(patterns).matchesOrParentMatches(file);

test('cleanPath behaves as Go path.Clean', () => {
  const cases: Array<[string, string]> = [
    ['', '.'], ['a/b/', 'a/b'], ['./a//b/./c', 'a/b/c'], ['a/../b', 'b'], ['../a', '../a'], ['/../a', '/a'], ['/', '/'], ['a/..', '.'], ['!foo/../bar', 'bar'],
  ];
  for (const [input, expected] of cases) assert.equal(cleanPath(input), expected, input);
});

test('wildcards: * and ? stay inside one folder, ** crosses folders, [] classes, escapes', () => {
  assert.ok(matches(['*.go'], 'main.go'));
  assert.ok(!matches(['*.go'], 'cmd/main.go'), '* does not cross /');
  assert.ok(matches(['**/*.go'], 'cmd/app/main.go'));
  assert.ok(matches(['**/*.go'], 'main.go'), '**/ also matches no folder');
  assert.ok(matches(['a/**/c'], 'a/c') && matches(['a/**/c'], 'a/b/x/c'));
  assert.ok(matches(['file?.txt'], 'file1.txt') && !matches(['file?.txt'], 'file10.txt'));
  assert.ok(matches(['[a-c]x'], 'bx') && !matches(['[a-c]x'], 'dx'));
  assert.ok(matches(['[^a]x'], 'bx') && !matches(['[^a]x'], 'ax'));
  assert.ok(matches(['\\*star'], '*star') && !matches(['\\*star'], 'xstar'), 'an escaped * is literal');
  assert.ok(matches(['a.b'], 'a.b') && !matches(['a.b'], 'axb'), '. is literal');
  assert.ok(matches(['(x)+{y}$'], '(x)+{y}$'), 'regexp characters are literal');
  assert.ok(matches(['docs/**'], 'docs/a/b.md') && matches(['**'], 'anything/at/all'));
  assert.ok(matches(['ünï*'], 'ünïcode') && matches(['?'], 'é'), 'one ? is one character, not one byte');
});

test('a folder pattern excludes everything below it; patterns are cleaned and leading / is the root', () => {
  assert.ok(matches(['node_modules'], 'node_modules/x/index.js'));
  assert.ok(matches(['build/'], 'build/out.o'));
  assert.ok(matches(['./tmp'], 'tmp/a'));
  assert.ok(!matches(['bin'], 'src/bin/tool'), 'a name without / matches at the root only');
  assert.ok(matches(['*/bin'], 'src/bin/tool'));
});

test('! exceptions: the last matching pattern wins, also for files below an excluded folder', () => {
  const patterns = ['**/*.log', '!logs/important.log', '.env*', '!.env.example', 'docs', '!docs/keep.md'];
  assert.ok(matches(patterns, 'app.log') && matches(patterns, 'logs/debug.log'));
  assert.ok(!matches(patterns, 'logs/important.log'));
  assert.ok(matches(patterns, '.env.local') && !matches(patterns, '.env.example'));
  assert.ok(matches(patterns, 'docs/a.md') && !matches(patterns, 'docs/keep.md'));
  assert.ok(matches(['!x', 'x'], 'x'), 'a later exclusion overrides an earlier exception');
  assert.ok(!matches(['*', '!keep'], 'keep'));
  assert.throws(() => new PatternMatcher(['!']), /illegal exclusion/);
});

test('matchesUsingParentResults equals matchesOrParentMatches on a walk, including its skip quirk', () => {
  const matcher = new PatternMatcher(['docs', '!docs/keep', 'a/**/c']);
  const [docsMatched, docsInfo] = matcher.matchesUsingParentResults('docs', undefined);
  assert.ok(docsMatched);
  assert.equal(matcher.matchesUsingParentResults('docs/other', docsInfo)[0], true);
  assert.equal(matcher.matchesUsingParentResults('docs/keep', docsInfo)[0], false);
  // patternmatcher does not re-check an exception against parent folders once the parent's
  // results are known: `**/*.txt` then `!dir` leaves dir/a.txt excluded through the walk.
  const quirk = new PatternMatcher(['**/*.txt', '!dir']);
  const [, dirInfo] = quirk.matchesUsingParentResults('dir', undefined);
  assert.equal(quirk.matchesUsingParentResults('dir/a.txt', dirInfo)[0], true);
  assert.equal(quirk.matchesOrParentMatches('dir/a.txt'), false);
});

test('withoutTrailingGlob names the folder of dir/** and dir/*', () => {
  const [deep, shallow, plain] = new PatternMatcher(['!a/b/**', '!a/c/*', '!a/d']).patterns;
  assert.deepEqual([withoutTrailingGlob(deep), withoutTrailingGlob(shallow), withoutTrailingGlob(plain)], ['a/b', 'a/c', 'a/d']);
});

test('a pattern Go would refuse fails the match instead of matching nothing silently', () => {
  assert.throws(() => new PatternMatcher(['a\\qb']).matchesOrParentMatches('aqb'), /syntax error in pattern/);
});

test('a .dockerignore reads as the Docker CLI reads it: BOM, comments, blanks, cleaning, leading slash', () => {
  const text = '\uFEFF# build output\r\n/bin\r\n\r\n  node_modules  \n!  /keep/./me \n./a//b/../c\n#not/a/pattern\n \t\n';
  assert.deepEqual(readDockerignore(text), ['bin', 'node_modules', '!keep/me', 'a/c']);
});

test('what the matcher leaves out is what BuildKit leaves out (the measured context)', () => {
  const ignores = dockerignoreMatcher(readDockerignore([
    '# comment', '.git', 'node_modules', '**/*.log', '!logs/important.log', '/bin', '*.md', '!README.md',
    '.env*', '!.env.example', 'a/**/c', '*.tmp',
  ].join('\n')));
  const sent = ['main.go', 'README.md', 'a/z.md', 'logs/important.log', '.env.example', 'a/x/y', 'sub/x.tmp'];
  const left = ['.git/HEAD', 'node_modules/x/index.js', 'logs/debug.log', 'deep/er/trace.log', 'bin/app', 'NOTES.md', '.env', '.env.local', 'a/c', 'a/b/c/d', 'x.tmp'];
  for (const path of sent) assert.equal(ignores(path), false, path);
  for (const path of left) assert.equal(ignores(path), true, path);
});

test('a pattern that does not compile excludes nothing instead of throwing', () => {
  assert.equal(dockerignoreMatcher(['[unclosed'])('anything'), false);
  assert.equal(dockerignoreMatcher(['*', '!\\q'])('anything'), false, 'a bad exception pattern too');
});
