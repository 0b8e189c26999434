// Worker entry of the dose worker pool: runs the TypeScript worker body through tsx (no build step), like sbrt-helper.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./doseWorkerMain.ts');
