/** One line of a benchmark's result: a figure, the ceiling measured in the same run, and their ratio. */
export interface BenchLine {
  label: string;
  figure: number;
  ceiling: number;
  unit: string;
  ceilingLabel: string;
  /** The minimum ratio the benchmark aims for, when it has one. */
  target?: number;
  /** Lower is better (latencies): the ratio is then ceiling / figure. */
  lowerIsBetter?: boolean;
  notes?: string;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchLine[]>;
}

export function ratioOf(line: BenchLine): number {
  if (line.lowerIsBetter) return line.figure === 0 ? 0 : line.ceiling / line.figure;
  return line.ceiling === 0 ? 0 : line.figure / line.ceiling;
}
