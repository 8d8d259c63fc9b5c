import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) };

// Three projects so a quick run of pure modules never pays for Postgres or a browser:
//  unit — pure modules, CLI, runtime (own fakes, no database)
//  db   — services and API against PGlite and a real PostgreSQL started by tests/setup/postgres.ts
//  app  — the built app (node build): HTTP API tests on both databases, and browser tests
//         driven by playwright-core + apt chromium
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 240_000,
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['src/lib/spec/**/*.test.ts', 'src/lib/mcp/**/*.test.ts', 'src/lib/flow/**/*.test.ts', 'src/lib/test-call/**/*.test.ts', 'runtime/**/*.test.ts', 'bin/**/*.test.ts'],
          testTimeout: 30_000
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'db',
          include: ['src/lib/server/**/*.test.ts'],
          globalSetup: ['tests/setup/postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'app',
          include: ['tests/api/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/build.ts'],
          testTimeout: 90_000,
          hookTimeout: 240_000,
          fileParallelism: false
        }
      }
    ]
  }
});
