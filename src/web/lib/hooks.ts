import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from './api.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads data when `key` changes; the error is the server's Danish message. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  // `key` stands for the inputs of `load`, so a new closure with the same key does not reload.
  const run = useCallback(load, [key]);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState({ data: null, error: errorMessage(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [run, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}
