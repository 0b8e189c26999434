import tableJson from '../../dose-models/constraints/thorax-sbrt-default.json';
import type { ConstraintTable } from './ConstraintTable';
import { createConstraintTable } from './parseConstraintTable';

/**
 * The bundled thoracic SBRT table: AAPM TG-101 (1, 3, 5 fx), RTOG 0813/0915 maxima from NCCN Table 3
 * (1, 3, 4, 5 fx), chest wall V30 < 30 cc (Dunlap 2010, 3–5 fx). Checked at load (throws InputError
 * 'bad-constraint-data' if the bundled file is broken).
 */
export const defaultConstraintTable: ConstraintTable = createConstraintTable(tableJson, 'dose-models/constraints/thorax-sbrt-default.json');
