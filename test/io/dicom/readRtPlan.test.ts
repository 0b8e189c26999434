import { describe, expect, it } from 'vitest';
import { dicomItems, dicomNumber, inspectDicomFile, readDicomDataset, readRtPlan } from '../../../src/io/dicom/index';
import { validationFile } from './testFiles';

describe('readRtPlan', () => {
  it('readRtPlan(bytes, name) reads pydicom rtplan.dcm: Plan1, 30 fractions, 1 static 6 MV photon beam', () => {
    const bytes = validationFile('pydicom/rtplan.dcm');
    const { value, issues } = readRtPlan(bytes, 'rtplan.dcm');
    expect(issues).toEqual([]);
    // README: plan Plan1, 1 static 6 MV photon beam "Field 1" on unit001, 2 control points, 30 fractions, DoseReference "iso" and "PTV"
    expect(value?.label).toBe('Plan1');
    expect(value?.fractionsPlanned).toBe(30);
    expect(value?.beams).toHaveLength(1);
    const beam = value!.beams[0];
    expect([beam.name, beam.beamType, beam.radiationType, beam.nominalEnergy, beam.machineName, beam.controlPointCount]).toEqual(['Field 1', 'STATIC', 'PHOTON', 6, 'unit001', 2]);
    expect(value?.prescriptions.map((p) => p.description)).toEqual(['iso', 'PTV']);
    // MU cross-check against the generic decoding of FractionGroupSequence > ReferencedBeamSequence > BeamMeterset.
    const group = dicomItems(readDicomDataset(bytes, 'x').value!.elements, 'FractionGroupSequence')[0];
    expect(beam.metersetMu).toBe(dicomNumber(dicomItems(group, 'ReferencedBeamSequence')[0], 'BeamMeterset'));
    expect(beam.metersetMu).toBeGreaterThan(0);
  });

  it('readRtPlan(bytes, name) reads dicompyler rtplan.dcm: B1, 7 fractions, 4 beams with energies and gantry angles', () => {
    const { value, issues } = readRtPlan(validationFile('dicompyler-core/rtplan.dcm'), 'rtplan.dcm');
    expect(issues).toEqual([]);
    expect(value?.label).toBe('B1');
    expect(value?.fractionsPlanned).toBe(7);
    // README: "3 RAO" 10 MV gantry 327, "4 AP" 6 MV gantry 0, "5 LAO" 6 MV gantry 56, "6 LPO" 10 MV gantry 150
    expect(value?.beams.map((b) => [b.name, b.nominalEnergy, b.gantryAngleDeg, b.radiationType, b.beamType])).toEqual([
      ['3 RAO', 10, 327, 'PHOTON', 'DYNAMIC'],
      ['4 AP', 6, 0, 'PHOTON', 'DYNAMIC'],
      ['5 LAO', 6, 56, 'PHOTON', 'DYNAMIC'],
      ['6 LPO', 10, 150, 'PHOTON', 'DYNAMIC'],
    ]);
    for (const b of value!.beams) expect(b.metersetMu).toBeGreaterThan(0);
    // README: DoseReferenceSequence site "Breast", TargetPrescriptionDose given in Gy; references the structure set above
    const breast = value!.prescriptions.find((p) => p.description === 'Breast');
    expect(breast?.structureType).toBe('SITE');
    expect(breast?.targetPrescriptionDoseGy).toBeGreaterThan(0);
    expect(value?.referencedStructureSetUid).toBe(inspectDicomFile(validationFile('dicompyler-core/rtss.dcm'), 'rtss').value?.sopInstanceUid);
  });

  it('readRtPlan(bytes, name) reads the Monaco plan without file meta: AIMRT2, 3 fractions, 3 beams at 180/270/0', () => {
    const { value, issues } = readRtPlan(validationFile('pyplanscoring-lung2018/2018CompLung_IMRT2.dcm'), 'monaco-plan');
    expect(issues).toEqual([]);
    // README: label AIMRT2, 3 dynamic 6 MV photon beams (gantry 180, 270, 0), 3 fractions, referenced by the RTDOSE
    expect(value?.label).toBe('AIMRT2');
    expect(value?.fractionsPlanned).toBe(3);
    expect(value?.beams.map((b) => [b.gantryAngleDeg, b.nominalEnergy, b.beamType])).toEqual([
      [180, 6, 'DYNAMIC'],
      [270, 6, 'DYNAMIC'],
      [0, 6, 'DYNAMIC'],
    ]);
    const dose = inspectDicomFile(validationFile('pyplanscoring-lung2018/2018CompLung_IMRT2_Dose.dcm'), 'dose').value!;
    expect(dose.referencedPlanUid).toBe(value?.sopInstanceUid);
  });

  it('readRtPlan(bytes, name) reads the RayStation plan: imrt 4, 5 fractions, 22 beams of which 9 setup beams 101-109', () => {
    const file = 'pyplanscoring-brain-srs-raystation/RP1.2.752.243.1.1.20180405114728127.3000.13138.dcm';
    const { value, issues } = readRtPlan(validationFile(file), file);
    expect(issues).toEqual([]);
    // README: RTPLAN "imrt 4", 5 fractions, 22 beams (13 treatment beams + 9 setup beams numbered 101-109)
    expect(value?.label).toBe('imrt 4');
    expect(value?.fractionsPlanned).toBe(5);
    expect(value?.beams).toHaveLength(22);
    const setup = value!.beams.filter((b) => b.number >= 101 && b.number <= 109);
    expect(setup).toHaveLength(9);
    expect(value!.beams.filter((b) => b.deliveryType === 'TREATMENT')).toHaveLength(13);
  });

  it('readRtPlan(bytes, name) reports non-plan and damaged input by file name', () => {
    expect(readRtPlan(validationFile('pydicom/rtdose.dcm'), 'rtdose.dcm').issues[0]).toMatchObject({ code: 'wrong-modality', file: 'rtdose.dcm' });
    const cut = readRtPlan(validationFile('dicompyler-core/rtplan.dcm').subarray(0, 5000), 'plan-cut.dcm');
    expect(cut.value).toBeUndefined();
    expect(cut.issues[0]).toMatchObject({ code: 'truncated', file: 'plan-cut.dcm' });
  });
});
