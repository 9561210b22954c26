import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';

export interface Explanation {
  title: string;
  formula: string;
  value: string;
  filters: string;
  rows?: { label: string; value: string }[];
  more?: ComponentChildren;
}

/** "Explain this number": the formula in words, the filters in force and the figures behind it. */
export function ExplainDialog({
  explain,
  onClose,
}: {
  explain: Explanation | null;
  onClose: () => void;
}): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (explain && !d.open) d.showModal();
    if (!explain && d.open) d.close();
  }, [explain]);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="explain-title">
      {explain && (
        <div class="grid">
          <h2 id="explain-title">
            {explain.title}: {explain.value}
          </h2>
          <p>{explain.formula}</p>
          <p class="muted">Filters in force: {explain.filters}</p>
          {explain.rows && (
            <table>
              <tbody>
                {explain.rows.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    <td class="num">{r.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {explain.more}
          <form method="dialog">
            <button class="btn" autoFocus>
              Close
            </button>
          </form>
        </div>
      )}
    </dialog>
  );
}
