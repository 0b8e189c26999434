import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { importIssue, type ImportIssue } from '../../src/io/ImportIssue';

export interface InputFile {
  /** Path as shown to the user (relative to the working directory when inside it). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Reads files and (recursively) the files in folders; unreadable paths become issues, the rest still load. */
export async function readInputFiles(paths: readonly string[], cwd: string): Promise<{ files: InputFile[]; issues: ImportIssue[] }> {
  const files: InputFile[] = [];
  const issues: ImportIssue[] = [];
  const display = (path: string) => {
    const rel = relative(cwd, path);
    return rel.startsWith('..') && rel.split('/').filter((p) => p === '..').length > 3 ? path : rel || path;
  };
  async function visit(path: string): Promise<void> {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      issues.push(importIssue(display(path), 'not-found', `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`));
      return;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path)).filter((entry) => !entry.startsWith('.')).sort();
      for (const entry of entries) await visit(join(path, entry));
      return;
    }
    try {
      files.push({ name: display(path), bytes: new Uint8Array(await readFile(path)) });
    } catch (error) {
      issues.push(importIssue(display(path), 'unreadable', `cannot read: ${(error as Error).message}`));
    }
  }
  for (const path of paths) await visit(resolve(cwd, path));
  return { files, issues };
}

/** Reads one file; throws nothing, returns an issue instead. */
export async function readInputFile(path: string, cwd: string): Promise<{ file?: InputFile; issues: ImportIssue[] }> {
  const { files, issues } = await readInputFiles([path], cwd);
  return { file: files[0], issues };
}
