#!/usr/bin/env node
// The CLI is TypeScript that imports src/lib/spec directly; tsx loads it, so `npx agentspec`
// works right after `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
const { main, nodeIo } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2), nodeIo());
