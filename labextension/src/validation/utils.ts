// Findings: grouped by severity, filtered by severity and text.
import { IFinding, IValidationReport, Severity } from '../api/models';

export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export interface IFindingFilter {
  severities: Set<Severity>;
  text: string;
}

export function findingsOf(report: IValidationReport): IFinding[] {
  return report.files.flatMap(f => f.findings);
}

export function matches(finding: IFinding, filter: IFindingFilter): boolean {
  if (!filter.severities.has(finding.severity)) {
    return false;
  }
  const text = filter.text.trim().toLowerCase();
  if (!text) {
    return true;
  }
  return [finding.path, finding.code, finding.message, finding.nxdl ?? '']
    .join(' ')
    .toLowerCase()
    .includes(text);
}

/** Findings that pass the filter, grouped by severity in the order error, warning, info. */
export function groupFindings(
  findings: IFinding[],
  filter: IFindingFilter
): { severity: Severity; findings: IFinding[] }[] {
  return SEVERITIES.map(severity => ({
    severity,
    findings: findings.filter(
      f => f.severity === severity && matches(f, filter)
    )
  })).filter(group => group.findings.length > 0);
}

export function countBySeverity(
  findings: IFinding[]
): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  }
  return counts;
}

/** The entity a finding is about: its path without an '@attribute' suffix. */
export function entityPath(finding: IFinding): string {
  const path = finding.path.split('@')[0].replace(/\/+$/, '');
  return path === '' ? '/' : path;
}

/** 'NXmx (NXDL v2026.01)' for each validated entry. */
export function definitionsNamed(report: IValidationReport): string {
  const names = new Set<string>();
  for (const file of report.files) {
    for (const entry of file.entries) {
      names.add(entry.definition ?? `no definition at ${entry.path}`);
    }
  }
  const list = [...names].join(', ') || 'no application definition';
  return `${list} (NXDL ${report.nxdl})`;
}
