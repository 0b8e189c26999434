// Body of a planning worker: plans the nodules it was given with the pure core (planNodules) and posts the plan
// back, the dose grids transferred rather than copied; progress and errors as messages.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../src/errors/InputError';
import { planNodules } from '../../src/planning/planNodules';
import type { PlanWorkerData, PlanWorkerMessage } from './planNodulesInWorkers';

const port = parentPort;
if (!port) throw new Error('planWorkerMain must run in a worker thread');
const data = workerData as PlanWorkerData;
try {
  const plan = planNodules(data.patientCase, data.assessment, {
    ...data.options,
    onNodule: (name) => port.postMessage({ kind: 'progress', name } satisfies PlanWorkerMessage),
  });
  port.postMessage({ kind: 'plan', plan } satisfies PlanWorkerMessage, plan.nodules.map((n) => n.doseGy.buffer as ArrayBuffer));
} catch (e) {
  const error = e instanceof InputError ? { code: e.code, message: e.message } : { code: 'worker-error', message: e instanceof Error ? e.message : String(e) };
  port.postMessage({ kind: 'error', ...error, input: e instanceof InputError } satisfies PlanWorkerMessage);
}
