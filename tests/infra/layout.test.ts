import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The picture docs/development.md draws: shared/ grouped by what the program does, each
// part importing only what sits below it, and another feature only through its index.ts.
const FOUNDATIONS = { platform: [], applications: ['platform'] } as const;
const FEATURES: Record<string, readonly string[]> = {
  intake: [],
  dashboard: [],
  matching: [],
  review: ['matching'],
  'self-service': ['review', 'matching'],
  'email-delivery': ['self-service', 'recognition'],
  'check-ins': [],
  outcomes: [],
  recognition: [],
};
const PARTS = [...Object.keys(FOUNDATIONS), ...Object.keys(FEATURES)];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

interface Arrow {
  from: string;
  to: string;
}

function arrowsFrom(file: string): Arrow[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((match) => ({
    from: file,
    to: path.normalize(path.join(path.dirname(file), match[1] ?? '')).replace(/\.js$/, '.ts'),
  }));
}

const partOf = (file: string) => file.split(path.sep)[1] ?? '';
const arrows = sourceFiles('shared').flatMap(arrowsFrom);
const crossing = arrows.filter((arrow) => partOf(arrow.from) !== partOf(arrow.to));
const describeArrow = (arrow: Arrow) => `${arrow.from} -> ${arrow.to}`;

describe('the layout of shared/', () => {
  it('holds only the parts the docs name', () => {
    const folders = readdirSync('shared', { withFileTypes: true });
    expect(folders.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
    expect(folders.map((entry) => entry.name).sort()).toEqual([...PARTS].sort());
  });

  it('platform imports no part of the program, and applications only platform', () => {
    const upward = crossing.filter((arrow) => {
      const allowed: readonly string[] =
        FOUNDATIONS[partOf(arrow.from) as keyof typeof FOUNDATIONS] ?? PARTS;
      return !allowed.includes(partOf(arrow.to));
    });
    expect(upward.map(describeArrow)).toEqual([]);
  });

  it('a feature uses another only where the docs allow it, and only through its index.ts', () => {
    const wrong = crossing.filter((arrow) => {
      const from = partOf(arrow.from);
      const to = partOf(arrow.to);
      if (!(from in FEATURES) || to in FOUNDATIONS) return false;
      return !FEATURES[from]?.includes(to) || path.basename(arrow.to) !== 'index.ts';
    });
    expect(wrong.map(describeArrow)).toEqual([]);
  });

  it('functions never import each other', () => {
    const between = sourceFiles('functions')
      .flatMap(arrowsFrom)
      .filter(
        (arrow) => arrow.to.startsWith('functions') && partOf(arrow.to) !== partOf(arrow.from),
      );
    expect(between.map(describeArrow)).toEqual([]);
  });
});
