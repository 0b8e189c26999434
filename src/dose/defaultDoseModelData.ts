import beamDataJson from '../../dose-models/beam-data/generic-6mv-fff-cones.json';
import densityJson from '../../dose-models/density/hu-to-density.json';
import { InputError } from '../errors/InputError';
import type { BeamData } from './BeamData';
import type { DensityTable } from './DensityTable';
import { validateBeamData } from './parseBeamData';
import { validateDensityTable } from './parseDensityTable';

/** Files the bundled data come from (shown in issues and reports). */
export const GENERIC_BEAM_DATA_FILE = 'dose-models/beam-data/generic-6mv-fff-cones.json';
export const GENERIC_DENSITY_TABLE_FILE = 'dose-models/density/hu-to-density.json';

function loadOrThrow<T>(result: { value: T | undefined; issues: readonly { severity: string; message: string }[] }): T {
  // Bundled data are part of the program: an error is a build defect, not user input.
  if (!result.value) throw new InputError('bad-dose-model-data', result.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; '));
  return result.value;
}

/** The bundled GENERIC, NOT COMMISSIONED 6 MV FFF cone data (label and warning in `label`; commissioned: false). */
export const genericBeamData: BeamData = loadOrThrow(validateBeamData(beamDataJson, GENERIC_BEAM_DATA_FILE));

/** The bundled GENERIC, NOT COMMISSIONED CT calibration and role densities. */
export const genericDensityTable: DensityTable = loadOrThrow(validateDensityTable(densityJson, GENERIC_DENSITY_TABLE_FILE));
