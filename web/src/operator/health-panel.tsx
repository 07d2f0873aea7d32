import { operations } from '../api/endpoints';
import { ErrorMessage } from '../components/error-message';
import { useAsync } from '../lib/use-async';
import { usePolling } from '../lib/use-polling';

/** What /ready reports: each dependency's check, and its error when it is down. */
export function HealthPanel() {
  const report = useAsync(() => operations.readiness(), []);
  usePolling(report.reload, 5000, true);
  const data = report.data;
  return (
    <section className="card" aria-label="Health">
      <h2>
        Health{' '}
        {data ? <span className={data.status === 'UP' ? 'badge ok' : 'badge off'}>{data.status}</span> : null}
      </h2>
      <ErrorMessage error={report.error} />
      {data ? (
        <table>
          <tbody>
            {Object.entries(data.checks).map(([name, state]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>
                  <span className={state === 'UP' ? 'badge ok' : 'badge off'}>{state}</span>
                  {data.errors?.[name] ? <span className="muted"> {data.errors[name]}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
