import type { OrganDistancesMm, ProtocolInput } from '../../src/protocols/ProtocolInput';

/** Distances (mm) far from every organ group under the default thresholds (20 mm PBT, 10 mm chest wall / mediastinum). */
export const FAR: OrganDistancesMm = { chestWall: 41.5, mediastinum: 63.7, bronchialTree: 35.3 };

/** A synthetic nodule with GTV distances `fromTarget` (only the given organ groups change from FAR). */
export function noduleAt(fromTarget: Partial<OrganDistancesMm>, extra: Partial<ProtocolInput> = {}): ProtocolInput {
  return {
    noduleName: 'N1',
    targetName: 'GTV_N1',
    ptvName: 'PTV_N1',
    volumeCc: 1.2,
    maxDiameterMm: 14,
    distancesMm: { fromTarget: { ...FAR, ...fromTarget } },
    ...extra,
  };
}
