/**
 * How often the waiter asks Image Builder for the image's state. A CIS build spends most of an hour in two long phases
 * (BUILDING, TESTING) and seconds to minutes in the others. Within a state the wait doubles from a short first delay up
 * to a per-state ceiling; every state change starts the doubling again, because changes cluster (DISTRIBUTING,
 * INTEGRATING and AVAILABLE follow each other quickly). The short states have a 60-second ceiling, so the end of a
 * build and every change after a short state are seen within a minute; the long phases back off to 150 seconds, which
 * is what keeps a one-hour build under 40 GetImage calls (38 in bench/imagebuilder.mjs). Seeing every change within
 * 60 seconds would take at least 60 calls an hour.
 */
export interface PollPolicy {
  /** The first wait after the build starts and after every state change. */
  readonly firstDelayMs: number;
  readonly factor: number;
  /** The longest wait between two polls while the image is in `status`. */
  maxDelayMs(status: string): number;
}

/** States that last tens of minutes in a hardening build. */
const LONG_STATES = new Set(['BUILDING', 'TESTING']);

export const DEFAULT_POLL_POLICY: PollPolicy = {
  firstDelayMs: 20_000,
  factor: 2,
  maxDelayMs: (status) => (LONG_STATES.has(status) ? 150_000 : 60_000),
};

/** The wait before the next poll, given how many polls have already seen the image in `status`. */
export function pollDelay(policy: PollPolicy, status: string, pollsInStatus: number): number {
  const grown = policy.firstDelayMs * policy.factor ** Math.max(0, pollsInStatus - 1);
  return Math.min(policy.maxDelayMs(status), grown);
}
