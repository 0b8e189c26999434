// Body of a dose worker: computes what the pool asks with the pure engine in src/dose and posts the typed arrays back
// (transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { computeDose } from '../../src/dose/computeDose';
import { computeDoseInfluence } from '../../src/dose/computeDoseInfluence';
import { createFanLatticeCache, type FanLatticeCache } from '../../src/dose/fanLattice';
import type { DoseWorkerRequest, DoseWorkerResponse } from './DoseWorkerMessages';

const port = parentPort;
if (!port) throw new Error('doseWorkerMain must run in a worker thread');
// Lattice caches by the pool's cache key (one per case), kept until the pool drops them. The density grid arrives
// as a new copy with every request, so the cache is re-bound to it (same values by the pool's contract).
const caches = new Map<string, FanLatticeCache>();
function cacheFor(key: string | undefined): FanLatticeCache | undefined {
  if (key === undefined) return undefined;
  let cache = caches.get(key);
  if (!cache) {
    cache = createFanLatticeCache();
    caches.set(key, cache);
  }
  cache.owner = undefined;
  return cache;
}
port.on('message', (request: DoseWorkerRequest) => {
  try {
    if (request.kind === 'drop-cache') {
      caches.delete(request.cacheKey);
      const response: DoseWorkerResponse = { kind: 'dropped', id: request.id };
      port.postMessage(response);
    } else if (request.kind === 'influence') {
      const influence = computeDoseInfluence(request.beams, request.densityGrid, request.doseGeometry, request.beamData, { ...request.options, latticeCache: cacheFor(request.cacheKey) });
      const response: DoseWorkerResponse = { kind: 'influence', id: request.id, voxelIndex: [...influence.voxelIndex], doseGyPerMu: [...influence.doseGyPerMu] };
      port.postMessage(response, [...influence.voxelIndex.map((a) => a.buffer as ArrayBuffer), ...influence.doseGyPerMu.map((a) => a.buffer as ArrayBuffer)]);
    } else {
      const doseGy = computeDose(request.beams, request.muPerBeam, request.densityGrid, request.doseGeometry, request.beamData, { ...request.options, latticeCache: cacheFor(request.cacheKey) });
      const response: DoseWorkerResponse = { kind: 'dose', id: request.id, doseGy };
      port.postMessage(response, [doseGy.buffer as ArrayBuffer]);
    }
  } catch (e) {
    const error = e as { code?: string; message?: string };
    const response: DoseWorkerResponse = { kind: 'error', id: request.id, code: error.code ?? 'worker-error', message: error.message ?? String(e) };
    port.postMessage(response);
  }
});
