import { QueryClient, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { api, ApiError, errorMessage } from './api.ts';

/**
 * Data fetching with TanStack Query (issue 12, item 9). A resource's key is its API path split
 * into segments (`/api/clusters/x/economy/2022` → `['clusters', 'x', 'economy', '2022']`), so a
 * change invalidates by prefix: everything under `['clusters', 'x']` after a write to cluster x.
 */

export function resourceKey(path: string): string[] {
  return path
    .replace(/^\/api\//, '')
    .split(/[/?&]/)
    .filter((s) => s !== '');
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The server's figures change only by writes this client invalidates, or by others' writes,
        // which a page load or window focus picks up.
        staleTime: 30_000,
        // A refusal (403, 404, 409, 422) will not change by asking again; a network error may.
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** A GET of an API path; `null` waits (e.g. until the year is known). */
export function useApiQuery<T>(path: string | null): UseQueryResult<T> {
  return useQuery<T>({
    // A disabled query has a key nobody writes: a shared key would hand it another loader's data.
    queryKey: path === null ? ['idle', 'api-query'] : resourceKey(path),
    queryFn: () => api<T>(path ?? ''),
    enabled: path !== null,
  });
}

/**
 * A write that, once the server took it, invalidates the resources it changed (by key prefix),
 * so every screen showing them loads them again.
 */
export function useApiMutation<V, R = unknown>(send: (values: V) => Promise<R>, invalidates: (values: V, result: R) => readonly string[][]) {
  const client = useQueryClient();
  return useMutation<R, Error, V>({
    mutationFn: send,
    onSuccess: async (result, values) => {
      await Promise.all(invalidates(values, result).map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

/** Invalidates resources by key prefix, for writes made outside `useApiMutation`. */
export function useInvalidate(): (...keys: readonly string[][]) => Promise<void> {
  const client = useQueryClient();
  return async (...keys) => {
    await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
  };
}


export interface Loaded<T> {
  data: T | null;
  /** The server's Danish message when loading failed. */
  error: string | null;
  loading: boolean;
  /** Loads the resource again (invalidates its key, so every screen showing it reloads). */
  reload: () => void;
}

/**
 * A query for loaders that combine or reshape answers. `key` names the resource by its API path
 * segments, plus a last segment naming the shape when `load` reshapes the answer (two loaders with
 * one key must return the same shape: they share the cache).
 */
export function useLoad<T>(load: () => Promise<T>, key: readonly string[]): Loaded<T> {
  const client = useQueryClient();
  // Kept only while a screen shows it (gcTime 0): a screen opened again loads afresh, as these
  // screens did before, since their writes invalidate only their own keys.
  const q = useQuery<T>({ queryKey: key, queryFn: load, gcTime: 0 });
  return {
    data: q.data ?? null,
    error: q.error ? errorMessage(q.error) : null,
    loading: q.isFetching,
    reload: () => void client.invalidateQueries({ queryKey: key }),
  };
}
