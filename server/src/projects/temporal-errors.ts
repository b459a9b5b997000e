import type { FieldError } from '@phaseflow/forms';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import { apiError, conflict, text, type ErrorCode, type Text } from '../errors';

const CODES: ReadonlySet<string> = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND']);

function isDeadline(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = error as { code?: number; cause?: unknown } | undefined;
  // gRPC DEADLINE_EXCEEDED (4), UNAVAILABLE (14), CANCELLED (1)
  if (grpc && typeof grpc.code === 'number' && [1, 4, 14].includes(grpc.code)) return true;
  return error instanceof Error && error.cause !== undefined && isDeadline(error.cause);
}

const ENDED = text('项目的流程已结束，不能再作任何更改', 'the project’s process has ended; nothing can change any more');

/** Our own bound on a call to Temporal passed its deadline (the SDK's gRPC retries may sleep past it). */
export class EngineTimeout extends Error {
  override name = 'EngineTimeout';
}

/**
 * Runs `call` with a deadline `ms` from now, and answers by then whatever the call does: the SDK retries
 * an unreachable server with backoffs of up to 5 s that no deadline interrupts, so the call alone may
 * answer seconds late. The call gets the deadline (for gRPC) and a signal aborted when it passes.
 */
export async function withinDeadline<T>(ms: number, call: (deadline: number, signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new EngineTimeout(`no answer within ${ms} ms`));
    }, ms);
  });
  const running = call(Date.now() + ms, controller.signal);
  // The call may still fail after the deadline answered: nobody waits for it any more.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The engine refused the request (its validator, or the workflow is gone): nothing was changed. */
export function isRefusal(error: unknown): boolean {
  return (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) || error instanceof WorkflowNotFoundError;
}

/**
 * Maps what the Temporal client threw for an Update into a GraphQL error with a named code. `accepted`:
 * the workflow had accepted the Update (it will be applied) when the answer was given up.
 */
export function mapUpdateError(error: unknown, request: { requestId: string; accepted?: boolean } = { requestId: '' }): GraphQLError {
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
  const { requestId } = request;
  if (request.accepted && (error instanceof EngineTimeout || isDeadline(error))) {
    return apiError(
      'UNAVAILABLE',
      text(
        `流程引擎已接受此更改，但未能及时完成；更改将会生效，请用同一 requestId（${requestId}）重试以获取最终结果`,
        `the workflow engine accepted the change but did not finish it in time; it will be applied: send the same request with the same requestId (${requestId}) for the final outcome`,
      ),
      { retryable: true, status: 'PENDING', requestId },
    );
  }
  if (error instanceof EngineTimeout || isDeadline(error) || (isGrpcServiceError(error) && [1, 4, 14].includes(error.code))) {
    return apiError(
      'UNAVAILABLE',
      text(
        `流程引擎未能及时响应（可能没有运行中的 worker）；更改可能仍会生效，请用同一 requestId（${requestId}）重试以获取最终结果`,
        `the workflow engine did not answer in time (no worker running?); the change may still be applied: send the same request with the same requestId (${requestId}) for the final outcome`,
      ),
      { retryable: true, status: 'UNKNOWN', requestId },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/completed|already finished|not found/i.test(message)) return conflict(ENDED);
  return apiError(
    'UNAVAILABLE',
    text(
      `流程引擎返回了错误；更改可能仍会生效，请用同一 requestId（${requestId}）重试以获取最终结果`,
      `the workflow engine answered with an error: ${message}; the change may still be applied: send the same request with the same requestId (${requestId}) for the final outcome`,
    ),
    { retryable: true, requestId, detail: message },
  );
}
