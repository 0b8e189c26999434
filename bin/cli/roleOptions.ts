import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importIssue, type ImportIssue } from '../../src/io/ImportIssue';
import type { AssignRolesOptions } from '../../src/structures/assignRoles';
import { parseRoleOverrides } from '../../src/structures/parseRoleOverrides';
import type { CliIo, ParsedArgs } from './CliCommand';
import { listOption } from './numberOption';

/** Options shared by commands that name structures: a user role file and explicit targets. */
export const roleOptionSpecs = {
  roles: { type: 'string' },
  targets: { type: 'string' },
} as const;

/** Reads --roles FILE and --targets A,B into assignRoles options; problems become issues. */
export async function readRoleOptions(args: ParsedArgs, io: CliIo): Promise<{ options: AssignRolesOptions; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  let overrides: AssignRolesOptions['overrides'];
  const rolesPath = args.values.roles;
  if (typeof rolesPath === 'string') {
    try {
      const parsed = parseRoleOverrides(await readFile(resolve(io.cwd, rolesPath), 'utf8'), rolesPath);
      issues.push(...parsed.issues);
      overrides = parsed.value;
    } catch (error) {
      issues.push(importIssue(rolesPath, 'not-found', `cannot read role file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`));
    }
  }
  const targetsText = args.values.targets;
  const targets = listOption(targetsText);
  return { options: { overrides, overridesSource: typeof rolesPath === 'string' ? rolesPath : undefined, targets }, issues };
}
