import type { Dvh } from '../../src/dvh/Dvh';

/** A dose level and the volume receiving it. */
export interface DoseSample {
  readonly doseGy: number;
  readonly volumeCc: number;
}

/**
 * A DVH built from point dose samples the way computeDvhFromMask bins voxels: bin = floor(d/w), statistics
 * from the samples. With doses on bin edges the interpolated read-outs (doseAtVolumeCc, volumeAtDoseGy)
 * are exact at the sample doses.
 */
export function dvhFromSamples(samples: readonly DoseSample[], binWidthGy = 0.5, volumeOutsideDoseGridCc = 0): Dvh {
  let maxGy = -Infinity;
  let minGy = Infinity;
  let volumeCc = 0;
  let doseVolume = 0;
  for (const s of samples) {
    maxGy = Math.max(maxGy, s.doseGy);
    minGy = Math.min(minGy, s.doseGy);
    volumeCc += s.volumeCc;
    doseVolume += s.doseGy * s.volumeCc;
  }
  const differentialCc = new Float64Array(Math.floor(maxGy / binWidthGy) + 2);
  for (const s of samples) differentialCc[Math.floor(s.doseGy / binWidthGy)] += s.volumeCc;
  return {
    binWidthGy,
    differentialCc,
    volumeCc,
    minGy,
    maxGy,
    meanGy: doseVolume / volumeCc,
    volumeOutsideDoseGridCc,
    contourGapCount: 0,
    sampleCount: samples.length,
    sampleSpacingMm: null,
  };
}

/** A structure of `volumeCc` receiving exactly `doseGy` everywhere. */
export function uniformDvh(doseGy: number, volumeCc: number): Dvh {
  return dvhFromSamples([{ doseGy, volumeCc }]);
}
