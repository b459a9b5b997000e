import { useLocaleState, useNotify } from 'react-admin';
import { getToken } from '../providers/token-store';

const saveBlob = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
};

/** Downloads a bulletin's ranking sheet (`GET /bulletins/:id.xlsx`), headed in the console's language. */
export const useBulletinDownload = () => {
  const notify = useNotify();
  const [locale] = useLocaleState();
  return async (id: string, name: string) => {
    const token = getToken();
    const response = await fetch(`/bulletins/${id}.xlsx`, {
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Accept-Language': locale === 'en' ? 'en' : 'zh' },
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      notify(body?.error?.message || 'ra.notification.http_error', { type: 'error' });
      return;
    }
    saveBlob(await response.blob(), name);
  };
};
