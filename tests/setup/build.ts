// Global setup of the `app` project: a PostgreSQL cluster (for API tests on both databases)
// and a production build of the editor, rebuilt only when sources changed since the last one.
import type { TestProject } from 'vitest/node';
import { ensureBuild } from '../helpers/build';
import startPostgres from './postgres';

export default async function setup(project: TestProject) {
  const stopPostgres = await startPostgres(project);
  ensureBuild();
  return stopPostgres;
}
