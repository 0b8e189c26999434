import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../src/errors/InputError';
import type { ImportIssue } from '../../src/io/ImportIssue';
import type { Case } from '../../src/model/Case';
import type { CaseAssessment } from '../../src/planning/assessNodules';
import { planNodules, type CasePlan, type NodulePlan, type NoduleTimingsMs, type PlanNodulesOptions, type PlanningSession } from '../../src/planning/planNodules';

/** Options that can cross to a worker (plain data: no callbacks). */
export type PlanWorkerOptions = Omit<PlanNodulesOptions, 'onNodule' | 'nowMs'>;

export type PlanWorkerRequest =
  | { readonly kind: 'case'; readonly patientCase: Case; readonly assessment: CaseAssessment; readonly options: PlanWorkerOptions }
  | { readonly kind: 'plan'; readonly name: string };

export type PlanWorkerMessage =
  | {
      readonly kind: 'ready';
      readonly issues: ImportIssue[];
      readonly doseGeometry: PlanningSession['doseGeometry'];
      readonly doseGridBasis: PlanningSession['doseGridBasis'];
      readonly densitySource: PlanningSession['densitySource'];
      readonly timingsMs: PlanningSession['timingsMs'];
    }
  | { readonly kind: 'plan'; readonly name: string; readonly plan: NodulePlan; readonly timings: NoduleTimingsMs }
  | { readonly kind: 'issue'; readonly name: string; readonly issue: ImportIssue }
  | { readonly kind: 'error'; readonly name: string; readonly code: string; readonly message: string; readonly input: boolean };

type PlanOptions = PlanWorkerOptions & { readonly onNodule?: (name: string, index: number, count: number) => void };

/**
 * Worker threads that plan nodules in parallel. Start it early (each worker loads the core, ~0.5–1 s) and reuse it
 * for several cases; close() ends the workers. plan(): every worker prepares the case once (createPlanningSession:
 * dose grid, density, organ masks), then takes the next nodule from a queue, largest PTV first, whenever it is free.
 * The result equals planNodules' (same order, same numbers: each nodule's plan is deterministic); case-wide issues
 * appear once; timingsMs.total is the wall-clock time. One call at a time. An InputError in a worker is thrown as
 * InputError.
 */
export class PlanWorkerPool {
  readonly size: number;
  private readonly workers: Worker[];

  /** @param size default min(2, available cores) */
  constructor(size = Math.min(2, availableParallelism())) {
    if (!Number.isInteger(size) || size < 1 || size > 64) throw new InputError('bad-option', `pool size must be an integer 1…64, got ${size}`);
    this.size = size;
    this.workers = Array.from({ length: size }, () => new Worker(new URL('./planWorker.mjs', import.meta.url)));
  }

  async plan(patientCase: Case, assessment: CaseAssessment, options: PlanOptions = {}): Promise<CasePlan> {
    const { onNodule, ...plain } = options;
    const start = performance.now();
    const wanted = plain.noduleNames ? assessment.nodules.filter((n) => plain.noduleNames?.includes(n.name)) : assessment.nodules;
    const queue = [...wanted].sort((a, b) => (b.volumeCc ?? 0) - (a.volumeCc ?? 0) || a.name.localeCompare(b.name)).map((n) => n.name);
    const plans: NodulePlan[] = [];
    const timings: NoduleTimingsMs[] = [];
    const noduleIssues: ImportIssue[] = [];
    let ready: Extract<PlanWorkerMessage, { kind: 'ready' }> | undefined;
    let started = 0;
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const name = queue.shift();
              if (name === undefined) {
                worker.off('message', onMessage);
                worker.off('error', reject);
                resolve();
                return;
              }
              onNodule?.(name, started++, wanted.length);
              worker.postMessage({ kind: 'plan', name } satisfies PlanWorkerRequest);
            };
            const onMessage = (message: PlanWorkerMessage): void => {
              if (message.kind === 'ready') {
                ready ??= message;
                next();
              } else if (message.kind === 'plan') {
                plans.push(message.plan);
                timings.push(message.timings);
                next();
              } else if (message.kind === 'issue') {
                noduleIssues.push(message.issue);
                next();
              } else {
                queue.length = 0;
                worker.off('message', onMessage);
                reject(message.input ? new InputError(message.code, message.message) : new Error(`${message.name}: ${message.message}`));
              }
            };
            worker.on('message', onMessage);
            worker.on('error', reject);
            worker.postMessage({ kind: 'case', patientCase, assessment, options: plain } satisfies PlanWorkerRequest);
          }),
      ),
    );
    if (!ready) throw new Error('no planning worker answered');
    const order = new Map(wanted.map((n, i) => [n.name, i]));
    const byOrder = (a: { name: string }, b: { name: string }) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0);
    return {
      doseGeometry: ready.doseGeometry,
      doseGridBasis: ready.doseGridBasis,
      densitySource: ready.densitySource,
      nodules: plans.sort(byOrder),
      timingsMs: { ...ready.timingsMs, nodules: timings.sort(byOrder), total: performance.now() - start },
      issues: [...ready.issues, ...noduleIssues],
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * planNodules with the nodules shared among worker threads (a PlanWorkerPool for this call). One nodule or one
 * worker: planNodules in this thread.
 * @param workers default min(2, available cores)
 */
export async function planNodulesInWorkers(patientCase: Case, assessment: CaseAssessment, options: PlanOptions & { readonly workers?: number } = {}): Promise<CasePlan> {
  const { workers: requested, ...rest } = options;
  const wanted = rest.noduleNames ? assessment.nodules.filter((n) => rest.noduleNames?.includes(n.name)) : assessment.nodules;
  const size = Math.min(requested ?? Math.min(2, availableParallelism()), wanted.length);
  if (size <= 1) return planNodules(patientCase, assessment, rest);
  const pool = new PlanWorkerPool(size);
  try {
    return await pool.plan(patientCase, assessment, rest);
  } finally {
    await pool.close();
  }
}
