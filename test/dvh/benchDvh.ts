// Timing of voxelisation and DVHs for a body-sized structure:  node bin/run-ts.mjs test/dvh/benchDvh.ts
// (figures are printed, not asserted; see ARCHITECTURE.md "Performance is measured by benchmark scripts").
import type { Grid3 } from '../../src/geometry/Grid3';
import type { PlanarContour } from '../../src/model/Structure';
import { computeDvh } from '../../src/dvh/computeDvh';
import { computeDvhFromMask } from '../../src/dvh/computeDvhFromMask';
import { doseAtVolumePercent } from '../../src/dvh/doseAtVolume';
import { structureVolumeCc } from '../../src/voxelize/structureVolumeCc';
import { voxelizeStructure } from '../../src/voxelize/voxelizeStructure';

// Body: ellipse 300 × 200 mm (semi-axes 150, 100), 101 planes 3 mm apart (300 mm), 180 points each.
const body: PlanarContour[] = [];
for (let p = 0; p <= 100; p++) {
  const xy = new Float64Array(360);
  for (let n = 0; n < 180; n++) {
    const a = (2 * Math.PI * n) / 180;
    xy[2 * n] = 150 * Math.cos(a);
    xy[2 * n + 1] = 100 * Math.sin(a);
  }
  body.push({ zMm: -150 + 3 * p, xyMm: xy });
}
// 3 mm dose grid covering it: 107 × 74 × 104 voxels; a smooth dose (Gaussian, 60 Gy peak, σ 40 mm).
const dims: [number, number, number] = [107, 74, 104];
const origin: [number, number, number] = [-159, -109.5, -154.5];
const data = new Float32Array(dims[0] * dims[1] * dims[2]);
for (let k = 0; k < dims[2]; k++) {
  for (let j = 0; j < dims[1]; j++) {
    for (let i = 0; i < dims[0]; i++) {
      const x = origin[0] + 3 * i;
      const y = origin[1] + 3 * j;
      const z = origin[2] + 3 * k;
      data[i + j * dims[0] + k * dims[0] * dims[1]] = 60 * Math.exp(-((x - 30) ** 2 + y ** 2 + z ** 2) / (2 * 40 ** 2));
    }
  }
}
const dose: Grid3 = { dimensions: dims, spacingMm: [3, 3, 3], originMm: origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };

function time<T>(label: string, run: () => T, repeats = 3): T {
  let result = run(); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < repeats; r++) result = run();
  console.log(`${label.padEnd(58)} ${((performance.now() - t0) / repeats).toFixed(1).padStart(7)} ms`);
  return result;
}

console.log(`body ellipse stack: exact volume ${structureVolumeCc(body).toFixed(1)} cc; dose grid ${dims.join('×')} at 3 mm`);
const mask = time('voxelizeStructure(body, 3 mm grid)', () => voxelizeStructure(body, dose));
const fromMask = time('computeDvhFromMask(dose, mask)', () => computeDvhFromMask(dose, mask));
const fromContours = time('computeDvh(dose, body contours) default', () => computeDvh(dose, body));
console.log(`mask volume ${mask.volumeCc.toFixed(1)} cc; D50 mask ${doseAtVolumePercent(fromMask, 50).toFixed(3)} Gy, contours ${doseAtVolumePercent(fromContours, 50).toFixed(3)} Gy; mean ${fromMask.meanGy.toFixed(3)} / ${fromContours.meanGy.toFixed(3)} Gy`);
