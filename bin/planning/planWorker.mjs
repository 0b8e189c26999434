// Worker entry of planNodulesInWorkers: runs the TypeScript worker body through tsx (no build step), like doseWorker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./planWorkerMain.ts');
