import type { StructureRole } from '../model/StructureRole';
import type { ParameterStatus } from '../radiobiology/BedModel';

/** One structure-role layer of a density table: structures with these roles are painted with this density. */
export interface RoleDensityLayer {
  readonly id: string;
  readonly roles: readonly StructureRole[];
  /** ρe / ρe,water (dimensionless). */
  readonly relativeElectronDensity: number;
  readonly label: string;
  readonly source: string;
  readonly status: ParameterStatus;
}

/**
 * CT number → relative electron density calibration plus structure-role densities for cases without CT
 * (dose-models/density/*.json, format in docs/dose-engine.md).
 */
export interface DensityTable {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly commissioned: boolean;
  /** Text to show wherever the table is used; always present (and says "generic, not commissioned") when !commissioned. */
  readonly warning: string | undefined;
  /** Calibration points, HU strictly ascending; piecewise linear between them, clamped outside. */
  readonly hu: Float64Array;
  readonly relativeElectronDensity: Float64Array;
  readonly huSource: string;
  readonly huStatus: ParameterStatus;
  /** Density outside the body structure (air). */
  readonly outsideBodyDensity: number;
  /** Painted in this order; later layers override earlier ones (blended by partial volume). */
  readonly roleLayers: readonly RoleDensityLayer[];
  /** Roles deliberately left unpainted (they keep what they contain). */
  readonly rolesNotPainted: readonly StructureRole[];
}
