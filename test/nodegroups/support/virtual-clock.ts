import type { Clock } from '../../../src/core/clock.js';

interface Timer {
  at: number;
  order: number;
  resolve: () => void;
}

/**
 * Simulated time for concurrent waits. test/support's FakeClock returns from every sleep at once and adds its length,
 * which is right for one waiter but makes parallel waiters add up their sleeps. Here sleeps are timers on a virtual
 * timeline: when every task is blocked (the event loop reaches setImmediate), time jumps to the earliest timer and
 * only the timers due then fire. Five 20-minute updates in parallel take 20 simulated minutes, as they would in EKS.
 * Only for work that waits on promises and this clock (mocked AWS clients), not on real I/O.
 */
export class VirtualClock implements Clock {
  private readonly timers: Timer[] = [];
  private order = 0;
  private scheduled = false;

  constructor(public current = Date.parse('2026-01-01T00:00:00Z')) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = { at: this.current + Math.max(0, ms), order: this.order++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.timers.indexOf(timer);
          if (index >= 0) this.timers.splice(index, 1);
          reject(signal.reason);
        },
        { once: true },
      );
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.advance());
  }

  private advance(): void {
    this.scheduled = false;
    if (this.timers.length === 0) return;
    this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
    this.current = Math.max(this.current, this.timers[0]!.at);
    const due = this.timers.filter((timer) => timer.at <= this.current);
    this.timers.splice(0, due.length);
    for (const timer of due) timer.resolve();
    if (this.timers.length > 0) this.schedule();
  }
}
