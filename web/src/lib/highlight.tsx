import { parseMarks } from './marks';

/** The highlighted text, matched words in <mark>. */
export function Highlighted({ html }: { html: string }) {
  return <>{parseMarks(html).map((run, i) => (run.marked ? <mark key={i}>{run.text}</mark> : run.text))}</>;
}
