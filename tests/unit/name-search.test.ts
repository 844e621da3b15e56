import { describe, expect, it } from 'vitest';
import {
  classifySearch,
  nameSearchEntries,
  searchableName,
} from '../../shared/applications/name-search.js';

describe('searchableName', () => {
  it.each([
    ['Núñez', 'nunez'],
    ['  ZOË   de la  Cruz ', 'zoe de la cruz'],
    ['O’Brien', "o'brien"],
    ['Strauß', 'strauss'],
    ['Ångström-Øie', 'angstrom-øie'],
    ['Nguyễn', 'nguyen'],
    ['ﬁona', 'fiona'],
  ])('folds %j to %j', (name, expected) => {
    expect(searchableName(name)).toBe(expected);
  });

  it('keeps letters of scripts without case, so they can be found as typed', () => {
    expect(searchableName('محمد')).toBe('محمد');
    expect(searchableName('王小明')).toBe('王小明');
  });
});

describe('nameSearchEntries', () => {
  it('writes the name both ways round, folded', () => {
    expect(nameSearchEntries('José', 'García Márquez')).toEqual([
      'jose garcia marquez',
      'garcia marquez jose',
    ]);
  });
});

describe('classifySearch', () => {
  it('reads a reference in any case, exactly', () => {
    expect(classifySearch(' lm-7k3d-9qx2 ')).toEqual({
      kind: 'reference',
      reference: 'LM-7K3D-9QX2',
    });
  });

  it('reads anything with an @ as an address, lower-cased', () => {
    expect(classifySearch('Wendy@Example.ORG')).toEqual({
      kind: 'email',
      email: 'wendy@example.org',
    });
  });

  it('reads the rest as the start of a name, folded; a reference-like typo is a name too', () => {
    expect(classifySearch('Coa')).toEqual({ kind: 'name', prefix: 'coa' });
    expect(classifySearch('LM-7K3D')).toEqual({ kind: 'name', prefix: 'lm-7k3d' });
  });

  it('finds nothing to search in blank text', () => {
    expect(classifySearch('   ')).toBeUndefined();
  });
});
