import { describe, expect, it } from 'vitest';
import { planNodulesInWorkers, PlanWorkerPool } from '../../bin/planning/planNodulesInWorkers';
import { InputError } from '../../src/errors/InputError';
import { buildDemoThorax } from '../../src/phantom/buildDemoThorax';
import { assessNodules } from '../../src/planning/assessNodules';
import { planNodules } from '../../src/planning/planNodules';

describe('planNodulesInWorkers', () => {
  it('planNodulesInWorkers(2 nodules, 2 workers) gives the single-thread plan bit for bit, in assessment order', async () => {
    const demo = buildDemoThorax().case;
    const assessment = assessNodules(demo);
    const options = { noduleNames: ['LLL_Mediast', 'LUL_Periph'], doseSpacingMm: 4 };
    const single = planNodules(demo, assessment, options);
    const names: string[] = [];
    const parallel = await planNodulesInWorkers(demo, assessment, { ...options, workers: 2, onNodule: (name) => names.push(name) });
    expect(parallel.nodules.map((n) => n.name)).toEqual(single.nodules.map((n) => n.name));
    expect(names.sort()).toEqual(['LLL_Mediast', 'LUL_Periph']);
    parallel.nodules.forEach((n, i) => {
      expect(n.monitorUnitsPerFraction).toBe(single.nodules[i].monitorUnitsPerFraction);
      expect(n.doseGy).toEqual(single.nodules[i].doseGy);
    });
    expect(parallel.issues.map((i) => i.code).sort()).toEqual(single.issues.map((i) => i.code).sort());
  }, 300_000);

  it('PlanWorkerPool plans one case after another with the same workers, as planNodules does', async () => {
    const demo = buildDemoThorax().case;
    const assessment = assessNodules(demo);
    const pool = new PlanWorkerPool(2);
    try {
      for (const names of [['LUL_Periph'], ['LLL_Mediast', 'LUL_Periph']]) {
        const options = { noduleNames: names, doseSpacingMm: 4 };
        const pooled = await pool.plan(demo, assessment, options);
        const single = planNodules(demo, assessment, options);
        expect(pooled.nodules.map((n) => n.monitorUnitsPerFraction)).toEqual(single.nodules.map((n) => n.monitorUnitsPerFraction));
      }
    } finally {
      await pool.close();
    }
  }, 300_000);

  it('planNodulesInWorkers passes an InputError from a worker on as InputError', async () => {
    const demo = buildDemoThorax().case;
    const assessment = assessNodules(demo);
    await expect(planNodulesInWorkers(demo, assessment, { noduleNames: ['LLL_Mediast', 'LUL_Periph'], doseSpacingMm: 40, workers: 2 })).rejects.toBeInstanceOf(InputError);
  }, 300_000);
});
