import type { Case } from '../model/Case';
import { summarizeStructures, type StructureSummary } from './summarizeStructures';

/** What `plan` reports about a case before planning: where it came from, its structures and nodules. */
export interface CaseSummary {
  readonly id: string;
  readonly description: string;
  readonly frameOfReferenceUid: string;
  readonly sources: readonly string[];
  readonly ct?: { readonly dimensions: readonly number[]; readonly spacingMm: readonly number[]; readonly originMm: readonly number[] };
  readonly structures: readonly StructureSummary[];
  readonly nodules: readonly { readonly name: string; readonly gtv?: string; readonly itv?: string; readonly ptv?: string }[];
}

/** Summarises a case: CT lattice, each structure's role/volume/planes, and the nodules found. */
export function summarizeCase(patientCase: Case): CaseSummary {
  const grid = patientCase.ct?.huGrid;
  return {
    id: patientCase.id,
    description: patientCase.description,
    frameOfReferenceUid: patientCase.frameOfReferenceUid,
    sources: patientCase.sources,
    ct: grid ? { dimensions: [...grid.dimensions], spacingMm: [...grid.spacingMm], originMm: [...grid.originMm] } : undefined,
    structures: summarizeStructures(patientCase.structures),
    nodules: patientCase.nodules.map((n) => ({ ...n })),
  };
}
