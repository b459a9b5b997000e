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

// the server words its errors in English; these codes have a message in the console's language
const LOCALIZED_CODES = new Set(['CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'UNAVAILABLE']);

interface ErrorBody {
  code?: string;
  fieldErrors?: unknown[];
}

/** The message key (or server text) to show for a failed command. */
export const commandErrorMessage = (error: unknown): string => {
  const body = (error as { body?: ErrorBody } | undefined)?.body;
  if (body?.fieldErrors?.length) return 'pf.form.invalid';
  if (body?.code && LOCALIZED_CODES.has(body.code)) return `pf.error.${body.code}`;
  return (error as Error)?.message || 'ra.notification.http_error';
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
