import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { App } from '../../features/panel/App.tsx';
import { PanelController } from '../../features/panel/controller.ts';
import type { PanelState } from '../../features/panel/state.ts';
import '../../features/panel/panel.css';

// `?tabId=N` pins the panel to one tab (the panel opened as a page); otherwise it follows the
// active tab of its window.
const pinned = Number(new URLSearchParams(location.search).get('tabId'));
const controller = new PanelController(Number.isInteger(pinned) && pinned > 0 ? pinned : null);

function Panel() {
  const [state, setState] = useState<PanelState>(controller.state);
  useEffect(() => controller.subscribe(setState), []);
  useEffect(() => {
    // Focus moves into the panel when it opens, onto its heading, so Tab goes on from there.
    window.focus();
    document.getElementById('sl-title')?.focus();
  }, []);
  return <App state={state} actions={controller.actions} />;
}

render(<Panel />, document.getElementById('app')!);
void controller.start();
