import { useState } from 'react';
import { HttpError, useDataProvider, useNotify, useRefresh } from 'react-admin';
import type {
  CancelProjectInput,
  DecideGateInput,
  PhaseflowDataProvider,
  SubmitStageFormInput,
} from '../providers/data-provider';

interface Commands {
  submitStageForm: SubmitStageFormInput;
  decideGate: DecideGateInput;
  cancelProject: CancelProjectInput;
}

export type CommandOutcome = { ok: true } | { ok: false; error: HttpError | Error };

/** Runs one project command, tells the user how it went, and refreshes the record when it worked. */
export const useProjectCommand = () => {
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);

  const run = async <K extends keyof Commands>(
    command: K,
    input: Commands[K],
    successMessage: string,
  ): Promise<CommandOutcome> => {
    setPending(true);
    try {
      await (dataProvider[command] as (input: Commands[K]) => Promise<unknown>)(input);
      notify(successMessage, { type: 'success' });
      refresh();
      return { ok: true };
    } catch (error) {
      notify((error as Error)?.message || 'ra.notification.http_error', { type: 'error' });
      return { ok: false, error: error as Error };
    } finally {
      setPending(false);
    }
  };

  return { run, pending };
};
