import type { JSX } from 'preact';

/** An empty state for a view whose import is missing: what is needed, and the way to the import. */
export function NeedsData({
  title,
  text,
  action = 'Go to Import',
}: {
  title: string;
  text: string;
  action?: string;
}): JSX.Element {
  return (
    <div class="card needs-data">
      <h2>{title}</h2>
      <p>{text}</p>
      <a class="btn primary" href="#/import">
        {action}
      </a>
    </div>
  );
}
