import { HttpError } from 'react-admin';
import type { Attachment } from '../types';
import { getToken } from './token-store';

export interface UploadTarget {
  projectId: string;
  stageKey: string;
  /** The field path the file is for: `evidence`, `members[0].photo`. */
  field: string;
}

export interface UploadHandle {
  promise: Promise<Attachment>;
  abort(): void;
}

/** The console's language, which the app keeps on `<html lang>`: refusals of uploads and downloads come in it too. */
const pageLocale = (): 'zh' | 'en' => (document.documentElement.lang.startsWith('en') ? 'en' : 'zh');

const errorOf = (status: number, responseText: string): HttpError => {
  let body: { error?: { code?: string; message?: string } } | undefined;
  try {
    body = JSON.parse(responseText) as typeof body;
  } catch {
    body = undefined;
  }
  const code = body?.error?.code ?? (status === 401 ? 'UNAUTHENTICATED' : 'UNAVAILABLE');
  return new HttpError(body?.error?.message || 'ra.notification.http_error', status || 500, { code });
};

/**
 * Uploads one file with POST /attachments. XMLHttpRequest rather than fetch, because only it reports
 * upload progress; `onProgress` receives 0..1.
 */
export const uploadAttachment = (
  file: File,
  target: UploadTarget,
  onProgress: (fraction: number) => void,
  endpoint = '/attachments',
): UploadHandle => {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Attachment>((resolve, reject) => {
    const body = new FormData();
    body.append('projectId', target.projectId);
    body.append('stageKey', target.stageKey);
    body.append('field', target.field);
    body.append('file', file, file.name);
    xhr.open('POST', endpoint);
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', pageLocale());
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          const attachment = JSON.parse(xhr.responseText) as Attachment;
          onProgress(1);
          resolve(attachment);
        } catch {
          reject(errorOf(xhr.status, ''));
        }
      } else {
        reject(errorOf(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new HttpError('ra.notification.http_error', 0, { code: 'UNAVAILABLE' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
};

/** Downloads an attachment (the endpoint needs the bearer token, so a plain link would not do). */
export const downloadAttachment = async (attachment: Pick<Attachment, 'id' | 'name'>, endpoint = '/attachments') => {
  const token = getToken();
  const response = await fetch(`${endpoint}/${encodeURIComponent(attachment.id)}`, {
    headers: { 'Accept-Language': pageLocale(), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (!response.ok) throw errorOf(response.status, await response.text().catch(() => ''));
  saveBlob(await response.blob(), attachment.name);
};

/** Hands a blob to the browser as a download named `name`. */
export const saveBlob = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
