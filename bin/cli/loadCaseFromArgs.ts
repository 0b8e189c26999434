import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { assembleCase } from '../../src/case/assembleCase';
import { readCtSeries } from '../../src/io/dicom/readCtSeries';
import { readRtStruct } from '../../src/io/dicom/readRtStruct';
import { importIssue, type ImportIssue } from '../../src/io/ImportIssue';
import { loadCaseJson } from '../../src/io/json/caseFromJson';
import type { Case } from '../../src/model/Case';
import { buildDemoThorax } from '../../src/phantom/buildDemoThorax';
import { assignRole } from '../../src/structures/assignRole';
import { thoraxStructureNameRules } from '../../src/structures/thoraxStructureNameRules';
import { UsageError, type CliIo, type ParsedArgs } from './CliCommand';
import { readInputFile, readInputFiles } from './readInputFiles';
import { readRoleOptions, roleOptionSpecs } from './roleOptions';

/** Options naming where a case comes from (shared by plan and later commands). */
export const caseOptionSpecs = {
  demo: { type: 'boolean' },
  case: { type: 'string' },
  rtstruct: { type: 'string' },
  ct: { type: 'string' },
  ...roleOptionSpecs,
} as const;

/**
 * Loads the case named on the command line: --demo, --case FILE (JSON), or --rtstruct FILE [--ct DIR].
 * Returns the case (undefined when nothing usable was read) and every issue met on the way.
 */
export async function loadCaseFromArgs(args: ParsedArgs, io: CliIo): Promise<{ patientCase?: Case; issues: ImportIssue[] }> {
  const { demo, case: casePath, rtstruct, ct } = args.values;
  const chosen = [demo === true, typeof casePath === 'string', typeof rtstruct === 'string'].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --demo, --case FILE or --rtstruct FILE');
  const roleOptions = await readRoleOptions(args, io);
  const issues: ImportIssue[] = [...roleOptions.issues];

  if (demo === true) return { patientCase: buildDemoThorax().case, issues };

  if (typeof casePath === 'string') {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, casePath), 'utf8');
    } catch (error) {
      issues.push(importIssue(casePath, 'not-found', `cannot read case file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`));
      return { issues };
    }
    const loaded = loadCaseJson(text, casePath, {
      assignRole: (structure) => assignRole(structure, roleOptions.options.rules ?? thoraxStructureNameRules, roleOptions.options.overrides),
    });
    issues.push(...loaded.issues);
    return { patientCase: loaded.value, issues };
  }

  const structFile = await readInputFile(rtstruct as string, io.cwd);
  issues.push(...structFile.issues);
  if (!structFile.file) return { issues };
  const structureSet = readRtStruct(structFile.file.bytes, structFile.file.name);
  issues.push(...structureSet.issues);
  if (!structureSet.value) return { issues };
  let ctImage;
  if (typeof ct === 'string') {
    const ctFiles = await readInputFiles([ct], io.cwd);
    issues.push(...ctFiles.issues);
    const series = readCtSeries(ctFiles.files);
    issues.push(...series.issues);
    ctImage = series.value;
  }
  const set = structureSet.value;
  const patientCase = assembleCase({
    id: set.label || structFile.file.name,
    description: `RTSTRUCT '${set.label}'`,
    frameOfReferenceUid: set.frameOfReferenceUid,
    structures: set.structures,
    ct: ctImage,
    structureSource: structFile.file.name,
    sources: [structFile.file.name, ...(typeof ct === 'string' ? [ct] : [])],
  }, roleOptions.options);
  issues.push(...patientCase.issues);
  return { patientCase, issues };
}
