import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/** The longest pause the SDK's default backoff sleeps between two attempts (5 s, plus 20% jitter). */
const LONGEST_PAUSE_MS = 6_000;

export interface RetryGate {
  /** The gRPC interceptor to give the connection in place of the SDK's default retry interceptor. */
  interceptor: Interceptor;
  /** Retries already asleep when the connection is about to close. */
  pending(): number;
  /**
   * No retry is scheduled any more, and this resolves once every retry already asleep has made its
   * last attempt: only then may the connection close.
   */
  drain(): Promise<void>;
}

function deadlineOf(deadline: Date | number | undefined): number {
  if (deadline === undefined) return Number.POSITIVE_INFINITY;
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

/**
 * The SDK's gRPC retries, with two rules more. A call is not retried once its deadline would pass
 * during the pause: the caller has been answered by then (an Update answers UNAVAILABLE at its deadline),
 * so a later attempt could only land unseen. And nothing is retried once the connection closes: a retry
 * that wakes on a closed channel throws "Channel has been shut down" outside any caller, which would take
 * the process down. `drain()` stops new retries and waits out those asleep, so that closing is safe.
 */
export function createRetryGate(): RetryGate {
  const defaults = defaultGrpcRetryOptions();
  let closing = false;
  const asleep = new Set<Promise<void>>();
  const interceptor: Interceptor = (options, nextCall) => {
    const deadline = deadlineOf(options.deadline);
    let pause = 0;
    return makeGrpcRetryInterceptor({
      retryableDecider(attempt, status) {
        if (closing || !defaults.retryableDecider(attempt, status)) return false;
        pause = defaults.delayFunction(attempt, status);
        if (Date.now() + pause >= deadline) return false;
        // The SDK sleeps `pause` next and then attempts again on this channel.
        const woken = new Promise<void>((resolve) => setTimeout(resolve, Math.min(pause, LONGEST_PAUSE_MS) + 20).unref());
        asleep.add(woken);
        void woken.then(() => asleep.delete(woken));
        return true;
      },
      delayFunction: () => pause,
    })(options, nextCall);
  };
  return {
    interceptor,
    pending: () => asleep.size,
    async drain() {
      closing = true;
      await Promise.all([...asleep]);
    },
  };
}
