import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../src/errors/InputError';
import type { Case } from '../../src/model/Case';
import type { CaseAssessment } from '../../src/planning/assessNodules';
import { planNodules, type CasePlan, type PlanNodulesOptions } from '../../src/planning/planNodules';

/** Options that can cross to a worker (plain data: no callbacks). */
export type PlanWorkerOptions = Omit<PlanNodulesOptions, 'onNodule' | 'nowMs'>;

export interface PlanWorkerData {
  readonly patientCase: Case;
  readonly assessment: CaseAssessment;
  readonly options: PlanWorkerOptions;
}

export type PlanWorkerRequest = { readonly kind: 'plan'; readonly name: string } | { readonly kind: 'stop' };

export type PlanWorkerMessage =
  | { readonly kind: 'plan'; readonly name: string; readonly plan: CasePlan }
  | { readonly kind: 'error'; readonly name: string; readonly code: string; readonly message: string; readonly input: boolean };

/**
 * planNodules with the nodules shared among worker threads (each nodule is independent): each worker takes the
 * next nodule from a queue, largest PTV first, when it is free (the dose grid and density are rebuilt per nodule,
 * ~0.15 s on the demo). The result is the same as planNodules' (same order, same numbers: each nodule's plan is
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
  // A queue, most expensive first (longest-processing-time order): each worker takes the next nodule when free.
  const queue = [...wanted].sort((a, b) => (b.volumeCc ?? 0) - (a.volumeCc ?? 0) || a.name.localeCompare(b.name)).map((n) => n.name);
  const plans: CasePlan[] = [];
  let started = 0;
  await Promise.all(
    Array.from(
      { length: workerCount },
      () =>
        new Promise<void>((resolve, reject) => {
          const data: PlanWorkerData = { patientCase, assessment, options: plain };
          const worker = new Worker(new URL('./planWorker.mjs', import.meta.url), { workerData: data });
          const next = (): void => {
            const name = queue.shift();
            if (name === undefined) {
              void worker.terminate();
              resolve();
              return;
            }
            onNodule?.(name, started++, wanted.length);
            worker.postMessage({ kind: 'plan', name } satisfies PlanWorkerRequest);
          };
          worker.on('message', (message: PlanWorkerMessage) => {
            if (message.kind === 'plan') {
              plans.push(message.plan);
              next();
            } else {
              queue.length = 0;
              void worker.terminate();
              reject(message.input ? new InputError(message.code, message.message) : new Error(`${message.name}: ${message.message}`));
            }
          });
          worker.on('error', reject);
          next();
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
    timingsMs: { ...plans[0].timingsMs, nodules: plans.flatMap((p) => p.timingsMs.nodules).sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0)), total: performance.now() - start },
  };
}
