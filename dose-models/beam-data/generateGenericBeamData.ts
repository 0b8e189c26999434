// Regenerates the generic beam data:  node bin/run-ts.mjs dose-models/beam-data/generateGenericBeamData.ts
// The model and every assumption live in src/dose/genericBeamModel.ts and src/dose/buildGenericBeamDataJson.ts;
// test/dose/genericBeamData.test.ts checks that the committed JSON equals what this script writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGenericBeamDataJson } from '../../src/dose/buildGenericBeamDataJson';
import { formatDataJson } from '../../src/dose/formatDataJson';

const target = fileURLToPath(new URL('./generic-6mv-fff-cones.json', import.meta.url));
writeFileSync(target, formatDataJson(buildGenericBeamDataJson()));
console.log(`wrote ${target}`);
