import type { OrgImportFormat } from '../providers/data-provider';

/** The import format a file's name says, or null for anything but .csv and .xlsx. */
export const importFormatOf = (fileName: string): OrgImportFormat | null => {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'CSV';
  if (name.endsWith('.xlsx')) return 'XLSX';
  return null;
};

/** The file as base64, as `startOrganisationImport` takes it. */
export const readAsBase64 = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
