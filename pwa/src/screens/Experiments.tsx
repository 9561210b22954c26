import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { go, routeHref, type Route } from '../route.ts';
import { useStore, useQuery, QueryError, errorMessage } from '../data.tsx';
import { api } from '../client.ts';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import {
  currencyDigits,
  formatDay,
  formatMoney,
  formatNumber,
  formatPercent,
} from '../../../core/ui/format.ts';
import { experimentSchema } from '../../../core/schema/index.ts';
import type { ExperimentListRow, VariantRow } from '../../../core/worker/queries.ts';
import type { Verdict, VariantComparison } from '../../../core/analytics/index.ts';

const verdictText: Record<Verdict, string> = {
  srm: 'Sample ratio mismatch',
  'stopped-early': 'Stopped early',
  'keep-running': 'Keep running',
  winner: 'Winner',
  loser: 'Variant is worse',
  'under-powered': 'Under-powered',
  'no-difference': 'No difference',
};
const verdictTone: Record<Verdict, string> = {
  srm: 'bad',
  'stopped-early': 'warn',
  'keep-running': '',
  winner: 'good',
  loser: 'bad',
  'under-powered': 'warn',
  'no-difference': '',
};

function VerdictPill({ verdict }: { verdict: Verdict }): JSX.Element {
  return <span class={`pill ${verdictTone[verdict]}`}>{verdictText[verdict]}</span>;
}

/** Experiments: the list with verdicts, a test's detail, the planning calculator and hand entry. */
export default function Experiments({ route }: { route: Route }): JSX.Element {
  if (route.detail) return <ExperimentDetail route={route} id={route.detail} />;
  return <ExperimentList route={route} />;
}

