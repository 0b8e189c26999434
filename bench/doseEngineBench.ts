// Timing of a full demo plan (per nodule: PTV, beams, influence, optimisation, final dose, metrics):
//   node bin/run-ts.mjs bench/doseEngineBench.ts [nodule,nodule,...]
// Figures are printed, not asserted (ARCHITECTURE.md: performance is measured by benchmark scripts).
import { readFileSync } from 'node:fs';
import { assembleCase } from '../src/case/assembleCase';
import { readRtStruct } from '../src/io/dicom/readRtStruct';
import type { Case } from '../src/model/Case';
import { buildDemoThorax } from '../src/phantom/buildDemoThorax';
import { assessNodules } from '../src/planning/assessNodules';
import { planNodules } from '../src/planning/planNodules';

// `lung2018` as the second argument plans the Lung2018 structure set without CT (../shared/validation/README.md).
const names = process.argv[2] ? process.argv[2].split(',') : undefined;
let t = performance.now();
function lungCase(): Case {
  const file = new URL('../../shared/validation/pyplanscoring-lung2018/RS.zzz_planchallenge.Lung2018neu.dcm', import.meta.url);
  const v = readRtStruct(new Uint8Array(readFileSync(file)), 'RS.zzz_planchallenge.Lung2018neu.dcm').value;
  if (!v) throw new Error('cannot read the Lung2018 structure set');
  return assembleCase({ id: 'lung2018', description: '', frameOfReferenceUid: v.frameOfReferenceUid, structures: v.structures, structureSource: 'RS', sources: ['RS'] });
}
const demo = { case: process.argv[3] === 'lung2018' ? lungCase() : buildDemoThorax().case };
const assessment = assessNodules(demo.case);
console.log(`case + assessment: ${(performance.now() - t).toFixed(0)} ms; nodules ${assessment.nodules.map((n) => `${n.name} (${n.ptv})`).join(', ')}`);
t = performance.now();
const optimizer = process.env.OPT ? (JSON.parse(process.env.OPT) as object) : undefined;
const plan = planNodules(demo.case, assessment, { ...(names ? { noduleNames: names } : {}), ...(optimizer ? { optimizer } : {}), ...(process.env.BEAMSET ? { beamSet: JSON.parse(process.env.BEAMSET) as object } : {}) });
const ms = performance.now() - t;
console.log(`dose grid [${plan.doseGeometry.dimensions.join(' × ')}] at ${plan.doseGeometry.spacingMm[0]} mm (${plan.doseGridBasis}), density from ${plan.densitySource}: grid ${plan.timingsMs.doseGrid.toFixed(0)} ms, density ${plan.timingsMs.density.toFixed(0)} ms`);
for (const n of plan.nodules) {
  const c = n.coverage;
  const tm = plan.timingsMs.nodules.find((x) => x.name === n.name);
  console.log(
    `${n.name.padEnd(14)} ${n.protocol.totalDoseGy} Gy/${n.fractions} PTV ${n.ptvVolumeCc.toFixed(1)} cc cones ${n.conesMm.join("+")} mm × ${n.aimPoints} aims, beams ${n.beams}/${n.candidateBeams}, MU/fx ${n.monitorUnitsPerFraction.toFixed(0)} | ` +
      `V100 ${c.ptvV100Percent.toFixed(1)} % IDL ${c.prescriptionIsodosePercent.toFixed(1)} % D95 ${c.ptvD95Gy.toFixed(1)} Gy CI ${c.ciPaddick.toFixed(2)} GI ${c.gi?.toFixed(2)} R50 ${c.r50.toFixed(2)} D2cm ${c.d2cmPercent?.toFixed(1)} % RTOG ${c.rtogDeviation} | ` +
      (tm ? `ms: ptv ${tm.ptv.toFixed(0)} beams ${tm.beams.toFixed(0)} influence ${tm.influence.toFixed(0)} optimise ${tm.optimise.toFixed(0)} dose ${tm.dose.toFixed(0)} metrics ${tm.metrics.toFixed(0)}` : ''),
  );
  if (n.metrics.rtog.applicable) console.log('   RTOG', n.metrics.rtog.grades.map((g) => `${g.metric} ${g.value.toFixed(2)} (none < ${g.limits.none.toFixed(2)}, minor < ${g.limits.minor.toFixed(2)}) ${g.level}`).join('; '));
  console.log(`   D2cm at ${JSON.stringify(n.metrics.d2cm?.locationMm)}`);
  console.log('   rounds', n.optimizerRounds.map((r) => `${r.iterations} it IDL ${r.prescriptionIsodosePercent.toFixed(1)} over ${r.capsOver} beams ${r.activeBeams}`).join(' | '));
  if (n.optimizationWarnings.length > 0) console.log('   optimiser:', n.optimizationWarnings.map((w) => w.code).join(', '));
}
console.log(`total plan ${ms.toFixed(0)} ms; issues ${plan.issues.map((i) => `${i.code}: ${i.message}`).join(" | ")}`);
