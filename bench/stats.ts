/** Percentile of a list of samples (nearest-rank). */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (samples: number[]) => percentile(samples, 50);

export function fmtMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Prints one figure against its goal: `name: value (goal ≤ x) ok|over`. */
export function report(name: string, value: number, goal: number, unit: 'ms' | 'x' = 'ms'): void {
  const shown = unit === 'ms' ? fmtMs(value) : `${value.toFixed(3)}×`;
  const goalShown = unit === 'ms' ? fmtMs(goal) : `${goal}×`;
  console.log(`${name}: ${shown}  (goal ≤ ${goalShown}: ${value <= goal ? 'met' : 'NOT met'})`);
}
