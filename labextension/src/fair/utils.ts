// The FAIR panel's arithmetic: failed checks with their findings, technique lines.
import { IFairAnswer, IFairCheck, IFairFile, IFairFinding } from './models';

export interface IFailedCheck {
  check: IFairCheck;
  findings: IFairFinding[];
}

/** The one file of an answer (the endpoint reports exactly one). */
export function fileOf(answer: IFairAnswer): IFairFile | undefined {
  return answer.files[0];
}

/** Failed checks, required ones first, each with its findings in path order. */
export function failedChecks(file: IFairFile): IFailedCheck[] {
  const failed = file.checks.filter(c => !c.passed);
  const order = (c: IFairCheck): number =>
    c.requirement === 'required' ? 0 : 1;
  return [...failed]
    .sort((a, b) => order(a) - order(b))
    .map(check => ({
      check,
      findings: file.findings
        .filter(f => f.check === check.id)
        .sort((a, b) => a.path.localeCompare(b.path))
    }));
}

/** 'NXmx: PaNET01164 macromolecular crystallography' for each entry. */
export function techniqueLines(file: IFairFile): string[] {
  return file.entries.map(entry => {
    const named = entry.definition ?? 'no definition';
    const technique = entry.technique
      ? `${entry.technique.id} ${entry.technique.label}`
      : 'no PaNET technique';
    return `${entry.path} ${named}: ${technique}`;
  });
}

/** The score as the panel prints it: '92.3 %'. */
export function scoreText(score: number): string {
  return `${Number.isInteger(score) ? score.toFixed(0) : score.toFixed(1)} %`;
}
