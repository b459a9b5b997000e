import { createContext, useContext } from 'react';

/** Where an attachment field uploads to; null in the designer's preview, which uploads nothing. */
export interface UploadScope {
  projectId: string;
  stageKey: string;
}

export const UploadScopeContext = createContext<UploadScope | null>(null);

export const useUploadScope = (): UploadScope | null => useContext(UploadScopeContext);
