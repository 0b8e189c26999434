// Body of a planning worker: receives a case (createPlanningSession once: dose grid, density, organ masks), then
// plans one nodule per message and posts each plan back, its dose grid transferred rather than copied.
import { parentPort } from 'node:worker_threads';
import { InputError } from '../../src/errors/InputError';
import type { CaseAssessment } from '../../src/planning/assessNodules';
import { createPlanningSession, type PlanningSession } from '../../src/planning/planNodules';
import type { PlanWorkerMessage, PlanWorkerRequest } from './planNodulesInWorkers';

const port = parentPort;
if (!port) throw new Error('planWorkerMain must run in a worker thread');
let session: PlanningSession | null = null;
let assessment: CaseAssessment | null = null;
port.on('message', (request: PlanWorkerRequest) => {
  try {
    if (request.kind === 'case') {
      session = createPlanningSession(request.patientCase, request.options);
      assessment = request.assessment;
      port.postMessage({ kind: 'ready', issues: [...session.issues], doseGeometry: session.doseGeometry, doseGridBasis: session.doseGridBasis, densitySource: session.densitySource, timingsMs: session.timingsMs } satisfies PlanWorkerMessage);
      return;
    }
    const nodule = assessment?.nodules.find((n) => n.name === request.name);
    if (!session || !nodule) throw new Error(`no case or no nodule ${request.name}`);
    const result = session.planNodule(nodule);
    if ('plan' in result) port.postMessage({ kind: 'plan', name: request.name, plan: result.plan, timings: result.timings } satisfies PlanWorkerMessage, [result.plan.doseGy.buffer as ArrayBuffer]);
    else port.postMessage({ kind: 'issue', name: request.name, issue: result } satisfies PlanWorkerMessage);
  } catch (e) {
    const error = e instanceof InputError ? { code: e.code, message: e.message } : { code: 'worker-error', message: e instanceof Error ? e.message : String(e) };
    port.postMessage({ kind: 'error', name: request.kind === 'plan' ? request.name : '', ...error, input: e instanceof InputError } satisfies PlanWorkerMessage);
  }
});
