import { InputError } from '../errors/InputError';
import { normalCdf } from './normalCdf';

/**
 * Lyman (probit) NTCP of a dose metric: NTCP = Φ((D − TD50)/(m·TD50)), a probability in [0, 1].
 * With D = gEUD (geudGy) this is the LKB model; with D = MLD it is the MLD probit form (LKB with n = 1).
 * Throws InputError('bad-dose') for a non-finite or negative dose and 'bad-parameter' unless TD50 > 0 Gy
 * and m > 0 (finite).
 * @param doseGy gEUD or MLD in the dose basis the parameters were fitted on (EQD2 α/β 3 Gy for lung), Gy
 * @param td50Gy dose giving 50 % complication probability, Gy
 * @param m slope parameter (standard deviation of the probit as a fraction of TD50)
 * @see docs/ntcp.md §LKB — CERR LKBFn.m, DICOMautomaton EvaluateNTCPModels.cc
 */
export function lkbNtcp(doseGy: number, td50Gy: number, m: number): number {
  requireNtcpDose(doseGy);
  requirePositive(td50Gy, 'td50Gy');
  requirePositive(m, 'm');
  return normalCdf((doseGy - td50Gy) / (m * td50Gy));
}

/** Normalised slope γ50 = D50·dNTCP/dD at D50 of the probit form: 1/(m·√(2π)). */
export function probitGamma50(m: number): number {
  requirePositive(m, 'm');
  return 1 / (m * Math.sqrt(2 * Math.PI));
}

/** Throws InputError('bad-dose') unless the dose is finite and ≥ 0 Gy. */
export function requireNtcpDose(doseGy: number, what = 'doseGy'): number {
  if (typeof doseGy !== 'number' || !Number.isFinite(doseGy) || doseGy < 0) {
    throw new InputError('bad-dose', `${what} must be a finite dose ≥ 0 Gy, got ${String(doseGy)}`);
  }
  return doseGy;
}

function requirePositive(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new InputError('bad-parameter', `${name} must be finite and > 0, got ${String(value)}`);
}
