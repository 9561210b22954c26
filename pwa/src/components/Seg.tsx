import type { JSX } from 'preact';

/** A segmented switch (a group of toggle buttons), keyboard-accessible. */
export function Seg<T extends string>(p: {
  label: string;
  value: T;
  options: readonly { id: T; label: string }[];
  onChange: (v: T) => void;
}): JSX.Element {
  return (
    <div class="seg" role="group" aria-label={p.label}>
      {p.options.map((o) => (
        <button
          key={o.id}
          type="button"
          aria-pressed={o.id === p.value}
          onClick={() => p.onChange(o.id)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
