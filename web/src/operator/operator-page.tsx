import { AnalyticsPanel } from './analytics-panel';
import { DeadLetterPanel } from './dead-letter-panel';
import { HealthPanel } from './health-panel';

export function OperatorPage() {
  return (
    <section>
      <h1>Operations</h1>
      <div className="dashboard">
        <AnalyticsPanel />
        <div className="stack">
          <HealthPanel />
          <DeadLetterPanel />
        </div>
      </div>
    </section>
  );
}
