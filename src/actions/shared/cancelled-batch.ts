import { errorMessage } from '../../core/errors.js';
import type { Summary } from '../../core/summary.js';
import type { ImageInput } from './image-registries.js';

/**
 * The images a workflow cancel kept from starting in a signing or verifying batch (the pool starts none after it; the
 * ones in flight finish), with the cancel's reason.
 */
export interface NotStarted {
  readonly images: readonly ImageInput[];
  readonly reason: string;
}

/**
 * Undefined when every image started: a cancel that came after the last one stopped nothing, and the run reports as
 * usual. `outcomes` are the pool's results, undefined for an image that never started.
 */
export function notStartedOf(images: readonly ImageInput[], outcomes: readonly unknown[], signal: AbortSignal): NotStarted | undefined {
  const left = images.filter((_, index) => outcomes[index] === undefined);
  return left.length > 0 ? { images: left, reason: errorMessage(signal.reason) } : undefined;
}

/** `cancelled by SIGINT: 2 of 3 image(s) done before the cancel (1 signed, 1 failed: ...); 1 not started` */
export function cancelledBatchError(notStarted: NotStarted, total: number, done: string): Error {
  return new Error(`${notStarted.reason}: ${total - notStarted.images.length} of ${total} image(s) done before the cancel (${done}); ${notStarted.images.length} not started`);
}

/** The summary's list of the images not started, `what` they therefore are not (signed, verified). */
export function summariseNotStarted(summary: Summary, notStarted: NotStarted | undefined, what: string): void {
  if (notStarted) summary.text(`Not started (${notStarted.reason}), so not ${what}:`).list(notStarted.images.map((image) => image.text));
}
