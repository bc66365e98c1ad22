import { describe, expect, it } from 'vitest';

import { IFairFile } from './models';
import { failedChecks, scoreText, techniqueLines } from './utils';

const check = (
  id: string,
  passed: boolean,
  requirement: 'required' | 'recommended' = 'required'
) => ({ id, title: id, principles: ['F2'], requirement, passed });

const file: IFairFile = {
  file: 'a.nxs',
  profile: 'NXfair',
  score: 61.5,
  ready: false,
  entries: [
    {
      path: '/entry',
      definition: 'NXmx',
      technique: {
        id: 'PaNET01164',
        label: 'macromolecular crystallography',
        iri: 'http://purl.org/pan-science/PaNET/PaNET01164',
        source: 'definition'
      }
    },
    { path: '/entry2', definition: null, technique: null }
  ],
  checks: [
    check('source', false, 'recommended'),
    check('title', true),
    check('orcid', false)
  ],
  principles: { F2: 50 },
  findings: [
    {
      check: 'source',
      code: 'fair_missing_recommended',
      severity: 'warning',
      path: '/entry/instrument/source',
      anchor: '/entry/instrument',
      message: 'missing'
    },
    {
      check: 'orcid',
      code: 'fair_orcid_checksum',
      severity: 'error',
      path: '/entry/user_b/ORCID',
      anchor: '/entry/user_b/ORCID',
      message: 'bad'
    },
    {
      check: 'orcid',
      code: 'fair_missing',
      severity: 'error',
      path: '/entry/user_a/ORCID',
      anchor: '/entry/user_a',
      message: 'missing'
    }
  ]
};

describe('failedChecks', () => {
  it('lists failed checks, required first, with their findings in path order', () => {
    const failed = failedChecks(file);
    expect(failed.map(f => f.check.id)).toEqual(['orcid', 'source']);
    expect(failed[0].findings.map(f => f.path)).toEqual([
      '/entry/user_a/ORCID',
      '/entry/user_b/ORCID'
    ]);
    expect(failed[1].findings.map(f => f.anchor)).toEqual([
      '/entry/instrument'
    ]);
  });
});

describe('techniqueLines and scoreText', () => {
  it('names each entry with its definition and PaNET term', () => {
    expect(techniqueLines(file)).toEqual([
      '/entry NXmx: PaNET01164 macromolecular crystallography',
      '/entry2 no definition: no PaNET technique'
    ]);
  });
  it('prints whole scores without decimals', () => {
    expect(scoreText(100)).toBe('100 %');
    expect(scoreText(61.5)).toBe('61.5 %');
  });
});
