import type { JSX } from 'preact';
import type { Route } from '../route.ts';
import { useQuery } from '../data.tsx';

/** The Overview's alerts: what needs the manager's attention today. */
export function OverviewExtras(_: { route: Route }): JSX.Element | null {
  const exps = useQuery((api, signal) => api.call('experiments', [{}], { signal }), []);
  const ready = (exps.data ?? []).filter((e) =>
    ['winner', 'loser', 'no-difference', 'srm'].includes(e.verdict.verdict),
  );
  const alerts: { key: string; text: string; href: string }[] = ready.map((e) => ({
    key: `exp-${e.id}`,
    text: `Experiment “${e.name}”: ${e.verdict.headline}`,
    href: `#/experiments/${encodeURIComponent(e.id)}`,
  }));
  if (!alerts.length) return null;
  return (
    <section class="card" aria-label="Alerts">
      <h2>Needs your attention</h2>
      <ul class="list">
        {alerts.map((a) => (
          <li key={a.key}>
            <a href={a.href}>{a.text}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
