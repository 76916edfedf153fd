#!/usr/bin/env node
/**
 * The licence of every production dependency (npm ls --omit=dev --all: the packages `npm ci
 * --omit=dev` installs, transitive ones included), read from each one's package.json in
 * node_modules, written to docs/licences.md.
 *
 *   node scripts/licences.mjs            rewrite docs/licences.md
 *   node scripts/licences.mjs --check    exit 1 when docs/licences.md is not what it would write,
 *                                        or when a licence is outside ALLOWED
 *   --doc FILE                           another file than docs/licences.md
 *
 * A licence is an SPDX expression: `A OR B` is allowed when one side is, `A AND B` when both are.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Permissive licences that ask at most for the notice to be kept: compatible with kvetch's MIT. */
export const ALLOWED = ['MIT', 'MIT-0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'CC-BY-4.0', 'Python-2.0', 'Unlicense'];

/** The licence field as one SPDX expression (old `licenses: [{type}]` arrays joined with OR). */
function licenceOf(pkg) {
  const l = pkg.license ?? pkg.licenses;
  if (typeof l === 'string') return l.trim();
  if (Array.isArray(l)) return l.map((x) => (typeof x === 'string' ? x : x?.type)).filter(Boolean).join(' OR ') || 'UNKNOWN';
  if (l && typeof l === 'object' && typeof l.type === 'string') return l.type;
  return 'UNKNOWN';
}

/** Is an SPDX expression (OR, AND, parentheses, `+`) satisfied by ALLOWED? */
export function allowed(expr) {
  const tokens = expr.replace(/[()]/g, ' $& ').split(/\s+/).filter(Boolean);
  let i = 0;
  const atom = () => {
    const t = tokens[i++];
    if (t === '(') {
      const v = or();
      i++; // ')'
      return v;
    }
    return ALLOWED.includes((t ?? '').replace(/\+$/, ''));
  };
  const and = () => {
    let v = atom();
    while (tokens[i] === 'AND') {
      i++;
      v = atom() && v;
    }
    return v;
  };
  const or = () => {
    let v = and();
    while (tokens[i] === 'OR') {
      i++;
      v = and() || v;
    }
    return v;
  };
  return tokens.length > 0 && or() && i === tokens.length;
}

export function productionPackages(root = ROOT) {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seen = new Map();
  for (const dir of out.split('\n').slice(1).filter(Boolean)) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    seen.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version, licence: licenceOf(pkg) });
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

export function render(pkgs) {
  const counts = new Map();
  for (const p of pkgs) counts.set(p.licence, (counts.get(p.licence) ?? 0) + 1);
  return [
    '# Licences of the production dependencies',
    '',
    'Written by `node scripts/licences.mjs` from `npm ls --omit=dev --all` and each package\'s',
    '`package.json`; `test/unit/licences.test.ts` fails when this file is out of date or lists a',
    'licence outside the allowed set. Regenerate it after changing dependencies.',
    '',
    `Allowed (permissive, compatible with kvetch's MIT): ${ALLOWED.join(', ')}. An expression`,
    'with `OR` is allowed when one side is, with `AND` when both are. Anything else (copyleft such',
    'as GPL, LGPL, MPL or EUPL alone, or a missing licence) needs a decision before it is added.',
    '',
    `${pkgs.length} packages:`,
    '',
    '| licence | packages |',
    '|---|---|',
    ...[...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l, n]) => `| ${l} | ${n} |`),
    '',
    '| package | version | licence |',
    '|---|---|---|',
    ...pkgs.map((p) => `| ${p.name} | ${p.version} | ${p.licence} |`),
    '',
  ].join('\n');
}

function main(argv) {
  const check = argv.includes('--check');
  const d = argv.indexOf('--doc');
  const doc = d >= 0 && argv[d + 1] ? argv[d + 1] : join(ROOT, 'docs', 'licences.md');
  const pkgs = productionPackages();
  const text = render(pkgs);
  const bad = pkgs.filter((p) => !allowed(p.licence));
  for (const p of bad) console.error(`${p.name}@${p.version}: licence ${p.licence} is not in the allowed set`);
  if (check) {
    let current = '';
    try {
      current = readFileSync(doc, 'utf8');
    } catch {
      // missing: out of date
    }
    if (current !== text) console.error(`${doc} is out of date: run node scripts/licences.mjs`);
    return current === text && bad.length === 0 ? 0 : 1;
  }
  writeFileSync(doc, text);
  console.log(`${doc}: ${pkgs.length} packages`);
  return bad.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
