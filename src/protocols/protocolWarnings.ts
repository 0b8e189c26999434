import type { EvidenceStatus, ProtocolRules, WarningRule } from './ProtocolRules';
import { validateProtocolInput, type ProtocolInput } from './ProtocolInput';
import { formatDistanceMm, formatNumber } from './formatProtocolText';
import { resolveOrganDistance, roundToTenthMm } from './resolveOrganDistance';

/** A warning to show with a nodule's protocol or with the whole case. */
export interface ProtocolWarning {
  /** Warning-rule id from the rule file (e.g. 'too-many-nodules'), or a policy code ('distance-unknown', 'distance-basis-fallback', 'diameter-unknown'). */
  readonly code: string;
  readonly severity: 'warning' | 'info';
  /** Absent for case-level warnings. */
  readonly noduleName?: string;
  readonly message: string;
  readonly source: string;
  readonly status?: EvidenceStatus;
}

/** Case-level warnings plus each nodule's rule-file warnings, in input order. */
export interface ProtocolWarningReport {
  readonly caseWarnings: readonly ProtocolWarning[];
  /** noduleWarnings[i] belongs to inputs[i] (the same list as noduleWarnings(inputs[i], rules)). */
  readonly noduleWarnings: readonly (readonly ProtocolWarning[])[];
}

/** Source of warnings that come from this program's policy rather than the rule file. */
export const POLICY_SOURCE = 'protocol selection policy (docs/protocols.md)';

/**
 * Warnings of the rule file for a set of nodules: case-level rules (more than N nodules, counted as
 * inputs.length) and every nodule's own warnings. Validates each input (InputError 'bad-protocol-input').
 */
export function protocolWarnings(inputs: readonly ProtocolInput[], rules: ProtocolRules): ProtocolWarningReport {
  const caseWarnings: ProtocolWarning[] = [];
  for (const rule of rules.warningRules) {
    if (rule.kind === 'nodule-count-above' && inputs.length > rule.thresholdCount) {
      caseWarnings.push(fromRule(rule, undefined, `${inputs.length} nodules > ${rule.thresholdCount}: ${rule.message}`));
    }
  }
  return { caseWarnings, noduleWarnings: inputs.map((input) => noduleWarnings(input, rules)) };
}

/**
 * Per-nodule warnings of the rule file: diameter strictly above / below a size, large and near an organ
 * (distance ≤ withinMm, unknown distance counts as near), and not planned (input.planned === false).
 * An unknown diameter gives one 'diameter-unknown' info instead of the size warnings.
 */
export function noduleWarnings(input: ProtocolInput, rules: ProtocolRules): ProtocolWarning[] {
  validateProtocolInput(input);
  const name = input.noduleName;
  const warnings: ProtocolWarning[] = [];
  const diameter = input.maxDiameterMm;
  let reportedUnknownDiameter = false;
  const needDiameter = (): number | undefined => {
    if (diameter !== null) return diameter;
    if (!reportedUnknownDiameter) {
      reportedUnknownDiameter = true;
      warnings.push({ code: 'diameter-unknown', severity: 'info', noduleName: name, message: `${name}: maximum diameter unknown; size warnings not checked`, source: POLICY_SOURCE });
    }
    return undefined;
  };
  for (const rule of rules.warningRules) {
    switch (rule.kind) {
      case 'nodule-count-above':
        break;
      case 'diameter-above':
      case 'diameter-below': {
        const d = needDiameter();
        if (d === undefined) break;
        const hit = rule.kind === 'diameter-above' ? d > rule.thresholdMm : d < rule.thresholdMm;
        if (hit) warnings.push(fromRule(rule, name, `${name}: maximum diameter ${formatDistanceMm(d)} mm ${rule.kind === 'diameter-above' ? '>' : '<'} ${formatNumber(rule.thresholdMm)} mm: ${rule.message}`));
        break;
      }
      case 'diameter-above-near-organ': {
        const d = needDiameter();
        if (d === undefined || !(d > rule.thresholdMm)) break;
        const near = resolveOrganDistance(input, rule.organ, rule.organLabel, rule.withinMm, rule.measuredFrom);
        if (near.outcome === 'beyond') break;
        const where = near.outcome === 'within'
          ? `${formatDistanceMm(roundToTenthMm(near.distanceMm as number))} mm from the ${rule.organLabel} (≤ ${formatNumber(rule.withinMm)} mm)`
          : `distance to the ${rule.organLabel} unknown (${near.note}), so possibly within ${formatNumber(rule.withinMm)} mm`;
        warnings.push(fromRule(rule, name, `${name}: maximum diameter ${formatDistanceMm(d)} mm > ${formatNumber(rule.thresholdMm)} mm and ${where}: ${rule.message}`));
        break;
      }
      case 'not-planned':
        if (input.planned === false) warnings.push(fromRule(rule, name, `${name}: ${rule.message}`));
        break;
    }
  }
  return warnings;
}

function fromRule(rule: WarningRule, noduleName: string | undefined, message: string): ProtocolWarning {
  const warning: ProtocolWarning = { code: rule.id, severity: rule.severity, message, source: rule.source, status: rule.status };
  return noduleName === undefined ? warning : { ...warning, noduleName };
}
