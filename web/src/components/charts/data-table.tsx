import { shownOf, type Datum } from './describe';

/** The chart's numbers as a table only screen readers see (the picture says the same to sighted people). */
export function DataTable({
  caption,
  head,
  data,
}: {
  caption: string;
  head: [string, string];
  data: Datum[];
}) {
  return (
    // The wrapper hides it: a table grows to its content whatever size it is given.
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d, i) => (
            <tr key={`${d.label}-${i}`}>
              <th scope="row">{d.label}</th>
              <td>{shownOf(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
