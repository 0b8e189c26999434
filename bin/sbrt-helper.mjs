#!/usr/bin/env node
// CLI launcher: runs the TypeScript entry through tsx so the checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli/runCli.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
