// Layering as lint rules (docs/decisions.md): src/ is runtime-free, renderer/ never touches Node or
// Electron, electron/main holds no math of its own.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'crypto', 'util', 'stream', 'process'];
const nodePatterns = ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-output/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodePatterns, message: 'src/ is pure: no Node built-ins (do file I/O in bin/ or electron/main).' },
          { group: ['electron', 'electron/*', 'three', 'three/*'], message: 'src/ is pure: no Electron, no rendering.' },
          { group: ['**/renderer/**', '**/electron/**', '**/bin/**'], message: 'src/ must not import outer layers.' },
        ],
      }],
      'no-restricted-globals': ['error', 'document', 'window', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodePatterns, 'electron', 'electron/*'], message: 'renderer/ runs in a sandboxed page: use the preload API.' },
          { group: ['**/electron/main/**', '**/bin/**'], message: 'renderer/ may import src/ and electron/shared types only.' },
        ],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**', '**/renderer/**'], message: 'preload exposes IPC only.' }] }],
    },
  },
  {
    files: ['bin/**/*.mjs', 'bin/**/*.js', 'eslint.config.js', '.ci/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
