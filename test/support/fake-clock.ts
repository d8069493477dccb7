import type { Clock } from '../../src/core/clock.js';

/** A clock whose sleeps return at once and advance time; records every sleep so tests can assert on waits. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public current = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): number {
    return this.current;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.current += ms;
    await Promise.resolve();
  }
}
