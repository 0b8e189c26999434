import { InputError } from '../errors/InputError';
import type { Beam } from './Beam';

/** Checks a beam's numbers: finite source and aim point at least 1 mm apart, cone diameter > 0. Throws InputError 'bad-beam'. */
export function validateBeam(beam: Beam, index: number): void {
  const p = [beam.sourceMm.xMm, beam.sourceMm.yMm, beam.sourceMm.zMm, beam.aimPointMm.xMm, beam.aimPointMm.yMm, beam.aimPointMm.zMm];
  if (!p.every(Number.isFinite)) throw new InputError('bad-beam', `beam ${index} ('${beam.id}'): source and aim point must be finite, got [${p.join(', ')}]`);
  if (Math.hypot(p[3] - p[0], p[4] - p[1], p[5] - p[2]) < 1) throw new InputError('bad-beam', `beam ${index} ('${beam.id}'): source and aim point are less than 1 mm apart`);
  if (!(beam.coneDiameterMm > 0)) throw new InputError('bad-beam', `beam ${index} ('${beam.id}'): cone diameter must be > 0 mm, got ${beam.coneDiameterMm}`);
}
