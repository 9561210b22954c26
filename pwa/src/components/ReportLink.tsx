import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { routeHref } from '../route.ts';
import type { StoreMeta } from '../data.tsx';
import { lastFullMonth, monthLabel, monthsWithData } from '../month.ts';

/** A month picker (the last full month by default) and the link to its print-ready report. */
export function ReportLink({ meta }: { meta: StoreMeta | null }): JSX.Element | null {
  const fallback = meta ? lastFullMonth(meta) : null;
  const [month, setMonth] = useState<string | null>(null);
  if (!meta || meta.empty || !fallback) return null;
  const months = monthsWithData(meta);
  const chosen = month ?? fallback;
  return (
    <div class="report-link no-print">
      <label>
        <span class="sr-only">Report month</span>
        <select
          aria-label="Report month"
          value={chosen}
          onChange={(e) => setMonth(e.currentTarget.value)}
        >
          {months.map((m) => (
            <option key={m} value={m}>
              {monthLabel(m)}
            </option>
          ))}
        </select>
      </label>
      <a
        class="btn small"
        href={routeHref({ screen: 'report', params: new URLSearchParams({ month: chosen }) })}
      >
        Monthly report
      </a>
    </div>
  );
}
