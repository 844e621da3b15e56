import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_PARTS, withGeneratedPart } from '../../infra/docs/generated-docs.js';
import { itemKeys, matchingKeys } from '../../shared/applications/store/application-item.js';
import { tallyKey } from '../../shared/dashboard/store/tally-store.js';
import { runRegisterKeys } from '../../shared/matching/store/matching-runs.js';

const DOCS = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const read = (file: string) => readFileSync(file, 'utf8');
const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsIn(file: string): Set<string> {
  const outsideCode = read(file).replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...outsideCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')),
  );
}

// Relative links only: [text](target) not starting with a scheme.
function linksIn(file: string): string[] {
  const outsideCode = read(file).replace(/```[\s\S]*?```/g, '');
  return [...outsideCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe('the docs', () => {
  it.each(GENERATED_PARTS.map((part) => [part.file, part.name, part.render] as const))(
    '%s: the generated %s part is current (npm run docs)',
    (file, name, render) => {
      const text = read(file);
      expect(withGeneratedPart(text, name, render())).toBe(text);
    },
  );

  it.each(DOCS)(
    '%s: every relative link reaches a file, and a heading where it names one',
    (file) => {
      const broken = linksIn(file).filter((link) => {
        const [target = '', anchor] = link.split('#');
        const resolved = target === '' ? file : path.join(path.dirname(file), target);
        if (!existsSync(resolved)) return true;
        return anchor !== undefined && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor);
      });
      expect(broken).toEqual([]);
    },
  );

  it.each(DOCS)('%s: every npm command it names is a script of package.json', (file) => {
    const named = [...read(file).matchAll(/npm run ([a-z][\w:-]*\w)/g)].map((match) => match[1]);
    expect(named.filter((name) => !scripts.includes(name ?? ''))).toEqual([]);
  });

  it.each(DOCS)('%s: every path of this repository it names exists', (file) => {
    const paths = [
      ...read(file).matchAll(/`((?:shared|functions|infra|console|bench|tests|docs)\/[\w./-]*)`/g),
    ]
      .map((match) => match[1] ?? '')
      .filter((named) => !named.includes('*'));
    expect(paths.filter((named) => !existsSync(named.replace(/\/$/, '')))).toEqual([]);
  });

  it('the retention table has a row for every kind of item the code writes, by its keys', () => {
    const table = read('docs/operations.md').split('### Retention')[1]?.split('\n## ')[0] ?? '';
    const storedAs = [...table.matchAll(/^\| ([^|]+) \|/gm)].map((row) => row[1] ?? '');
    // A key's fixed part: up to its first `#` (where its ids begin), or the whole of it.
    const fixed = (value: string) =>
      value.includes('#') ? value.slice(0, value.indexOf('#') + 1) : value;
    const kinds = Object.entries({
      ...itemKeys,
      ...matchingKeys,
      ...runRegisterKeys,
      tallyKey,
    }).map(([name, keyOf]) => {
      const key = (keyOf as (...args: unknown[]) => { pk: string; sk: string })('x', 'x', 1);
      return { name, pk: fixed(key.pk), sk: fixed(key.sk) };
    });
    const unlisted = kinds.filter(
      ({ pk, sk }) =>
        !storedAs.some((cell) => cell.startsWith(`\`${pk}`) && cell.includes(`\`${sk}`)),
    );
    expect(kinds.length).toBeGreaterThan(20);
    expect(unlisted).toEqual([]);
  });

  it('the README stays a short map of the docs', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(150);
  });
});
