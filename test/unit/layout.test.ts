// The house rules, checked on the source tree itself: imports run one way between the top-level
// libraries (README, "Layout"), client features never import each other, no file imports itself
// through a cycle, editor-only and Node-only modules stay on their side, and every export is
// imported somewhere (an export nobody imports is dead code or a missing `export`-less helper).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/paths';

const SOURCE_ROOTS = ['common', 'dockerfile', 'lint', 'engine', 'server', 'client', 'cli'];
const OTHER_ROOTS = ['test', 'scripts', 'bench'];

/** Which libraries each library may import (itself always). */
const ALLOWED: Record<string, string[]> = {
  common: [],
  dockerfile: ['common'],
  lint: ['dockerfile', 'common'],
  engine: ['dockerfile', 'common'],
  server: ['lint', 'common'],
  client: ['engine', 'dockerfile', 'common'],
  cli: ['lint', 'engine', 'dockerfile', 'common'],
};

interface ModuleInfo {
  path: string;
  imports: Array<{ target: string; names: string[] | '*'; typeOnly: boolean }>;
  externals: string[];
  exports: Array<{ name: string; type: boolean }>;
  /** How often each identifier occurs in the file. */
  mentions: Map<string, number>;
}

function files(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const path = posix.join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    if (statSync(join(REPO_ROOT, path)).isDirectory()) return files(path);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(join(REPO_ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

function readModule(path: string): ModuleInfo {
  const source = ts.createSourceFile(path, readFileSync(join(REPO_ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true);
  const info: ModuleInfo = { path, imports: [], externals: [], exports: [], mentions: new Map() };
  const addImport = (specifier: string, names: string[] | '*', typeOnly: boolean) => {
    if (!specifier.startsWith('.')) {
      info.externals.push(specifier);
      return;
    }
    const target = resolveImport(path, specifier);
    if (target) info.imports.push({ target, names, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const names = !clause ? [] : bindings && ts.isNamespaceImport(bindings) ? '*'
        : [...(clause.name ? ['default'] : []), ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => (e.propertyName ?? e.name).text) : [])];
      const typeOnly = Boolean(clause?.isTypeOnly) || (bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.every((e) => e.isTypeOnly) && !clause?.name);
      addImport(node.moduleSpecifier.text, names, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const names = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text) : '*';
      addImport(node.moduleSpecifier.text, names, node.isTypeOnly);
      if (Array.isArray(names)) info.exports.push(...(node.exportClause as ts.NamedExports).elements.map((e) => ({ name: e.name.text, type: node.isTypeOnly })));
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      addImport(node.arguments[0].text, '*', false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      addImport(node.argument.literal.text, '*', true);
    }
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    if (modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && node.parent === source) {
      if (ts.isVariableStatement(node)) {
        for (const declaration of node.declarationList.declarations) if (ts.isIdentifier(declaration.name)) info.exports.push({ name: declaration.name.text, type: false });
      } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)
        || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node)) && node.name) {
        const type = ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);
        info.exports.push({ name: modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? 'default' : node.name.text, type });
      }
    }
    if (ts.isIdentifier(node)) info.mentions.set(node.text, (info.mentions.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return info;
}

const modules = new Map([...SOURCE_ROOTS, ...OTHER_ROOTS].flatMap(files).map((path) => [path, readModule(path)]));
const sources = [...modules.values()].filter((module) => SOURCE_ROOTS.includes(module.path.split('/')[0]));

/** The library a source file belongs to; client features are `client/<feature>`. */
function libraryOf(path: string): string {
  return path.split('/')[0];
}

function clientFeatureOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'client' && parts.length > 2 ? parts[1] : undefined;
}

test('imports between the libraries run one way (common ← dockerfile ← lint/engine ← server/client/cli)', () => {
  const wrong: string[] = [];
  for (const module of sources) {
    const from = libraryOf(module.path);
    for (const { target } of module.imports) {
      const to = libraryOf(target);
      if (to !== from && !ALLOWED[from]?.includes(to)) wrong.push(`${module.path} → ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('client features import only the shell (and the panel\'s protocol), never each other', () => {
  const wrong: string[] = [];
  for (const module of sources) {
    const feature = clientFeatureOf(module.path);
    if (!feature) continue;
    for (const { target, typeOnly } of module.imports) {
      const other = clientFeatureOf(target);
      if (!other || other === feature || other === 'shell') continue;
      // The build feature hosts the timings panel: it speaks the panel's typed protocol.
      if (feature === 'build' && target === 'client/webviews/timings/protocol.ts') continue;
      wrong.push(`${module.path} → ${target}${typeOnly ? ' (type)' : ''}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the shell imports no feature; the webview imports only common and the pure build record', () => {
  const wrong: string[] = [];
  for (const module of sources) {
    const feature = clientFeatureOf(module.path);
    for (const { target } of module.imports) {
      if (feature === 'shell' && clientFeatureOf(target) && clientFeatureOf(target) !== 'shell') wrong.push(`${module.path} → ${target}`);
      if (feature === 'webviews' && !target.startsWith('client/webviews/') && !target.startsWith('common/')
        && target !== 'engine/build/record.ts') wrong.push(`${module.path} → ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('only the extension host imports vscode; the webview imports nothing of Node', () => {
  const wrong: string[] = [];
  for (const module of sources) {
    const inClient = module.path.startsWith('client/');
    for (const external of module.externals) {
      if (external === 'vscode' && !inClient) wrong.push(`${module.path} imports vscode`);
      if (module.path.startsWith('client/webviews/') && (external.startsWith('node:') || external === 'vscode')) wrong.push(`${module.path} imports ${external}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('no import cycles between source files', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (path: string) => {
    state.set(path, 'visiting');
    stack.push(path);
    for (const { target } of modules.get(path)?.imports ?? []) {
      if (!libraryOf(target) || !SOURCE_ROOTS.includes(libraryOf(target))) continue;
      if (state.get(target) === 'visiting') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(path, 'done');
  };
  for (const module of sources) if (!state.has(module.path)) visit(module.path);
  assert.deepEqual(cycles, []);
});

/** Entry points: what esbuild bundles and what VS Code calls; their exports are used from outside. */
const ENTRY_EXPORTS = new Set(['client/extension.ts:activate', 'client/extension.ts:deactivate', 'client/extension.ts:DockscopeApi']);

test('every export is imported somewhere (source, tests, scripts or benches), or is a type in another export\'s signature', () => {
  const used = new Map<string, Set<string> | '*'>();
  for (const module of modules.values()) {
    for (const { target, names } of module.imports) {
      const known = used.get(target);
      if (names === '*' || known === '*') used.set(target, '*');
      else used.set(target, new Set([...(known ?? []), ...names]));
    }
  }
  const dead: string[] = [];
  for (const module of sources) {
    const names = used.get(module.path);
    if (names === '*') continue;
    for (const { name, type } of module.exports) {
      if (names?.has(name) || ENTRY_EXPORTS.has(`${module.path}:${name}`)) continue;
      // A type named by another declaration of its module is part of that module's API.
      if (type && (module.mentions.get(name) ?? 0) > 1) continue;
      dead.push(`${module.path}: ${name}`);
    }
  }
  assert.deepEqual(dead, []);
});

test('unit tests mirror the source file they test', () => {
  const stray = files('test/unit').filter((path) => path.endsWith('.test.ts')).filter((path) => {
    const mirrored = relative('test/unit', path).replace(/(\.fuzz)?\.test\.ts$/, '');
    if (mirrored === 'layout' || mirrored === 'packaging') return false; // whole-project checks
    const source = mirrored.startsWith('helpers/') ? `test/${mirrored}` : mirrored;
    return !modules.has(`${source}.ts`) && !modules.has(`${source}/index.ts`);
  });
  assert.deepEqual(stray, []);
});
