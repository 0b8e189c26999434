import type { PointLps } from '../../geometry/points';
import { importIssue, type ImportIssue, type ParseResult } from '../ImportIssue';
import { dicomItems, dicomNumber, dicomNumbers, dicomString } from './dicomValues';
import type { DicomElements } from './readDicomDataset';
import { readDicomDatasetOfModality } from './readDicomDatasetOfModality';

/** One DoseReference of an RTPLAN. */
export interface RtPlanPrescription {
  readonly doseReferenceNumber?: number;
  /** DoseReferenceStructureType: POINT, VOLUME, COORDINATES, SITE. */
  readonly structureType: string;
  /** DoseReferenceType: TARGET or ORGAN_AT_RISK. */
  readonly doseReferenceType: string;
  readonly description: string;
  /** TargetPrescriptionDose, Gy (all fractions), when given. */
  readonly targetPrescriptionDoseGy?: number;
  readonly referencedRoiNumber?: number;
}

/** One beam of an RTPLAN (angles and energy from its first control point). */
export interface RtPlanBeam {
  readonly number: number;
  readonly name: string;
  readonly description: string;
  /** BeamType: STATIC or DYNAMIC. */
  readonly beamType: string;
  /** RadiationType: PHOTON, ELECTRON, PROTON... */
  readonly radiationType: string;
  /** TreatmentDeliveryType: TREATMENT, SETUP... ('' when absent). */
  readonly deliveryType: string;
  readonly machineName: string;
  /** NominalBeamEnergy of the first control point: MV for photons, MeV for particles. */
  readonly nominalEnergy?: number;
  readonly gantryAngleDeg?: number;
  readonly collimatorAngleDeg?: number;
  /** PatientSupportAngle (couch), degrees. */
  readonly couchAngleDeg?: number;
  readonly isocenterMm?: PointLps;
  readonly controlPointCount: number;
  /** BeamMeterset from the first fraction group's ReferencedBeamSequence (MU for photons), per fraction. */
  readonly metersetMu?: number;
  /** BeamDose from the same item, Gy per fraction, when given. */
  readonly beamDoseGy?: number;
}

/** A fraction group of an RTPLAN. */
export interface RtPlanFractionGroup {
  readonly number?: number;
  readonly fractionsPlanned?: number;
  readonly beamNumbers: readonly number[];
}

/** Summary of an RTPLAN, enough to identify the plan and its beams. */
export interface RtPlanSummary {
  readonly sopInstanceUid: string;
  /** RTPlanLabel ('' when absent). */
  readonly label: string;
  /** RTPlanName ('' when absent). */
  readonly name: string;
  readonly frameOfReferenceUid: string;
  /** NumberOfFractionsPlanned of the first fraction group. */
  readonly fractionsPlanned?: number;
  readonly fractionGroups: readonly RtPlanFractionGroup[];
  readonly prescriptions: readonly RtPlanPrescription[];
  readonly beams: readonly RtPlanBeam[];
  /** SOPInstanceUID of the RTSTRUCT in ReferencedStructureSetSequence. */
  readonly referencedStructureSetUid?: string;
}

/**
 * Reads an RTPLAN (photon or ion beams): label, name, fractions, DoseReference prescriptions,
 * beams with first-control-point energy and angles, and each beam's meterset from the first fraction
 * group. Several fraction groups are summarised and reported. Never throws on file content.
 */
