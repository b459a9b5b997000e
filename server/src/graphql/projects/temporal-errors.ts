import type { FieldError } from '@phaseflow/forms';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import { apiError, conflict, unavailable, type ErrorCode } from '../errors';

const CODES: ReadonlySet<string> = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND']);

function isDeadline(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = error as { code?: number; cause?: unknown } | undefined;
  // gRPC DEADLINE_EXCEEDED (4), UNAVAILABLE (14), CANCELLED (1)
  if (grpc && typeof grpc.code === 'number' && [1, 4, 14].includes(grpc.code)) return true;
  return error instanceof Error && error.cause !== undefined && isDeadline(error.cause);
}

/** Maps what the Temporal client threw for an Update into a GraphQL error with a named code. */
export function mapUpdateError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const code = (failure.type && CODES.has(failure.type) ? failure.type : 'CONFLICT') as ErrorCode;
    const fieldErrors = (failure.details?.[0] ?? []) as FieldError[];
    return apiError(code, failure.message, fieldErrors.length > 0 ? { fieldErrors } : {});
  }
  if (error instanceof WorkflowNotFoundError) {
    return conflict('the project’s process has ended; nothing can change any more');
  }
  if (isDeadline(error) || (isGrpcServiceError(error) && [1, 4, 14].includes(error.code))) {
    return unavailable('the workflow engine did not answer in time (no worker running?); nothing was changed, retry with the same requestId');
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/completed|already finished|not found/i.test(message)) return conflict('the project’s process has ended; nothing can change any more');
  return unavailable(`the workflow engine refused the request: ${message}`);
}
