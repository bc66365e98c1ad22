// The wire types of GET /nxviz/api/fair (nxviz/fair/model.py FairReport.to_dict, render.contract).

export type FairRequirement = 'required' | 'recommended';

export interface IFairCheck {
  id: string;
  title: string;
  principles: string[];
  requirement: FairRequirement;
  passed: boolean;
}

export interface IFairFinding {
  check: string;
  code: string;
  severity: 'error' | 'warning';
  /** Where the missing or bad item belongs (`/a/b@attr` for an attribute). */
  path: string;
  /** The deepest part of `path` the file has: where the tree should go. */
  anchor: string;
  message: string;
}

export interface IFairTechnique {
  id: string;
  label: string;
  iri: string;
  source: 'definition' | 'note';
}

export interface IFairEntry {
  path: string;
  definition: string | null;
  technique: IFairTechnique | null;
}

export interface IFairFile {
  file: string;
  profile: string;
  score: number;
  ready: boolean;
  entries: IFairEntry[];
  checks: IFairCheck[];
  principles: Record<string, number>;
  findings: IFairFinding[];
}

/** `fair`: the FAIR report of one file. */
export interface IFairAnswer {
  nxviz: string;
  profile: string;
  files: IFairFile[];
}