export function readRtPlan(bytes: Uint8Array, fileName: string): ParseResult<RtPlanSummary> {
  const read = readDicomDatasetOfModality(bytes, fileName, 'RTPLAN');
  const issues: ImportIssue[] = [...read.issues];
  if (!read.value) return { value: undefined, issues };
  const e = read.value.elements;
  const warn = (code: string, message: string): void => {
    issues.push(importIssue(fileName, code, message, 'warning'));
  };

  const groups = dicomItems(e, 'FractionGroupSequence');
  if (groups.length === 0) warn('missing-attribute', 'no FractionGroupSequence: fractions and meterset unknown');
  if (groups.length > 1) warn('multiple-fraction-groups', `${groups.length} fraction groups; fractions and MU are taken from the first`);
  const fractionGroups: RtPlanFractionGroup[] = groups.map((g) => ({
    number: dicomNumber(g, 'FractionGroupNumber'),
    fractionsPlanned: dicomNumber(g, 'NumberOfFractionsPlanned'),
    beamNumbers: dicomItems(g, 'ReferencedBeamSequence')
      .map((b) => dicomNumber(b, 'ReferencedBeamNumber'))
      .filter((n): n is number => n !== undefined),
  }));
  const metersetByBeam = new Map<number, { mu?: number; doseGy?: number }>();
  for (const ref of groups.length > 0 ? dicomItems(groups[0], 'ReferencedBeamSequence') : []) {
    const n = dicomNumber(ref, 'ReferencedBeamNumber');
    if (n !== undefined) metersetByBeam.set(n, { mu: dicomNumber(ref, 'BeamMeterset'), doseGy: dicomNumber(ref, 'BeamDose') });
  }

  const beamItems = [...dicomItems(e, 'BeamSequence'), ...dicomItems(e, 'IonBeamSequence')];
  const beams = beamItems.map((b, index) => readBeam(b, index, metersetByBeam));

  const prescriptions: RtPlanPrescription[] = dicomItems(e, 'DoseReferenceSequence').map((d) => ({
    doseReferenceNumber: dicomNumber(d, 'DoseReferenceNumber'),
    structureType: dicomString(d, 'DoseReferenceStructureType') ?? '',
    doseReferenceType: dicomString(d, 'DoseReferenceType') ?? '',
    description: dicomString(d, 'DoseReferenceDescription') ?? '',
    targetPrescriptionDoseGy: dicomNumber(d, 'TargetPrescriptionDose'),
    referencedRoiNumber: dicomNumber(d, 'ReferencedROINumber'),
  }));

  const referencedStructureSetUid = dicomItems(e, 'ReferencedStructureSetSequence')
    .map((r) => dicomString(r, 'ReferencedSOPInstanceUID'))
    .find((x) => x !== undefined);

  return {
    value: {
      sopInstanceUid: dicomString(e, 'SOPInstanceUID') ?? '',
      label: dicomString(e, 'RTPlanLabel') ?? '',
      name: dicomString(e, 'RTPlanName') ?? '',
      frameOfReferenceUid: dicomString(e, 'FrameOfReferenceUID') ?? '',
      fractionsPlanned: fractionGroups[0]?.fractionsPlanned,
      fractionGroups,
      prescriptions,
      beams,
      referencedStructureSetUid,
    },
    issues,
  };
}

function readBeam(beam: DicomElements, index: number, metersetByBeam: ReadonlyMap<number, { mu?: number; doseGy?: number }>): RtPlanBeam {
  const number = dicomNumber(beam, 'BeamNumber') ?? index + 1;
  const controlPoints = dicomItems(beam, 'ControlPointSequence').length > 0 ? dicomItems(beam, 'ControlPointSequence') : dicomItems(beam, 'IonControlPointSequence');
  const first = controlPoints[0];
  const iso = first ? dicomNumbers(first, 'IsocenterPosition') : undefined;
  const meterset = metersetByBeam.get(number);
  return {
    number,
    name: dicomString(beam, 'BeamName') ?? '',
    description: dicomString(beam, 'BeamDescription') ?? '',
    beamType: dicomString(beam, 'BeamType') ?? '',
    radiationType: dicomString(beam, 'RadiationType') ?? '',
    deliveryType: dicomString(beam, 'TreatmentDeliveryType') ?? '',
    machineName: dicomString(beam, 'TreatmentMachineName') ?? '',
    nominalEnergy: first ? dicomNumber(first, 'NominalBeamEnergy') : undefined,
    gantryAngleDeg: first ? dicomNumber(first, 'GantryAngle') : undefined,
    collimatorAngleDeg: first ? dicomNumber(first, 'BeamLimitingDeviceAngle') : undefined,
    couchAngleDeg: first ? dicomNumber(first, 'PatientSupportAngle') : undefined,
    isocenterMm: iso && iso.length === 3 && iso.every(Number.isFinite) ? { xMm: iso[0], yMm: iso[1], zMm: iso[2] } : undefined,
    controlPointCount: controlPoints.length,
    metersetMu: meterset?.mu,
    beamDoseGy: meterset?.doseGy,
  };
}
