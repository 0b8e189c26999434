import thoraxJson from '../../dose-models/structure-names/tg263-thorax.json';
import { compileStructureNameRules, type StructureNameRules } from './StructureNameRules';

/** The bundled thorax rules: dose-models/structure-names/tg263-thorax.json, compiled once. */
export const thoraxStructureNameRules: StructureNameRules = compileStructureNameRules(thoraxJson);