function ExperimentList({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const list = useQuery(
    store.meta && !store.meta.empty
      ? (a, signal) => a.call('experimentList', [], { signal })
      : null,
    [store.meta?.empty],
  );
  const cols: TableColumn<ExperimentListRow>[] = [
    {
      key: 'name',
      label: 'Test',
      value: (r) => r.name,
      render: (r) => (
        <a
          href={routeHref(
            { screen: 'experiments', detail: r.id, params: new URLSearchParams() },
            route,
          )}
          onClick={(e) => e.stopPropagation()}
          class="cell-wrap"
        >
          {r.name}
        </a>
      ),
    },
    {
      key: 'verdict',
      label: 'Verdict',
      value: (r) => verdictText[r.verdict],
      render: (r) => <VerdictPill verdict={r.verdict} />,
    },
    {
      key: 'startDate',
      label: 'Started',
      value: (r) => r.startDate,
      render: (r) => formatDay(r.startDate),
    },
    {
      key: 'endDate',
      label: 'Ended',
      value: (r) => r.endDate,
      render: (r) => (r.endDate ? formatDay(r.endDate) : 'running'),
    },
    { key: 'metric', label: 'Metric', value: (r) => r.metric },
    {
      key: 'visitors',
      label: 'Visitors',
      numeric: true,
      value: (r) => r.visitors,
      render: (r) => formatNumber(r.visitors),
    },
    {
      key: 'progress',
      label: 'Sample reached',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.progress,
      render: (r) =>
        formatPercent(r.progress == null ? null : Math.min(r.progress, 9.99), { digits: 0 }),
    },
  ];
  return (
    <div class="grid">
      {list.error ? <QueryError error={list.error} /> : null}
      <section class="card" aria-labelledby="exp-h">
        <h2 id="exp-h">A/B tests</h2>
        <Table
          currency={store.meta?.currency ?? 'USD'}
          caption="A/B tests"
          rows={list.data ?? []}
          columns={cols}
          exportName="experiments"
          rowKey={(r) => r.id}
          onRowClick={(r) =>
            go({ screen: 'experiments', detail: r.id, params: new URLSearchParams() })
          }
          empty={
            list.data
              ? 'No tests yet. Enter one by hand below, or import them with a bundle.'
              : 'Loading tests…'
          }
        />
      </section>
      <Calculator />
      <ManualEntry />
    </div>
  );
}

function ExperimentDetail({ route, id }: { route: Route; id: string }): JSX.Element {
  const store = useStore();
  const res = useQuery(
    store.meta && !store.meta.empty
      ? (a, signal) => a.call('experimentDetail', [id], { signal })
      : null,
    [id, store.meta?.empty],
  );
  const d = res.data;
  const back = routeHref(
    { screen: 'experiments', detail: null, params: new URLSearchParams() },
    route,
  );
  const cur = d?.experiment.currency ?? store.meta?.currency ?? 'USD';
  const control = d?.variants[0];
  const maxUpper = d
    ? Math.max(...d.variants.map((v) => (Number.isNaN(v.rate.upper) ? 0 : v.rate.upper)))
    : 1;
  const vCols: TableColumn<VariantRow>[] = [
    {
      key: 'name',
      label: 'Variant',
      value: (r) => r.name,
      render: (r) => (r === control && !/control/i.test(r.name) ? `${r.name} (control)` : r.name),
    },
    {
      key: 'visitors',
      label: 'Visitors',
      numeric: true,
      value: (r) => r.visitors,
      render: (r) => formatNumber(r.visitors),
    },
    {
      key: 'conversions',
      label: 'Conversions',
      numeric: true,
      value: (r) => r.conversions,
      render: (r) => formatNumber(r.conversions),
    },
    {
      key: 'rate',
      label: 'Conversion rate',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.rate.estimate,
      render: (r) => formatPercent(r.rate.estimate, { digits: 2 }),
    },
    {
      key: 'interval',
      label: '95% interval',
      value: (r) => `${(r.rate.lower * 100).toFixed(2)}% – ${(r.rate.upper * 100).toFixed(2)}%`,
      render: (r) => (
        <span class="interval">
          <span class="interval-track" aria-hidden="true">
            <span
              class="interval-range"
              style={{
                left: `${(r.rate.lower / maxUpper) * 100}%`,
                width: `${((r.rate.upper - r.rate.lower) / maxUpper) * 100}%`,
              }}
            />
            <span
              class="interval-point"
              style={{ left: `${(r.rate.estimate / maxUpper) * 100}%` }}
            />
          </span>
          {formatPercent(r.rate.lower, { digits: 2 })} –{' '}
          {formatPercent(r.rate.upper, { digits: 2 })}
        </span>
      ),
    },
    {
      key: 'rpv',
      label: 'Revenue per visitor',
      kind: 'money',
      numeric: true,
      value: (r) => r.revenuePerVisitor,
      render: (r) => formatMoney(r.revenuePerVisitor, cur),
    },
  ];
  const cCols: TableColumn<VariantComparison>[] = [
    { key: 'variant', label: 'Variant vs control', value: (r) => r.variant },
    {
      key: 'lift',
      label: 'Relative lift',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.test.relativeLift?.estimate ?? null,
      render: (r) => formatPercent(r.test.relativeLift?.estimate, { signed: true }),
    },
    {
      key: 'liftCi',
      label: 'Lift 95% CI',
      value: (r) =>
        r.test.relativeLift
          ? `${formatPercent(r.test.relativeLift.lower, { signed: true })} to ${formatPercent(r.test.relativeLift.upper, { signed: true })}`
          : null,
    },
    {
      key: 'abs',
      label: 'Absolute lift',
      numeric: true,
      value: (r) => r.test.absoluteLift.estimate,
      render: (r) => `${formatNumber(r.test.absoluteLift.estimate * 100, { digits: 2 })} pts`,
    },
    {
      key: 'p',
      label: 'p-value',
      numeric: true,
      value: (r) => r.test.pValue,
      render: (r) => (r.test.pValue < 0.0001 ? '< 0.0001' : r.test.pValue.toFixed(4)),
    },
    {
      key: 'beat',
      label: 'Chance to beat control',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.bayes.chanceToBeat,
      render: (r) => formatPercent(r.bayes.chanceToBeat),
    },
    {
      key: 'loss',
      label: 'Expected loss if chosen',
      numeric: true,
      value: (r) => r.bayes.expectedLoss,
      render: (r) => `${formatNumber(r.bayes.expectedLoss * 100, { digits: 3 })} pts`,
    },
    {
      key: 'rev',
      label: 'Revenue/visitor lift',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.revenue?.relativeLift ?? null,
      render: (r) =>
        r.revenue
          ? `${formatPercent(r.revenue.relativeLift, { signed: true })} (p ${r.revenue.pValue.toFixed(3)})`
          : '—',
    },
  ];
  const v = d?.verdict;
  return (
    <div class="grid">
      <p class="no-print">
        <a href={back}>← All tests</a>
      </p>
      {res.error ? <QueryError error={res.error} /> : null}
      <section class="card verdict" aria-labelledby="verdict-h">
        <div class="card-head">
          <h2 id="verdict-h">{d ? d.experiment.name : 'Loading the test…'}</h2>
          {v && <VerdictPill verdict={v.verdict} />}
        </div>
        <p class="verdict-text">{v ? v.headline : '\u00a0'}</p>
        {d && (
          <p class="muted small">
            {formatDay(d.experiment.startDate)} –{' '}
            {d.experiment.endDate ? formatDay(d.experiment.endDate) : 'running'} · metric:{' '}
            {d.experiment.metric === 'revenue' ? 'revenue per visitor' : 'conversion'}
            {v?.plannedPerVariant
              ? ` · planned ${formatNumber(v.plannedPerVariant)} visitors per variant`
              : ''}
            {v?.requiredPerVariant
              ? ` · ${formatNumber(v.requiredPerVariant)} needed to detect a 10% lift`
              : ''}
          </p>
        )}
      </section>
      {v?.srm.mismatch && (
        <div class="banner error" role="alert">
          Sample ratio mismatch: the visitors split{' '}
          {v.srm.observedShare.map((s) => formatPercent(s)).join(' / ')} where the plan expected{' '}
          {v.srm.expected.map((e) => formatNumber(e)).join(' / ')} visitors (χ² ={' '}
          {formatNumber(v.srm.chiSquare, { digits: 1 })}, p = {v.srm.pValue.toExponential(1)}).
          Check how visitors are assigned and tracked before reading any result.
        </div>
      )}
      <section class="card" aria-labelledby="variants-h">
        <h2 id="variants-h">Variants</h2>
        <p class="muted small">Conversion rate with a 95% Wilson interval.</p>
        <Table
          currency={cur}
          caption="Variants"
          rows={d?.variants ?? []}
          empty={d ? undefined : 'Loading the test…'}
          columns={vCols}
          exportName={`experiment-${id}-variants`}
          rowKey={(r) => r.name}
        />
      </section>
      <section class="card" aria-labelledby="cmp-h">
        <h2 id="cmp-h">Against control</h2>
        <p class="muted small">
          Two-proportion z-test (Bonferroni-corrected for several variants) with the relative lift's
          95% confidence interval; Bayesian chance to beat control and expected loss under Beta(1,
          1) priors; Welch t-test on revenue per visitor where revenue is known.
        </p>
        <Table
          currency={cur}
          caption="Comparisons against control"
          rows={v?.comparisons ?? []}
          empty={v ? undefined : 'Loading the test…'}
          columns={cCols}
          exportName={`experiment-${id}-comparisons`}
          rowKey={(r) => r.variant}
        />
      </section>
    </div>
  );
}

const alphas = [
  { v: 0.05, label: '95% (α = 0.05)' },
  { v: 0.1, label: '90% (α = 0.10)' },
  { v: 0.01, label: '99% (α = 0.01)' },
];
const powers = [
  { v: 0.8, label: '80%' },
  { v: 0.9, label: '90%' },
];

/** Planning a test: visitors per variant and days for a baseline rate and a minimum detectable lift. */
function Calculator(): JSX.Element {
  const [baseline, setBaseline] = useState('2.5');
  const [mde, setMde] = useState('10');
  const [alpha, setAlpha] = useState(0.05);
  const [power, setPower] = useState(0.8);
  const [variants, setVariants] = useState('2');
  const [daily, setDaily] = useState('2000');
  const input = {
    baselineRate: Number(baseline) / 100,
    minDetectableEffect: Number(mde) / 100,
    alpha,
    power,
    variants: Number(variants),
    dailyVisitors: Number(daily),
  };
  const valid =
    input.baselineRate > 0 &&
    input.baselineRate < 1 &&
    input.minDetectableEffect > 0 &&
    input.variants >= 2;
  const res = useQuery(valid ? (a, signal) => a.call('sampleSize', [input], { signal }) : null, [
    JSON.stringify(input),
  ]);
  const r = valid ? res.data : null;
  return (
    <section class="card" aria-labelledby="calc-h">
      <h2 id="calc-h">Plan a test</h2>
      <form class="form-grid" onSubmit={(e) => e.preventDefault()}>
        <label>
          Baseline conversion rate (%)
          <input
            type="number"
            min="0.01"
            max="99"
            step="0.01"
            value={baseline}
            onInput={(e) => setBaseline((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Smallest lift worth detecting (% relative)
          <input
            type="number"
            min="0.1"
            step="0.1"
            value={mde}
            onInput={(e) => setMde((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Confidence
          <select
            value={String(alpha)}
            onChange={(e) => setAlpha(Number((e.target as HTMLSelectElement).value))}
          >
            {alphas.map((a) => (
              <option key={a.v} value={String(a.v)}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Power
          <select
            value={String(power)}
            onChange={(e) => setPower(Number((e.target as HTMLSelectElement).value))}
          >
            {powers.map((p) => (
              <option key={p.v} value={String(p.v)}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Variants (incl. control)
          <input
            type="number"
            min="2"
            max="10"
            step="1"
            value={variants}
            onInput={(e) => setVariants((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Visitors per day entering the test
          <input
            type="number"
            min="1"
            step="1"
            value={daily}
            onInput={(e) => setDaily((e.target as HTMLInputElement).value)}
          />
        </label>
      </form>
      <div class="calc-result" role="status" aria-live="polite">
        {!valid ? (
          <span class="bad-text">Enter a baseline rate between 0 and 100% and a lift above 0.</span>
        ) : res.error ? (
          <span class="bad-text">{errorMessage(res.error)}</span>
        ) : r ? (
          <>
            <strong data-testid="sample-size">{formatNumber(r.perVariant)}</strong> visitors per
            variant ({formatNumber(r.total)} in all)
            {r.days != null && Number.isFinite(r.days)
              ? `, about ${formatNumber(r.days)} days`
              : ''}{' '}
            to detect {formatPercent(input.baselineRate, { digits: 2 })} →{' '}
            {formatPercent(r.expectedRate, { digits: 2 })}. Decide the sample before starting and
            read the result only when it is reached.
          </>
        ) : (
          '\u00a0'
        )}
      </div>
    </section>
  );
}

interface VariantDraft {
  name: string;
  visitors: string;
  conversions: string;
  revenue: string;
}

/** Enter a test's results by hand; validated with the experiment schema and saved on this device. */
function ManualEntry(): JSX.Element {
  const store = useStore();
  const [name, setName] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [metric, setMetric] = useState<'conversion' | 'revenue'>('conversion');
  const [planned, setPlanned] = useState('');
  const [variants, setVariants] = useState<VariantDraft[]>([
    { name: 'Control', visitors: '', conversions: '', revenue: '' },
    { name: 'Variant B', visitors: '', conversions: '', revenue: '' },
  ]);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const setV = (i: number, key: keyof VariantDraft, value: string) =>
    setVariants((vs) => vs.map((v, k) => (k === i ? { ...v, [key]: value } : v)));
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  // What each field needs, in words: zod's own messages ("expected number, received NaN") are not for managers.
  const fieldNeeds: Record<string, string> = {
    name: 'Name: give the test a name.',
    startDate: 'Start date: pick the day the test started.',
    endDate: 'End date: pick a day, or leave it empty while the test runs.',
    plannedVisitorsPerVariant:
      'Planned visitors per variant: a whole number of 0 or more, or leave it empty.',
    visitors: 'visitors must be a whole number of 0 or more',
    conversions: 'conversions must be a whole number of 0 or more',
    revenue: 'revenue must be an amount of 0 or more, or empty',
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    const candidate = {
      id: `manual-${Date.now().toString(36)}`,
      name: name.trim(),
      startDate: start,
      endDate: end || null,
      plannedVisitorsPerVariant: num(planned),
      metric,
      currency: store.meta?.currency,
      variants: variants.map((v) => ({
        name: v.name.trim(),
        visitors: num(v.visitors) ?? Number.NaN,
        conversions: num(v.conversions) ?? Number.NaN,
        revenue:
          v.revenue.trim() === ''
            ? null
            : Math.round(Number(v.revenue) * 10 ** currencyDigits(store.meta?.currency ?? 'USD')),
      })),
      updatedAt: Date.now(),
    };
    const parsed = experimentSchema.safeParse(candidate);
    const problems: string[] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [top, idx, field] = issue.path;
        if (top === 'variants' && typeof idx === 'number') {
          problems.push(
            field === 'name'
              ? `Variant ${idx + 1}: give it a name.`
              : `Variant ${idx + 1} (${candidate.variants[idx]?.name || 'unnamed'}): ${fieldNeeds[String(field)] ?? issue.message}.`,
          );
        } else problems.push(fieldNeeds[String(top)] ?? `${String(top)}: ${issue.message}`);
      }
    } else {
      parsed.data.variants.forEach((v, i) => {
        if (v.conversions > v.visitors)
          problems.push(
            `Variant ${i + 1} (${v.name}): conversions (${v.conversions}) cannot exceed visitors (${v.visitors}).`,
          );
      });
      if (parsed.data.endDate && parsed.data.endDate < parsed.data.startDate)
        problems.push('End date: the test cannot end before it starts.');
    }
    setErrors(problems);
    if (problems.length || !parsed.success) return;
    try {
      await api.call('saveExperiment', [parsed.data]);
      await store.refresh();
      setSaved(parsed.data.name);
      go({ screen: 'experiments', detail: parsed.data.id, params: new URLSearchParams() });
    } catch (err) {
      setErrors([`Could not save the test on this device: ${errorMessage(err)}`]);
    }
  };

  return (
    <section class="card" aria-labelledby="manual-h">
      <h2 id="manual-h">Enter a test by hand</h2>
      <p class="muted small">
        From your testing tool's report: visitors and conversions per variant, the control first.
        Revenue is optional (total per variant, in {store.meta?.currency ?? 'store currency'}).
      </p>
      <form class="grid" onSubmit={save} noValidate>
        <div class="form-grid">
          <label>
            Name
            <input
              type="text"
              required
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          </label>
          <label>
            Start date
            <input
              type="date"
              required
              value={start}
              onInput={(e) => setStart((e.target as HTMLInputElement).value)}
            />
          </label>
          <label>
            End date (empty while running)
            <input
              type="date"
              value={end}
              onInput={(e) => setEnd((e.target as HTMLInputElement).value)}
            />
          </label>
          <label>
            Metric
            <select
              value={metric}
              onChange={(e) =>
                setMetric((e.target as HTMLSelectElement).value as 'conversion' | 'revenue')
              }
            >
              <option value="conversion">Conversion</option>
              <option value="revenue">Revenue per visitor</option>
            </select>
          </label>
          <label>
            Planned visitors per variant (optional)
            <input
              type="number"
              min="0"
              step="1"
              value={planned}
              onInput={(e) => setPlanned((e.target as HTMLInputElement).value)}
            />
          </label>
        </div>
        <fieldset class="variants">
          <legend>Variants</legend>
          {variants.map((v, i) => (
            <div class="form-grid variant-row" key={i}>
              <label>
                Variant {i + 1} name
                <input
                  type="text"
                  value={v.name}
                  onInput={(e) => setV(i, 'name', (e.target as HTMLInputElement).value)}
                />
              </label>
              <label>
                Visitors
                <input
                  type="number"
                  min="0"
                  step="1"
                  value={v.visitors}
                  onInput={(e) => setV(i, 'visitors', (e.target as HTMLInputElement).value)}
                />
              </label>
              <label>
                Conversions
                <input
                  type="number"
                  min="0"
                  step="1"
                  value={v.conversions}
                  onInput={(e) => setV(i, 'conversions', (e.target as HTMLInputElement).value)}
                />
              </label>
              <label>
                Revenue (optional)
                <input
                  type="number"
                  min="0"
                  step="0.01"
                  value={v.revenue}
                  onInput={(e) => setV(i, 'revenue', (e.target as HTMLInputElement).value)}
                />
              </label>
            </div>
          ))}
          <div class="row-tools">
            <button
              type="button"
              class="btn small"
              onClick={() =>
                setVariants((vs) => [
                  ...vs,
                  {
                    name: `Variant ${String.fromCharCode(65 + vs.length)}`,
                    visitors: '',
                    conversions: '',
                    revenue: '',
                  },
                ])
              }
              disabled={variants.length >= 6}
            >
              Add a variant
            </button>
            {variants.length > 2 && (
              <button
                type="button"
                class="btn small"
                onClick={() => setVariants((vs) => vs.slice(0, -1))}
              >
                Remove the last variant
              </button>
            )}
          </div>
        </fieldset>
        {errors.length > 0 && (
          <div class="banner error" role="alert">
            <ul class="list">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        )}
        {saved && (
          <div class="banner" role="status">
            Saved “{saved}”.
          </div>
        )}
        <div>
          <button type="submit" class="btn primary">
            Save the test
          </button>
        </div>
      </form>
    </section>
  );
}
