import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';

interface ServerError {
  message?: string;
  body?: { code?: string; errors?: Record<string, string> } & Record<string, unknown>;
}

/**
 * Runs one command against the API: shows the server's own message on failure (it arrives in the
 * console's language), a translated notice on success, and refreshes what the page shows.
 */
export const useServerCall = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ServerError | null>(null);

  const run = async <T,>(call: () => Promise<T>, successMessage?: string, messageArgs?: object): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      const result = await call();
      if (successMessage) notify(successMessage, { type: 'success', messageArgs });
      refresh();
      return result;
    } catch (caught) {
      const failure = caught as ServerError;
      setError(failure);
      notify(failure.message || 'ra.notification.http_error', { type: 'error' });
      return undefined;
    } finally {
      setPending(false);
    }
  };

  return { run, pending, error, clearError: () => setError(null) };
};
