// Body of a planning worker: receives the case once (workerData), then plans one nodule per message with the pure
// core (planNodules) and posts each plan back, its dose grid transferred rather than copied.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../src/errors/InputError';
import { planNodules } from '../../src/planning/planNodules';
import type { PlanWorkerData, PlanWorkerMessage, PlanWorkerRequest } from './planNodulesInWorkers';

const port = parentPort;
if (!port) throw new Error('planWorkerMain must run in a worker thread');
const data = workerData as PlanWorkerData;
port.on('message', (request: PlanWorkerRequest) => {
  if (request.kind === 'stop') {
    port.close();
    return;
  }
  try {
    const plan = planNodules(data.patientCase, data.assessment, { ...data.options, noduleNames: [request.name] });
    port.postMessage({ kind: 'plan', name: request.name, plan } satisfies PlanWorkerMessage, plan.nodules.map((n) => n.doseGy.buffer as ArrayBuffer));
  } catch (e) {
    const error = e instanceof InputError ? { code: e.code, message: e.message } : { code: 'worker-error', message: e instanceof Error ? e.message : String(e) };
    port.postMessage({ kind: 'error', name: request.name, ...error, input: e instanceof InputError } satisfies PlanWorkerMessage);
  }
});
