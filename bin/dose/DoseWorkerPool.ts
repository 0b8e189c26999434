import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Beam } from '../../src/dose/Beam';
import type { BeamData } from '../../src/dose/BeamData';
import type { ComputeDoseOptions } from '../../src/dose/computeDose';
import type { DoseEngineOptions } from '../../src/dose/DoseEngineOptions';
import type { DoseInfluence } from '../../src/dose/DoseInfluence';
import { groupBeamsBySource } from '../../src/dose/fanLattice';
import { InputError } from '../../src/errors/InputError';
import { voxelCount, type Grid3, type GridGeometry } from '../../src/geometry/Grid3';
import type { DoseWorkerRequest, DoseWorkerResponse } from './DoseWorkerMessages';

/**
 * A pool of worker threads running the pure dose engine (src/dose) in parallel: beams are split into contiguous chunks
 * of whole source groups (so each fan lattice is traced once), one chunk per worker, and the results are joined in the
 * original beam order. Results are identical to the single-threaded computeDoseInfluence / computeDose. Create it
 * once (worker start-up, tsx included, takes ~0.3–0.7 s) and close() it when done.
 *
 * `cacheKey` (optional, one per case): each worker keeps a lattice cache (createFanLatticeCache) under that key, so the
 * final dose reuses the rays traced for the influence. Calls with the same key must use the same density grid, dose
 * grid, ray options and beam list (the split over workers then stays the same); dropCache(key) frees the memory.
 * `latticeCache` in the options is ignored here (it cannot cross threads).
 */
export class DoseWorkerPool {
  readonly size: number;
  private readonly workers: Worker[];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: DoseWorkerResponse) => void; reject: (e: Error) => void }>();

  /** @param size number of workers; default min(2, available cores) (this machine has 2). */
  constructor(size = Math.min(2, availableParallelism())) {
    if (!Number.isInteger(size) || size < 1 || size > 64) throw new InputError('bad-option', `pool size must be an integer 1…64, got ${size}`);
    this.size = size;
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./doseWorker.mjs', import.meta.url));
      worker.on('message', (response: DoseWorkerResponse) => {
        const waiting = this.pending.get(response.id);
        if (!waiting) return;
        this.pending.delete(response.id);
        waiting.resolve(response);
      });
      worker.on('error', (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      return worker;
    });
  }

  /** computeDoseInfluence over the pool (same arguments and result). */
  async computeDoseInfluence(beams: readonly Beam[], densityGrid: Grid3<Float32Array>, doseGeometry: GridGeometry, beamData: BeamData, options: DoseEngineOptions = {}, cacheKey?: string): Promise<DoseInfluence> {
    const chunks = splitBySource(beams, this.size);
    const plain = { ...options, latticeCache: undefined };
    const responses = await Promise.all(chunks.map((chunk, w) => this.request(w, { kind: 'influence', id: this.nextId++, beams: chunk.map((b) => beams[b]), densityGrid, doseGeometry, beamData, options: plain, cacheKey })));
    const voxelIndex: Uint32Array[] = new Array(beams.length);
    const doseGyPerMu: Float32Array[] = new Array(beams.length);
    responses.forEach((response, w) => {
      if (response.kind !== 'influence') throw new InputError('worker-error', 'unexpected worker response');
      chunks[w].forEach((b, n) => {
        voxelIndex[b] = response.voxelIndex[n];
        doseGyPerMu[b] = response.doseGyPerMu[n];
      });
    });
    return { voxelCount: voxelCount(doseGeometry), beamCount: beams.length, voxelIndex, doseGyPerMu };
  }

  /** computeDose over the pool: each worker accumulates its chunk, the grids are summed here. */
  async computeDose(beams: readonly Beam[], muPerBeam: ArrayLike<number>, densityGrid: Grid3<Float32Array>, doseGeometry: GridGeometry, beamData: BeamData, options: ComputeDoseOptions = {}, cacheKey?: string): Promise<Float32Array> {
    if (muPerBeam.length !== beams.length) throw new InputError('bad-length', `muPerBeam has ${muPerBeam.length} values for ${beams.length} beams`);
    // Whole source groups (zero-MU beams included: they set the lattice axis exactly as in computeDose), balanced by
    // the number of weighted beams — or split as for the influence when a cache is in use, so each worker finds its rays.
    const chunks = cacheKey === undefined ? splitBySource(beams, this.size, (b) => (muPerBeam[b] !== 0 ? 1 : 0)) : splitBySource(beams, this.size);
    const plain = { ...options, latticeCache: undefined };
    const responses = await Promise.all(
      chunks.map((chunk, w) => this.request(w, { kind: 'dose', id: this.nextId++, beams: chunk.map((b) => beams[b]), muPerBeam: Float64Array.from(chunk, (b) => muPerBeam[b]), densityGrid, doseGeometry, beamData, options: plain, cacheKey })),
    );
    const total = new Float32Array(voxelCount(doseGeometry));
    for (const response of responses) {
      if (response.kind !== 'dose') throw new InputError('worker-error', 'unexpected worker response');
      for (let v = 0; v < total.length; v++) total[v] += response.doseGy[v];
    }
    return total;
  }

  /** Frees the workers' lattice caches kept under `cacheKey`. */
  async dropCache(cacheKey: string): Promise<void> {
    await Promise.all(this.workers.map((_, w) => this.request(w, { kind: 'drop-cache', id: this.nextId++, cacheKey })));
  }

  /** Stops the workers; pending requests are rejected. */
  async close(): Promise<void> {
    for (const waiting of this.pending.values()) waiting.reject(new Error('dose worker pool closed'));
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private request(worker: number, message: DoseWorkerRequest): Promise<DoseWorkerResponse> {
    return new Promise<DoseWorkerResponse>((resolve, reject) => {
      this.pending.set(message.id, {
        resolve: (response) => (response.kind === 'error' ? reject(new InputError(response.code, response.message)) : resolve(response)),
        reject,
      });
      this.workers[worker].postMessage(message);
    });
  }
}

/**
 * Beam indices in `parts` contiguous chunks of whole source groups with about equal total cost (default 1 per beam;
 * some chunks may be empty).
 */
export function splitBySource(beams: readonly Beam[], parts: number, cost: (beamIndex: number) => number = () => 1): number[][] {
  const groups = groupBeamsBySource(beams);
  const total = beams.reduce((sum, _, b) => sum + cost(b), 0);
  const chunks: number[][] = Array.from({ length: parts }, () => []);
  let part = 0;
  let assigned = 0;
  for (const group of groups) {
    if (part < parts - 1 && assigned >= ((part + 1) * total) / parts) part++;
    chunks[part].push(...group);
    for (const b of group) assigned += cost(b);
  }
  return chunks;
}
