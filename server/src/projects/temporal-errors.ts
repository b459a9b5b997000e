import type { FieldError } from '@phaseflow/forms';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import { apiError, conflict, text, unavailable, type ErrorCode, type Text } from '../errors';

const CODES: ReadonlySet<string> = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND']);

function isDeadline(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = error as { code?: number; cause?: unknown } | undefined;
  // gRPC DEADLINE_EXCEEDED (4), UNAVAILABLE (14), CANCELLED (1)
  if (grpc && typeof grpc.code === 'number' && [1, 4, 14].includes(grpc.code)) return true;
  return error instanceof Error && error.cause !== undefined && isDeadline(error.cause);
}

const ENDED = text('项目的流程已结束，不能再作任何更改', 'the project’s process has ended; nothing can change any more');

/** Maps what the Temporal client threw for an Update into a GraphQL error with a named code. */
export function mapUpdateError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const code = (failure.type && CODES.has(failure.type) ? failure.type : 'CONFLICT') as ErrorCode;
    const fieldErrors = (failure.details?.[0] ?? []) as FieldError[];
    // The workflow sends its message in both languages as the second detail.
    const message = (failure.details?.[1] as Text | undefined) ?? text(failure.message, failure.message);
    return apiError(code, message, fieldErrors.length > 0 ? { fieldErrors } : {});
  }
  if (error instanceof WorkflowNotFoundError) {
    return conflict(ENDED);
  }
  if (isDeadline(error) || (isGrpcServiceError(error) && [1, 4, 14].includes(error.code))) {
    return unavailable(
      text(
        '流程引擎未能及时响应（可能没有运行中的 worker），未作任何更改，请用同一 requestId 重试',
        'the workflow engine did not answer in time (no worker running?); nothing was changed, retry with the same requestId',
      ),
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/completed|already finished|not found/i.test(message)) return conflict(ENDED);
  return apiError('UNAVAILABLE', text('流程引擎拒绝了请求，未作任何更改，请稍后重试', `the workflow engine refused the request: ${message}`), { retryable: true, detail: message });
}
