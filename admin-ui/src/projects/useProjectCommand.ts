import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, type HttpError } from 'react-admin';
import type {
  AddSignerInput,
  CancelProjectInput,
  DecideGateInput,
  MoveProjectInput,
  PhaseflowDataProvider,
  StageCommandInput,
  SubmitStageFormInput,
  TransferApprovalInput,
} from '../providers/data-provider';

interface Commands {
  submitStageForm: SubmitStageFormInput;
  decideGate: DecideGateInput;
  cancelProject: CancelProjectInput;
  withdrawVote: StageCommandInput;
  transferApproval: TransferApprovalInput;
  addSigner: AddSignerInput;
  withdrawSubmission: StageCommandInput;
  moveProjectToStage: MoveProjectInput;
}

export type CommandOutcome = { ok: true } | { ok: false; error: HttpError | Error };

// Codes with a message of the console's own, for when the server could not be asked (offline, no answer).
const LOCALIZED_CODES = new Set(['CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'UNAVAILABLE']);

const GENERIC = 'ra.notification.http_error';

interface ErrorBody {
  code?: string;
}

/** The server's message (it answers in the console's language), or a message key when there is none. */
export const commandErrorMessage = (error: unknown): string => {
  const message = (error as Error | undefined)?.message;
  if (message && message !== GENERIC) return message;
  const code = (error as { body?: ErrorBody } | undefined)?.body?.code;
  return code && LOCALIZED_CODES.has(code) ? `pf.error.${code}` : GENERIC;
};

/** Runs one project command, tells the user how it went, and refreshes the record (and the inbox) when it worked. */
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
      notify(commandErrorMessage(error), { type: 'error' });
      // someone else moved the project on: show what it is now rather than the stale buttons
      if ((error as { body?: ErrorBody })?.body?.code === 'CONFLICT') refresh();
      return { ok: false, error: error as Error };
    } finally {
      setPending(false);
    }
  };

  return { run, pending };
};
