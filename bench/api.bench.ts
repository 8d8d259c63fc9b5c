// 50 concurrent draft saves and 50 concurrent loads through the HTTP API of the built editor
// on PGlite (goal: p95 ≤ 50 ms, 0 errors).
import { ApiClient, startApp } from '../tests/helpers/app';
import { ensureBuild } from '../tests/helpers/build';
import { PIZZA, withPrompt } from '../tests/fixtures/specs';
import { fmtMs, percentile, report } from './stats';

const CONCURRENCY = 50;
const ROUNDS = 5;

export async function run(): Promise<void> {
  ensureBuild();
  const app = await startApp();
  try {
    const client = await new ApiClient(app.url).signup('bench@example.com');
    const ids: string[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const { body } = await client.json('POST', '/api/agents', { yaml: PIZZA.replace('pizza-order', `bench-${i}`) });
      ids.push(body.agent.id);
    }
    const saves: number[] = [];
    const loads: number[] = [];
    let errors = 0;
    const timed = async (samples: number[], fn: () => Promise<Response>) => {
      const t = performance.now();
      const res = await fn();
      await res.arrayBuffer();
      samples.push(performance.now() - t);
      if (!res.ok) errors++;
    };
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        ids.map((id, i) =>
          timed(saves, () => client.call('PUT', `/api/agents/${id}/draft`, withPrompt(PIZZA.replace('pizza-order', `bench-${i}`), `Round ${round} for {{shop}}.`)))
        )
      );
      await Promise.all(ids.map((id) => timed(loads, () => client.call('GET', `/api/agents/${id}/draft`))));
    }
    console.log(`${CONCURRENCY} concurrent requests × ${ROUNDS} rounds on PGlite over HTTP; errors: ${errors}`);
    console.log(`saves: p50 ${fmtMs(percentile(saves, 50))}, loads: p50 ${fmtMs(percentile(loads, 50))}`);
    report('draft save p95', percentile(saves, 95), 50);
    report('draft load p95', percentile(loads, 95), 50);
  } finally {
    await app.stop();
  }
}
