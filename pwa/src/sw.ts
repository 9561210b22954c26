/**
 * Service worker registration with the two messages a user needs: "ready to work offline" on the
 * first install and "update available" when a new version is waiting.
 */
import { useEffect, useState } from 'preact/hooks';

export interface SwState {
  offlineReady: boolean;
  updateAvailable: boolean;
  update: () => void;
}

export function useServiceWorker(): SwState {
  const [state, setState] = useState<SwState>({
    offlineReady: false,
    updateAvailable: false,
    update: () => {},
  });
  useEffect(() => {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    let cancelled = false;
    void import('virtual:pwa-register').then(({ registerSW }) => {
      if (cancelled) return;
      const updateSW = registerSW({
        immediate: true,
        onOfflineReady: () => setState((s) => ({ ...s, offlineReady: true })),
        onNeedRefresh: () =>
          setState((s) => ({ ...s, updateAvailable: true, update: () => void updateSW(true) })),
      });
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}

/** Tracks navigator.onLine. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(navigator.onLine);
    addEventListener('online', on);
    addEventListener('offline', on);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', on);
    };
  }, []);
  return online;
}
