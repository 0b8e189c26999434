import defaultRulesJson from '../../dose-models/protocols/lung-metastases-default.json';
import { InputError } from '../errors/InputError';
import type { ProtocolRules } from './ProtocolRules';
import { validateProtocolRules } from './parseProtocolRules';

/** File the bundled rules come from (shown in reasons and issues). */
export const DEFAULT_PROTOCOL_RULES_FILE = 'dose-models/protocols/lung-metastases-default.json';

function loadDefaultRules(): ProtocolRules {
  const result = validateProtocolRules(defaultRulesJson, DEFAULT_PROTOCOL_RULES_FILE);
  if (!result.value) {
    // Bundled data is part of the program: a bad file is a build defect, not user input.
    throw new InputError('bad-protocol-data', result.issues.map((i) => i.message).join('; '));
  }
  return result.value;
}

/** The bundled default rule set (lung metastases: 30/1 or 24/1, 45/3, 36/3 by location). */
export const defaultProtocolRules: ProtocolRules = loadDefaultRules();
