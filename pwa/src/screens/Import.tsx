import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { proxy } from 'comlink';
import type { Route } from '../route.ts';
import { routeHref, setParam } from '../route.ts';
import { api } from '../client.ts';
import { storeDb } from '../db.ts';
import { getSettings } from '../../../core/db/store.ts';
import { errorMessage, useStore } from '../data.tsx';
import { isAbortError } from '../../../core/bridge/client.ts';
import { downloadFile } from '../../../core/ui/csv.ts';
import { formatDateTime, formatNumber, timeZones } from '../../../core/ui/format.ts';
import type {
  FilePreview,
  ImportHistoryEntry,
  ImportOptions,
  ImportProgress,
  ImportResult,
} from '../../../core/worker/import/index.ts';
import {
  DATE_FORMATS,
  ENTITY_LABELS,
  PICKABLE_FORMATS,
  TABLE_LABELS,
  entityOf,
  entityOfMapping,
  fieldLabel,
  formatLabel,
  guessDateFormat,
  sizeText,
  type Entity,
} from '../import/labels.ts';
import '../import/import.css';

/** One chosen file and what the user decided about it. */
interface Item {
  key: number;
  file: File;
  preview: FilePreview | null;
  /** Why this file cannot be imported as chosen (the worker's message). */
  error: string | null;
  /** Format picked instead of the detected one ('' = detected). */
  format: string;
  entity: Entity;
  mapping: Record<string, string>;
  dateFormat: string;
  mappingSaved: boolean;
  /** The currency of the file's amounts, typed by the user when the file has no currency column. */
  fileCurrency: string;
  /** Came through the share target (confirmed by the user): the card says so. */
  shared: boolean;
}

/** Files the share target kept, waiting for the user to say they shared them. */
interface SharedFiles {
  files: File[];
  /** The sending page's origin when it named one (only this app's own is let through). */
  from: string;
  at: number | null;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'importing'; progress: ImportProgress | null }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'bundle-done'; fileName: string; counts: BundleCounts; changes: string[] }
  | { kind: 'failed'; message: string; backup?: Uint8Array };

type BundleCounts = NonNullable<FilePreview['bundle']>['counts'];

const PREVIEW_CELL_CHARS = 48;
const REJECTED_SHOWN = 200;

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

let nextKey = 1;

function phaseText(p: ImportProgress): string {
  switch (p.phase) {
    case 'waiting':
      return "Waiting for the other tab's import to finish (this one starts right after it)";
    case 'reading':
      return `Reading ${p.fileName}${p.files > 1 ? ` (file ${p.fileIndex + 1} of ${p.files})` : ''}`;
    case 'merging':
      return 'Merging with the data already on this device';
    case 'saving':
      return 'Saving (all at once: an interrupted import changes nothing)';
  }
}

function clip(s: string): string {
  return s.length > PREVIEW_CELL_CHARS ? `${s.slice(0, PREVIEW_CELL_CHARS - 1)}…` : s;
}

