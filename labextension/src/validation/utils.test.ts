import { describe, expect, it } from 'vitest';

import { IFinding, IValidationReport } from '../api/models';
import {
  countBySeverity,
  definitionsNamed,
  entityPath,
  groupFindings
} from './utils';

const findings: IFinding[] = [
  {
    severity: 'warning',
    code: 'missing_recommended',
    path: '/entry/data',
    message: 'x'
  },
  {
    severity: 'error',
    code: 'wrong_units',
    path: '/entry/det/distance@units',
    message: 'kg'
  },
  {
    severity: 'error',
    code: 'broken_link',
    path: '/entry/det/flat',
    message: 'no such object'
  },
  { severity: 'info', code: 'note', path: '/', message: 'fine' }
];

describe('findings', () => {
  it('groups by severity, errors first, and filters by severity and text', () => {
    const all = groupFindings(findings, {
      severities: new Set(['error', 'warning', 'info']),
      text: ''
    });
    expect(all.map(g => [g.severity, g.findings.length])).toEqual([
      ['error', 2],
      ['warning', 1],
      ['info', 1]
    ]);
    const errorsAboutLinks = groupFindings(findings, {
      severities: new Set(['error', 'warning']),
      text: 'LINK'
    });
    expect(errorsAboutLinks).toHaveLength(1);
    expect(errorsAboutLinks[0].findings[0].code).toBe('broken_link');
    expect(countBySeverity(findings)).toEqual({
      error: 2,
      warning: 1,
      info: 1
    });
  });

  it('finds the entity of an attribute finding', () => {
    expect(entityPath(findings[1])).toBe('/entry/det/distance');
    expect(entityPath(findings[3])).toBe('/');
  });

  it('names the definitions and the NXDL version', () => {
    const report: IValidationReport = {
      nxviz: '0.1.0',
      nxdl: 'v2026.01',
      files: [
        {
          file: 'a.nxs',
          entries: [{ path: '/entry', definition: 'NXmx' }],
          findings,
          counts: {}
        }
      ]
    };
    expect(definitionsNamed(report)).toBe('NXmx (NXDL v2026.01)');
  });
});
