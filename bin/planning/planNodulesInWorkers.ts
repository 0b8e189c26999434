import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../src/errors/InputError';
import type { Case } from '../../src/model/Case';
import type { CaseAssessment } from '../../src/planning/assessNodules';
import { planNodules, type CasePlan, type PlanNodulesOptions } from '../../src/planning/planNodules';

/** Volume (cc) that costs about as much planning time as one more nodule. */
const COST_VOLUME_CC = 50;

/** Options that can cross to a worker (plain data: no callbacks). */
export type PlanWorkerOptions = Omit<PlanNodulesOptions, 'onNodule' | 'nowMs'>;

export interface PlanWorkerData {
  readonly patientCase: Case;
  readonly assessment: CaseAssessment;
  readonly options: PlanWorkerOptions;
}

export type PlanWorkerMessage =
  | { readonly kind: 'progress'; readonly name: string }
  | { readonly kind: 'plan'; readonly plan: CasePlan }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly input: boolean };

/**
 * planNodules with the nodules shared among worker threads (each nodule is independent; the dose grid and density
 * are rebuilt in each worker, ~0.1–0.3 s). Nodules go to the least-loaded worker, largest first; a nodule costs
 * 1 + volume / COST_VOLUME_CC (on the demo a 49 cc nodule took ~7.5 s, a 3 cc one ~2.2 s, measured). The result is the same as planNodules' (same order, same numbers: each nodule's plan is
 * deterministic), with issues that every worker reported listed once and timingsMs.total the wall-clock time.
 * One nodule or one worker: planNodules in this thread. An InputError in a worker is thrown as InputError.
 * @param workers default min(2, available cores)
 */
export async function planNodulesInWorkers(
  patientCase: Case,
  assessment: CaseAssessment,
  options: PlanWorkerOptions & { readonly workers?: number; readonly onNodule?: (name: string, index: number, count: number) => void } = {},
): Promise<CasePlan> {
  const { workers: requested, onNodule, ...plain } = options;
  const wanted = plain.noduleNames ? assessment.nodules.filter((n) => plain.noduleNames?.includes(n.name)) : assessment.nodules;
  const workerCount = Math.min(requested ?? Math.min(2, availableParallelism()), wanted.length);
  if (workerCount <= 1) return planNodules(patientCase, assessment, { ...plain, ...(onNodule ? { onNodule } : {}) });

  const start = performance.now();
  const groups: string[][] = Array.from({ length: workerCount }, () => []);
  const load = new Array<number>(workerCount).fill(0);
  for (const n of [...wanted].sort((a, b) => (b.volumeCc ?? 0) - (a.volumeCc ?? 0) || a.name.localeCompare(b.name))) {
    const w = load.indexOf(Math.min(...load));
    groups[w].push(n.name);
    load[w] += 1 + (n.volumeCc ?? 0) / COST_VOLUME_CC;
  }
  let started = 0;
  const plans = await Promise.all(
    groups.map(
      (names) =>
        new Promise<CasePlan>((resolve, reject) => {
          const data: PlanWorkerData = { patientCase, assessment, options: { ...plain, noduleNames: names } };
          const worker = new Worker(new URL('./planWorker.mjs', import.meta.url), { workerData: data });
          worker.on('message', (message: PlanWorkerMessage) => {
            if (message.kind === 'progress') onNodule?.(message.name, started++, wanted.length);
            else {
              void worker.terminate();
              if (message.kind === 'plan') resolve(message.plan);
              else reject(message.input ? new InputError(message.code, message.message) : new Error(message.message));
            }
          });
          worker.on('error', reject);
        }),
    ),
  );
  const order = new Map(wanted.map((n, i) => [n.name, i]));
  const seen = new Set<string>();
  return {
    ...plans[0],
    nodules: plans.flatMap((p) => p.nodules).sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0)),
    issues: plans.flatMap((p) => p.issues).filter((i) => {
      const key = `${i.code}|${i.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
    timingsMs: { ...plans[0].timingsMs, nodules: plans.flatMap((p) => p.timingsMs.nodules), total: performance.now() - start },
  };
}