/** Import: pick or drop export files, check the preview, import, see the result and the history. */
export default function ImportScreen({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const [items, setItems] = useState<Item[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [history, setHistory] = useState<ImportHistoryEntry[] | null>(null);
  const [historyMsg, setHistoryMsg] = useState<{ error: boolean; text: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [zone, setZone] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  // The privacy note says what this import will store: emails only when the user opted in.
  const [keepEmails, setKeepEmails] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const loadHistory = useCallback(async () => {
    try {
      setHistory(await api.call('importHistory', []));
    } catch (e) {
      setHistoryMsg({
        error: true,
        text: `The import history could not be read: ${errorMessage(e)}`,
      });
    }
  }, []);
  useEffect(() => void loadHistory(), [loadHistory, store.version]);
  useEffect(() => {
    void storeDb()
      .then(getSettings)
      .then((s) => setKeepEmails(s?.keepEmails === true))
      .catch(() => undefined);
  }, [store.version]);

  const update = (key: number, patch: Partial<Item>) =>
    setItems((list) => list.map((it) => (it.key === key ? { ...it, ...patch } : it)));

  const runPreview = async (item: Item, format: string) => {
    try {
      const preview = await api.call('previewFile', [item.file, format ? { format } : {}]);
      const patch: Partial<Item> = { preview, error: preview.problem, format };
      if (preview.format === 'generic') {
        const saved = preview.savedMapping;
        const mapping = saved?.mapping ?? preview.suggestedMapping ?? {};
        patch.mapping = mapping;
        patch.mappingSaved = !!saved;
        patch.entity = entityOfMapping(mapping);
        const dateCol =
          mapping['order.createdAt'] ?? mapping['traffic.date'] ?? mapping['spend.date'];
        const col = dateCol ? preview.header.indexOf(dateCol) : -1;
        patch.dateFormat =
          saved?.dateFormat ??
          (col >= 0 ? guessDateFormat(preview.rows.map((r) => r[col] ?? '')) : null) ??
          'YYYY-MM-DD';
      }
      update(item.key, patch);
    } catch (e) {
      update(item.key, { error: errorMessage(e), format });
    }
  };

  const addFiles = (files: FileList | File[] | null, viaShare = false) => {
    if (!files || files.length === 0) return;
    if (phase.kind !== 'importing') setPhase({ kind: 'idle' });
    const added: Item[] = [...files].map((file) => ({
      key: nextKey++,
      file,
      preview: null,
      error: null,
      format: '',
      entity: 'order',
      mapping: {},
      dateFormat: 'YYYY-MM-DD',
      mappingSaved: false,
      fileCurrency: '',
      shared: viaShare,
    }));
    setItems((list) => [
      ...list.filter((x) => !added.some((a) => a.file.name === x.file.name)),
      ...added,
    ]);
    for (const it of added) void runPreview(it, '');
  };

  // Files shared to the installed app (Android share sheet) wait in a cache: pick them up once.
  // Any website can post a file there too, so a shared file is never read until the user says
  // they shared it (the card below names where it came from).
  const shared = route.params.get('shared');
  const refusedFrom = route.params.get('share-refused');
  const [pendingShare, setPendingShare] = useState<SharedFiles | null>(null);
  const [refusedShare, setRefusedShare] = useState<string | null>(null);
  useEffect(() => {
    if (refusedFrom === null) return;
    setRefusedShare(refusedFrom || 'another website');
    setParam('share-refused', null);
  }, [refusedFrom]);
  useEffect(() => {
    if (!shared || !('caches' in globalThis)) return;
    void (async () => {
      const cache = await caches.open('storelens-shared');
      const files: File[] = [];
      let from = '';
      let at: number | null = null;
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        if (!res) continue;
        const name = decodeURIComponent(res.headers.get('x-file-name') ?? 'shared-file');
        from = decodeURIComponent(res.headers.get('x-shared-from') ?? '');
        at = Number(res.headers.get('x-shared-at')) || null;
        files.push(
          new File([await res.blob()], name, { type: res.headers.get('content-type') ?? '' }),
        );
        await cache.delete(req);
      }
      if (files.length > 0) setPendingShare({ files, from, at });
      setParam('shared', null);
    })();
    // Runs once per share.
  }, [shared]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    addFiles(e.dataTransfer?.files ?? null);
  };

  // A bundle brings its own store settings: only exports make this the store's first import.
  const firstImport = items.some(
    (it) => it.preview && it.preview.store === null && it.preview.format !== 'storelens-bundle',
  );
  const guessedZone = items.find((it) => it.preview?.timezone)?.preview?.timezone ?? browserZone;
  // Zones whose offsets fit the files' timestamps (+10/+11 → Australia/Sydney, Melbourne, …).
  const zoneCandidates = [...new Set(items.flatMap((it) => it.preview?.timezoneCandidates ?? []))];
  // Never assumed: with no currency in the files the field stays empty until the user types one.
  const guessedCurrency = items.find((it) => it.preview?.currency)?.preview?.currency ?? '';
  const storeZone = zone ?? guessedZone;
  const storeCurrency = (currency ?? guessedCurrency).toUpperCase();
  const needsCurrency = (it: Item) => it.preview?.needsCurrency === true;
  const fileCurrencyOf = (it: Item) =>
    (
      it.fileCurrency || (firstImport ? storeCurrency : (it.preview?.store?.currency ?? ''))
    ).toUpperCase();

  const missingRequired = (it: Item) =>
    (it.preview?.fields ?? [])
      .filter((f) => f.required && entityOf(f.field) === it.entity && !it.mapping[f.field])
      .map((f) => fieldLabel(f.field));
  const isBundle = (it: Item) => it.preview?.format === 'storelens-bundle';
  const bundleWithOthers = items.length > 1 && items.some(isBundle);
  const blocked = items.find(
    (it) =>
      !it.preview ||
      it.error !== null ||
      (it.preview.format === 'generic' && missingRequired(it).length > 0) ||
      (needsCurrency(it) && !/^[A-Z]{3}$/.test(fileCurrencyOf(it))),
  );
  const canImport =
    items.length > 0 &&
    !blocked &&
    !bundleWithOthers &&
    phase.kind !== 'importing' &&
    (!firstImport || /^[A-Z]{3}$/.test(storeCurrency));

  const importBundle = async (it: Item) => {
    setPhase({ kind: 'importing', progress: null });
    try {
      const bytes = new Uint8Array(await it.file.arrayBuffer());
      const res = await api.call('applyBundle', [bytes, it.file.name]);
      setItems([]);
      setPhase({
        kind: 'bundle-done',
        fileName: it.file.name,
        counts: res.counts,
        changes: res.changes,
      });
      await store.reload();
      void loadHistory();
    } catch (e) {
      setPhase({ kind: 'failed', message: `Nothing was imported: ${errorMessage(e)}` });
    }
  };

  const startImport = async () => {
    if (items.length === 1 && isBundle(items[0]!)) return importBundle(items[0]!);
    const opts: ImportOptions = {};
    for (const it of items) {
      const name = it.file.name;
      if (it.format) (opts.formats ??= {})[name] = it.format;
      if ((it.format || it.preview?.format) === 'generic') {
        // Only the chosen entity's fields: a mapping mixing entities is ambiguous.
        const mapping = Object.fromEntries(
          Object.entries(it.mapping).filter(([f, col]) => col && entityOf(f) === it.entity),
        );
        (opts.mappings ??= {})[name] = mapping;
        (opts.dateFormats ??= {})[name] = it.dateFormat;
      }
      if (needsCurrency(it)) (opts.fileCurrencies ??= {})[name] = fileCurrencyOf(it);
    }
    if (firstImport) {
      opts.timezone = storeZone;
      opts.currency = storeCurrency;
    }
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setPhase({ kind: 'importing', progress: null });
    // Progress travels on its own channel, so a last report can arrive after the result.
    let finished = false;
    const onProgress = proxy((p: ImportProgress) => {
      if (!finished && !ctrl.signal.aborted) setPhase({ kind: 'importing', progress: p });
    });
    try {
      const result = await api.call('importFiles', [items.map((it) => it.file), opts, onProgress], {
        signal: ctrl.signal,
      });
      finished = true;
      setItems([]);
      setPhase({ kind: 'done', result });
      await store.reload();
      void loadHistory();
    } catch (e) {
      finished = true;
      // A failed write the browser answers by deleting the stored data: a bundle of it to keep.
      const backup = (e as { backup?: unknown }).backup;
      setPhase({
        kind: 'failed',
        message: isAbortError(e)
          ? 'Import cancelled. Nothing was changed.'
          : `Nothing was imported: ${errorMessage(e)}`,
        ...(backup instanceof Uint8Array && { backup }),
      });
    } finally {
      abortRef.current = null;
    }
  };

  const undo = async (entry: ImportHistoryEntry) => {
    setHistoryMsg(null);
    try {
      await api.call('undoImport', [entry.id]);
      await store.reload();
      await loadHistory();
      setHistoryMsg({
        error: false,
        text: `Undone: the import of ${entry.files.map((f) => f.fileName).join(', ')} was removed and the data before it restored.`,
      });
      if (phase.kind === 'done' && phase.result.id === entry.id) setPhase({ kind: 'idle' });
    } catch (e) {
      setHistoryMsg({ error: true, text: `Could not undo: ${errorMessage(e)}` });
    }
  };

  const importing = phase.kind === 'importing';

  return (
    <div class="import grid">
      <section class="card" aria-labelledby="imp-choose">
        <h2 id="imp-choose">Choose your export files</h2>
        <div
          class={`dropzone${dragging ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>
            Drop CSV files here: Shopify orders, products or inventory, WooCommerce, GA4 reports,
            Google Ads or Meta Ads reports, any CSV with your orders, or a Storelens bundle from
            another device.
          </p>
          <input
            ref={inputRef}
            id="imp-files"
            class="file-input"
            type="file"
            multiple
            accept=".csv,.tsv,.txt,.json,.gz,.storelens,text/csv,text/plain,application/json"
            disabled={importing}
            onChange={(e) => {
              addFiles((e.target as HTMLInputElement).files);
              (e.target as HTMLInputElement).value = '';
            }}
          />
          <label for="imp-files" class="btn primary">
            Choose files…
          </label>
          <span class="muted small">
            Several files at once are imported together, all or nothing.
          </span>
        </div>
        {keepEmails ? (
          <p class="privacy" id="imp-privacy">
            <strong>
              You chose to keep emails (<a href={routeHref({ screen: 'settings' })}>Settings</a>):
              emails are stored on this device for segment exports.
            </strong>{' '}
            Names and addresses are not stored; customers are kept as a salted hash, so repeat
            buyers are still recognised. Everything stays on this device.
          </p>
        ) : (
          <p class="privacy" id="imp-privacy">
            <strong>Your customers' personal data stays out.</strong> Names, emails and addresses
            are not stored; customers are kept as a salted hash, so repeat buyers are still
            recognised. To export segments with emails, opt in under{' '}
            <a href={routeHref({ screen: 'settings' })}>Settings</a>. Everything stays on this
            device.
          </p>
        )}
      </section>

      {refusedShare && (
        <div class="banner error" role="alert" id="imp-share-refused">
          A page on {refusedShare} tried to send a file to Storelens. It was refused and nothing was
          kept. To import a file, share it from your phone's share menu or choose it here.
        </div>
      )}

      {pendingShare && (
        <section class="card imp-shared" aria-labelledby="imp-shared-title">
          <h2 id="imp-shared-title">
            {pendingShare.files.length === 1
              ? 'A file was shared to Storelens'
              : `${pendingShare.files.length} files were shared to Storelens`}
          </h2>
          <ul class="list">
            {pendingShare.files.map((f) => (
              <li key={f.name}>
                {f.name} <span class="muted small">{sizeText(f.size)}</span>
              </li>
            ))}
          </ul>
          <p>
            From:{' '}
            <strong>
              {pendingShare.from
                ? `this app (${pendingShare.from})`
                : "another app's share menu (Storelens cannot tell which app or website sent it)"}
            </strong>
            {pendingShare.at !== null && `, ${formatDateTime(pendingShare.at)}`}.
          </p>
          <p class="muted">
            Nothing has been read yet. Continue only if you shared{' '}
            {pendingShare.files.length === 1 ? 'this file' : 'these files'} yourself just now; a
            website can also send files here.
          </p>
          <div class="imp-actions">
            <button
              type="button"
              class="btn primary"
              onClick={() => {
                const files = pendingShare.files;
                setPendingShare(null);
                addFiles(files, true);
              }}
            >
              I shared {pendingShare.files.length === 1 ? 'it' : 'them'}: review before importing
            </button>
            <button type="button" class="btn" onClick={() => setPendingShare(null)}>
              Discard
            </button>
          </div>
        </section>
      )}

      {items.map((it) => (
        <FileCard
          key={it.key}
          item={it}
          disabled={importing}
          missing={missingRequired(it)}
          fileCurrency={needsCurrency(it) ? fileCurrencyOf(it) : null}
          onFormat={(format) => {
            update(it.key, { format, preview: null, error: null });
            void runPreview(it, format);
          }}
          onChange={(patch) => update(it.key, patch)}
          onRemove={() => setItems((list) => list.filter((x) => x.key !== it.key))}
        />
      ))}

      {items.length > 0 && firstImport && (
        <section class="card" aria-labelledby="imp-store">
          <h2 id="imp-store">Your store</h2>
          <p class="muted">
            This is the first import: Storelens reports days in the store's timezone and sums money
            in its currency. Check both before importing: they were read from your files where they
            say so; change them later under Settings.
          </p>
          {zoneCandidates.length > 0 && (
            <p class="muted small">
              The times in your files fit these timezones: {zoneCandidates.slice(0, 6).join(', ')}
              {zoneCandidates.length > 6 ? ` and ${zoneCandidates.length - 6} more` : ''}.
            </p>
          )}
          <div class="imp-fields">
            <label>
              Store timezone
              <select
                value={storeZone}
                onChange={(e) => setZone((e.target as HTMLSelectElement).value)}
              >
                {zoneCandidates.length > 0 && (
                  <optgroup label="Fit the times in your files">
                    {zoneCandidates.map((z) => (
                      <option key={`fit-${z}`} value={z}>
                        {z}
                      </option>
                    ))}
                  </optgroup>
                )}
                <optgroup label="All timezones">
                  {(timeZones().includes(storeZone) ? timeZones() : [storeZone, ...timeZones()])
                    .filter((z) => !zoneCandidates.includes(z))
                    .map((z) => (
                      <option key={z} value={z}>
                        {z}
                      </option>
                    ))}
                </optgroup>
              </select>
            </label>
            <label>
              Reporting currency
              <input
                value={storeCurrency}
                maxLength={3}
                size={5}
                pattern="[A-Za-z]{3}"
                placeholder="e.g. EUR"
                aria-invalid={!/^[A-Z]{3}$/.test(storeCurrency)}
                aria-describedby={storeCurrency === '' ? 'imp-currency-why' : undefined}
                onInput={(e) => setCurrency((e.target as HTMLInputElement).value)}
              />
              {!/^[A-Z]{3}$/.test(storeCurrency) && (
                <span id="imp-currency-why" class="muted small">
                  Your files do not say their currency: type its 3-letter code (USD, EUR, GBP, …).
                </span>
              )}
            </label>
          </div>
        </section>
      )}

      {items.length > 0 && (
        <div class="imp-actions">
          <button
            type="button"
            class="btn primary"
            disabled={!canImport}
            onClick={() => void startImport()}
          >
            Import {items.length} file{items.length === 1 ? '' : 's'}
          </button>
          {bundleWithOthers && !importing && (
            <span class="muted">
              A Storelens bundle is imported on its own: remove the other files, or import them
              first.
            </span>
          )}
          {blocked && !importing && (
            <span class="muted">
              {!blocked.preview && !blocked.error
                ? `Reading ${blocked.file.name}…`
                : `${blocked.file.name}: ${blocked.error ?? 'map the required columns first.'}`}
            </span>
          )}
        </div>
      )}

      {phase.kind === 'importing' && (
        <section class="card" aria-labelledby="imp-progress" aria-busy="true">
          <h2 id="imp-progress">Importing…</h2>
          <progress
            class="progress"
            max={phase.progress?.totalBytes || 1}
            value={phase.progress?.bytes ?? 0}
            aria-label="Import progress"
          />
          <p role="status" class="imp-rate">
            {phase.progress?.phase === 'waiting'
              ? phaseText(phase.progress)
              : phase.progress
                ? `${phaseText(phase.progress)} · ${formatNumber(phase.progress.rows)} rows · ${formatNumber(phase.progress.rowsPerSecond)} rows/s · ${sizeText(phase.progress.bytes)} of ${sizeText(phase.progress.totalBytes)}`
                : 'Starting…'}
          </p>
          <button type="button" class="btn danger" onClick={() => abortRef.current?.abort()}>
            Cancel
          </button>
        </section>
      )}

      {phase.kind === 'failed' && (
        <div class="banner error" role="alert">
          {phase.message}
          {phase.backup && (
            <p>
              <button
                type="button"
                class="btn"
                onClick={() =>
                  downloadFile(
                    `storelens-backup-${new Date().toISOString().slice(0, 10)}.storelens`,
                    phase.backup as Uint8Array<ArrayBuffer>,
                    'application/gzip',
                  )
                }
              >
                Download the backup of your data
              </button>
            </p>
          )}
        </div>
      )}

      {phase.kind === 'done' && <ResultCard result={phase.result} />}

      {phase.kind === 'bundle-done' && (
        <section class="card" aria-labelledby="imp-result">
          <h2 id="imp-result">Imported</h2>
          <p role="status">
            {phase.fileName} was merged with the data on this device:{' '}
            {bundleCountsText(phase.counts) ||
              (phase.changes.length ? '' : 'nothing in it was new.')}
            {phase.changes.length > 0 && ` Store settings changed: ${phase.changes.join('; ')}.`}
          </p>
        </section>
      )}

      <section class="card" aria-labelledby="imp-history">
        <h2 id="imp-history">Import history</h2>
        {historyMsg && (
          <div
            class={`banner${historyMsg.error ? ' error' : ''}`}
            role={historyMsg.error ? 'alert' : 'status'}
          >
            {historyMsg.text}
          </div>
        )}
        {history === null ? (
          <p class="muted">Loading…</p>
        ) : history.length === 0 ? (
          <p class="muted">Nothing imported yet.</p>
        ) : (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Import history table">
            <table>
              <caption class="sr-only">Imports on this device, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Files</th>
                  <th scope="col">Rows stored</th>
                  <th scope="col" class="num">
                    Rejected
                  </th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <td>{formatDateTime(h.at)}</td>
                    <td class="wrap">
                      {h.source === 'demo'
                        ? 'Demo store'
                        : h.files.map((f) => (
                            <div key={f.fileName}>
                              {f.fileName} <span class="muted">· {formatLabel(f.format)}</span>
                            </div>
                          ))}
                    </td>
                    <td class="wrap">
                      {Object.entries(h.tables)
                        .filter(([, v]) => v)
                        .map(
                          ([t, v]) => `${formatNumber(v)} ${(TABLE_LABELS[t] ?? t).toLowerCase()}`,
                        )
                        .join(', ')}
                    </td>
                    <td class="num">{formatNumber(h.rejected)}</td>
                    <td>
                      {h.undoneAt !== null ? (
                        <span class="pill">Undone {formatDateTime(h.undoneAt)}</span>
                      ) : h.undoable ? (
                        <button
                          type="button"
                          class="btn small"
                          disabled={importing}
                          aria-label={`Undo the import of ${h.files.map((f) => f.fileName).join(', ')}`}
                          onClick={() => void undo(h)}
                        >
                          Undo
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="muted small">Only the latest import can be undone.</p>
      </section>
    </div>
  );
}

function FileCard(p: {
  item: Item;
  disabled: boolean;
  missing: string[];
  /** The currency the file's amounts are read in, when it has no currency column (else null). */
  fileCurrency: string | null;
  onFormat: (format: string) => void;
  onChange: (patch: Partial<Item>) => void;
  onRemove: () => void;
}): JSX.Element {
  const { item, disabled } = p;
  const pv = item.preview;
  const id = `imp-file-${item.key}`;
  const format = item.format || pv?.format || '';
  return (
    <section class="card imp-file" aria-labelledby={id}>
      <div class="card-head">
        <h2 id={id}>
          {item.file.name} <span class="muted small">{sizeText(item.file.size)}</span>
          {item.shared && <span class="pill">Shared to Storelens</span>}
        </h2>
        <button type="button" class="btn small" disabled={disabled} onClick={p.onRemove}>
          Remove
        </button>
      </div>
      <div class="imp-fields">
        <label>
          Format
          <select
            value={item.format}
            disabled={disabled}
            onChange={(e) => p.onFormat((e.target as HTMLSelectElement).value)}
          >
            <option value="">
              {pv && !item.format
                ? `Detected: ${formatLabel(pv.format)}`
                : 'Detect from the header'}
            </option>
            {PICKABLE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {formatLabel(f)}
              </option>
            ))}
          </select>
        </label>
        {pv && (
          <p class="muted small imp-facts">
            <span class="pill good">{formatLabel(pv.format)}</span>{' '}
            {pv.confidence < 1 &&
              !item.format &&
              pv.format !== 'generic' &&
              `${Math.round(pv.confidence * 100)}% sure · `}
            {pv.encoding && `${pv.encoding.toUpperCase()} · `}
            {pv.delimiter &&
              `${pv.delimiter === '\t' ? 'tab' : pv.delimiter === ';' ? 'semicolon' : 'comma'}-separated · `}
            {pv.header.length} columns
          </p>
        )}
      </div>
      {p.fileCurrency !== null && (
        <div class="imp-fields">
          <label>
            Currency of this file's amounts
            <input
              value={p.fileCurrency}
              maxLength={3}
              size={5}
              pattern="[A-Za-z]{3}"
              placeholder="e.g. AUD"
              disabled={disabled}
              aria-invalid={!/^[A-Z]{3}$/.test(p.fileCurrency)}
              onInput={(e) => p.onChange({ fileCurrency: (e.target as HTMLInputElement).value })}
            />
          </label>
          <p class="muted small">
            This file has no Currency column (a report with some of the export's columns): check the
            currency its amounts are in before importing.
          </p>
        </div>
      )}
      {!pv && !item.error && <p class="muted">Reading the first rows…</p>}
      {item.error && (
        <div class="banner error" role="alert">
          {item.error}
        </div>
      )}
      {pv?.bundle && (
        <p class="imp-bundle">
          A Storelens bundle from the Storelens{' '}
          {pv.bundle.source.app === 'pwa' ? 'app' : 'extension'}
          {pv.bundle.source.label ? ` (${pv.bundle.source.label})` : ''}, made{' '}
          {formatDateTime(pv.bundle.createdAt)}. Importing merges it with the data on this device:{' '}
          {bundleTablesText(pv.bundle.tables)}
          {bundleCountsText(pv.bundle.counts) ||
            (pv.bundle.noop ? 'everything in it is already here.' : '')}
        </p>
      )}
      {pv?.bundle?.replacesDemo && (
        <p class="banner imp-bundle-demo">
          This device holds the demo store: importing replaces it with the bundle's store data (undo
          brings the demo back).
        </p>
      )}
      {pv?.bundle && pv.bundle.changes.length > 0 && (
        <div class="banner imp-bundle-settings" role="status">
          <p>Importing changes these store settings on this device:</p>
          <ul class="list">
            {pv.bundle.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
      {pv?.warnings.map((w) => (
        <p key={w} class="banner">
          {w}
        </p>
      ))}
      {pv && pv.notStored.length > 0 && (
        <NotStoredTable
          id={`${id}-not-stored`}
          title={`${formatNumber(pv.notStored.length)} ${pv.notStored.length === 1 ? 'row' : 'rows'} of ${item.file.name} will not be stored`}
          rows={pv.notStored.map((e) => ({ ...e, fileName: item.file.name }))}
        />
      )}
      {pv && pv.header.length > 0 && (
        <div
          class="table-scroll imp-preview"
          tabIndex={0}
          role="region"
          aria-label={`First rows of ${item.file.name}`}
        >
          <table>
            <caption class="sr-only">First rows of {item.file.name}</caption>
            <thead>
              <tr>
                {pv.header.map((h, i) => (
                  <th key={i} scope="col">
                    {clip(h)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pv.rows.map((r, i) => (
                <tr key={i}>
                  {pv.header.map((_, j) => (
                    <td key={j} title={(r[j] ?? '').length > PREVIEW_CELL_CHARS ? r[j] : undefined}>
                      {clip(r[j] ?? '')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pv && format === 'generic' && pv.fields && (
        <MappingStep
          item={item}
          fields={pv.fields}
          header={pv.header}
          disabled={disabled}
          missing={p.missing}
          onChange={p.onChange}
        />
      )}
    </section>
  );
}

function MappingStep(p: {
  item: Item;
  fields: { field: string; required: boolean }[];
  header: string[];
  disabled: boolean;
  missing: string[];
  onChange: (patch: Partial<Item>) => void;
}): JSX.Element {
  const { item } = p;
  const fields = p.fields.filter((f) => entityOf(f.field) === item.entity);
  const usesDates = fields.some((f) => /\.(createdAt|date|cancelledAt)$/.test(f.field));
  return (
    <fieldset class="imp-mapping" disabled={p.disabled}>
      <legend>Which column holds what?</legend>
      {item.mappingSaved && (
        <p class="muted small">Using the mapping you confirmed for files with these columns.</p>
      )}
      <div class="imp-fields">
        <label>
          The rows are
          <select
            value={item.entity}
            onChange={(e) =>
              p.onChange({ entity: (e.target as HTMLSelectElement).value as Entity })
            }
          >
            {(Object.keys(ENTITY_LABELS) as Entity[]).map((e) => (
              <option key={e} value={e}>
                {ENTITY_LABELS[e]}
              </option>
            ))}
          </select>
        </label>
        {usesDates && (
          <label>
            Date format
            <select
              value={item.dateFormat}
              onChange={(e) => p.onChange({ dateFormat: (e.target as HTMLSelectElement).value })}
            >
              {DATE_FORMATS.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div class="imp-map-grid">
        {fields.map((f) => (
          <label key={f.field}>
            <span>
              {fieldLabel(f.field)}
              {f.required && <span aria-hidden="true"> *</span>}
              {f.required && <span class="sr-only"> (required)</span>}
            </span>
            <select
              value={item.mapping[f.field] ?? ''}
              onChange={(e) => {
                const col = (e.target as HTMLSelectElement).value;
                const mapping = { ...item.mapping };
                if (col) mapping[f.field] = col;
                else delete mapping[f.field];
                p.onChange({ mapping, mappingSaved: false });
              }}
            >
              <option value="">— not in this file —</option>
              {p.header.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {p.missing.length > 0 && (
        <p class="imp-missing" role="status">
          Required: {p.missing.join(', ')}.
        </p>
      )}
    </fieldset>
  );
}

function ResultCard({ result }: { result: ImportResult }): JSX.Element {
  const rows = result.files.reduce((a, f) => a + f.rows - f.rejected - f.skipped, 0);
  return (
    <section class="card" aria-labelledby="imp-result">
      <h2 id="imp-result">Imported</h2>
      <p role="status">
        {formatNumber(rows)} rows from {result.files.length} file
        {result.files.length === 1 ? '' : 's'} in {formatNumber(result.ms / 1000, { digits: 1 })} s
        {result.rejected > 0
          ? `; ${formatNumber(result.rejected)} ${result.rejected === 1 ? 'row was' : 'rows were'} rejected`
          : ''}
        {result.skipped.length > 0
          ? `; ${formatNumber(result.skipped.length)} ${result.skipped.length === 1 ? 'row was' : 'rows were'} not stored (see why below).`
          : '.'}
        {result.replacedDemo && ' The demo store was replaced by your data.'}
        {result.settingsCreated &&
          ` Store timezone ${result.settingsCreated.timezone}, reporting currency ${result.settingsCreated.currency}.`}
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Rows imported per table">
        <table class="imp-counts">
          <caption class="sr-only">Rows imported per table</caption>
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col" class="num">
                In the files
              </th>
              <th scope="col" class="num">
                New
              </th>
              <th scope="col" class="num">
                Updated
              </th>
              <th scope="col" class="num">
                Stored now
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(result.tables).map(([t, c]) => (
              <tr key={t}>
                <th scope="row">{TABLE_LABELS[t] ?? t}</th>
                <td class="num">{formatNumber(c.incoming)}</td>
                <td class="num">{formatNumber(c.added)}</td>
                <td class="num">{formatNumber(c.updated)}</td>
                <td class="num">{formatNumber(c.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.notes.length > 0 && (
        <ul class="list imp-notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {result.skipped.length > 0 && (
        <NotStoredTable
          id="imp-skipped"
          title={`${formatNumber(result.skipped.length)} ${result.skipped.length === 1 ? 'row was' : 'rows were'} read but not stored`}
          rows={result.skipped.map((e) => ({ ...e, skipped: true }))}
          download={
            result.rejected > 0
              ? null
              : {
                  file: 'rows-not-stored.csv',
                  label: 'Download rows not stored (CSV)',
                  csv: result.rejectedCsv,
                }
          }
        />
      )}
      {result.rejected > 0 && (
        <NotStoredTable
          id="imp-rejected"
          title="Rejected rows"
          why="Problem"
          rows={result.errors.map((e) => ({ ...e, skipped: false }))}
          download={{
            file: 'rejected-rows.csv',
            label: 'Download rejected rows (CSV)',
            csv: result.rejectedCsv,
          }}
          total={result.rejected}
          more={result.rejected > result.errors.length ? ' (it lists up to 10,000 per file)' : ''}
        />
      )}
      <p>
        <a href={routeHref({ screen: 'overview' })}>See the Overview</a>
      </p>
    </section>
  );
}

/**
 * Rows that are not stored, each with file, row, column and why: in a file's preview (rejected
 * and skipped, each said), and in the result (skipped rows; rejected rows, with the CSV to fix).
 */
function NotStoredTable(p: {
  id: string;
  title: string;
  rows: { fileName: string; row: number; column?: string; message: string; skipped: boolean }[];
  /** The rows as a CSV, offered when no other table on screen offers it. */
  download?: { file: string; label: string; csv: string } | null;
  /** The last column's heading: "Why" (the default; each row says skipped or rejected) or "Problem" (rejected rows only). */
  why?: 'Why' | 'Problem';
  /** How many rows there are in all, when `rows` holds only the first of them. */
  total?: number;
  /** Said after "N more in the CSV". */
  more?: string;
}): JSX.Element {
  const shown = p.rows.slice(0, REJECTED_SHOWN);
  const why = p.why ?? 'Why';
  const total = p.total ?? p.rows.length;
  return (
    <div class="imp-not-stored">
      <div class="card-head imp-rejected-head">
        <h3 id={p.id}>{p.title}</h3>
        {p.download && (
          <button
            type="button"
            class="btn small"
            onClick={() => downloadFile(p.download!.file, p.download!.csv)}
          >
            {p.download.label}
          </button>
        )}
      </div>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={p.id}>
        <table>
          <caption class="sr-only">
            {p.title}: file, row, column and {why === 'Why' ? 'why' : 'what to fix'}
          </caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" class="num">
                Row
              </th>
              <th scope="col">Column</th>
              <th scope="col">{why}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e, i) => (
              <tr key={i}>
                <td>{e.fileName}</td>
                <td class="num">{e.row}</td>
                <td>{e.column ?? '—'}</td>
                <td class="wrap">
                  {why === 'Why' && (e.skipped ? 'Skipped: ' : 'Rejected: ')}
                  {e.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > shown.length && (
        <p class="muted small">
          {formatNumber(total - shown.length)} more in the CSV{p.more ?? ''}.
        </p>
      )}
    </div>
  );
}

/** "12 orders, 30 order lines; " for the fact-table rows a bundle carries. */
function bundleTablesText(tables: Partial<Record<string, number>>): string {
  const parts = Object.entries(tables)
    .filter(([, n]) => n)
    .map(([t, n]) => `${formatNumber(n)} ${(TABLE_LABELS[t] ?? t).toLowerCase()} rows`);
  return parts.length ? `${parts.join(', ')}; ` : '';
}

/** "products: 3 new, 1 updated; targets: 1 new" for what a bundle changes per entity. */
function bundleCountsText(counts: BundleCounts): string {
  return (
    Object.entries(counts)
      // Settings are said field by field ("store timezone … → …"), not as a count.
      .filter(([entity, c]) => entity !== 'settings' && c && c.added + c.updated + c.deleted > 0)
      .map(([entity, c]) => {
        const bits = [
          c!.added && `${formatNumber(c!.added)} new`,
          c!.updated && `${formatNumber(c!.updated)} updated`,
          c!.deleted && `${formatNumber(c!.deleted)} deleted`,
        ].filter(Boolean);
        return `${entity.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${bits.join(', ')}`;
      })
      .join('; ')
  );
}
