// `npm run bench [name ...]`: runs the named benchmarks (all by default) and prints figure, ceiling, ratio.
import { ratioOf, type Benchmark, type BenchLine } from './lib/bench-types.js';
import { authInsertBenchmark } from './benchmarks/auth-insert.bench.js';
import { consumerScalingBenchmark } from './benchmarks/consumer-scaling.bench.js';
import { orderPlacementBenchmark } from './benchmarks/order-placement.bench.js';
import { eventsPipelineBenchmark } from './benchmarks/events-pipeline.bench.js';
import { flatGrowthBenchmark } from './benchmarks/flat-growth.bench.js';
import { menuReadBenchmark } from './benchmarks/menu-read.bench.js';
import { realtimeFanoutBenchmark } from './benchmarks/realtime-fanout.bench.js';
import { searchBenchmark } from './benchmarks/search.bench.js';
import { splitRushBenchmark } from './benchmarks/split-rush.bench.js';

const ALL: Benchmark[] = [
  authInsertBenchmark,
  consumerScalingBenchmark,
  eventsPipelineBenchmark,
  flatGrowthBenchmark,
  menuReadBenchmark,
  orderPlacementBenchmark,
  realtimeFanoutBenchmark,
  searchBenchmark,
  splitRushBenchmark,
];

function format(line: BenchLine): string {
  const ratio = ratioOf(line);
  const verdict =
    line.target === undefined
      ? ''
      : ratio >= line.target
        ? `  ok (target ${line.target})`
        : `  BELOW target ${line.target}`;
  return (
    `  ${line.label}: ${line.figure.toFixed(1)} ${line.unit}` +
    ` | ceiling (${line.ceilingLabel}): ${line.ceiling.toFixed(1)} ${line.unit}` +
    ` | ratio ${ratio.toFixed(2)}${verdict}${line.notes ? `  [${line.notes}]` : ''}`
  );
}

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !ALL.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${ALL.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length === 0 ? ALL : ALL.filter((b) => names.includes(b.name));
  let belowTarget = 0;
  for (const bench of chosen) {
    console.log(`\n${bench.name}: ${bench.description}`);
    const lines = await bench.run();
    for (const line of lines) {
      console.log(format(line));
      if (line.target !== undefined && ratioOf(line) < line.target) belowTarget += 1;
    }
  }
  console.log(
    belowTarget === 0 ? '\nall benchmarks at or above target' : `\n${belowTarget} figure(s) below target`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
