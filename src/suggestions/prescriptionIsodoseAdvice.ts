import { lqBedGy } from '../radiobiology/lqBed';
import { fmt } from './scheduleCandidates';
import type { PrescriptionIsodoseAdvice, SuggestionNodule } from './ScheduleSuggestion';

/**
 * Advice to prescribe a large nodule to a lower isodose line. This changes the plan's shape (smaller collimators
 * or other beam weights, a hotter centre, a steeper fall-off): the lung dose cannot be obtained by rescaling the
 * current grid, so no lung or NTCP number is given. Exact by definition: the nominal BED10 (unchanged) and the
 * hottest point Rx/IDL of the re-planned dose with its BED10. Null when the nodule is not larger than
 * `largeNoduleDiameterMm` or already at or below `lowestIsodosePercent`.
 */
export function prescriptionIsodoseAdvice(
  nodule: SuggestionNodule,
  largeNoduleDiameterMm: number,
  lowestIsodosePercent: number,
  tumourAlphaBetaGy: number,
): PrescriptionIsodoseAdvice | null {
  const idl = nodule.prescriptionIsodosePercent;
  if (!(nodule.maxDiameterMm > largeNoduleDiameterMm) || !(idl > lowestIsodosePercent)) return null;
  const { totalDoseGy, fractions } = nodule.protocol;
  const before = (100 * totalDoseGy) / idl;
  const after = (100 * totalDoseGy) / lowestIsodosePercent;
  return {
    id: `advice:${nodule.name}:isodose-${lowestIsodosePercent}`,
    noduleName: nodule.name,
    maxDiameterMm: nodule.maxDiameterMm,
    fromIsodosePercent: idl,
    toIsodosePercent: lowestIsodosePercent,
    exactness: 'needs-replanning',
    nominalBed10Gy: lqBedGy({ totalDoseGy, fractions }, tumourAlphaBetaGy),
    hottestPointGy: { before, after },
    hottestPointBed10Gy: { before: lqBedGy({ totalDoseGy: before, fractions }, tumourAlphaBetaGy), after: lqBedGy({ totalDoseGy: after, fractions }, tumourAlphaBetaGy) },
    explanation:
      `${nodule.name} (${fmt(nodule.maxDiameterMm)} mm) is prescribed to the ${fmt(idl)} % isodose. Prescribing ${fmt(totalDoseGy)} Gy/${fractions} fx to the ${fmt(lowestIsodosePercent)} % ` +
      `isodose (the study's lower bound) needs smaller collimators or other beam weights: the centre gets hotter (${fmt(before)} → ${fmt(after)} Gy) and the dose usually falls off faster ` +
      'outside the PTV, which tends to lower the intermediate-dose lung volume. How much cannot be derived from the current dose grid (the plan shape changes): ' +
      're-plan and re-evaluate. No lung or NTCP value is given for this advice.',
  };
}
