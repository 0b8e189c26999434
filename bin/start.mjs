#!/usr/bin/env node
// `npm start`: opens the desktop app where Electron and the app build exist; until the app issue lands
// (or where Electron's binary could not be installed) it runs the CLI on the built-in demo thorax.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const appEntry = new URL('../electron/main/main.ts', import.meta.url);

function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const electron = existsSync(appEntry) ? electronBinary() : undefined;
if (electron) {
  const result = spawnSync(electron, ['.'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
console.log(existsSync(appEntry)
  ? 'Electron is not installed here (its binary could not be downloaded); running the CLI demo instead.\n'
  : 'The desktop app is not built yet; running the CLI on the built-in demo thorax.\n');
const cli = spawnSync(process.execPath, [fileURLToPath(new URL('./sbrt-helper.mjs', import.meta.url)), 'plan', '--demo'], { cwd: root, stdio: 'inherit' });
process.exit(cli.status ?? 1);
