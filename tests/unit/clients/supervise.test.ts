import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import { onWorkerEvent, Supervisor, WorkerStoppedError, type LockLike, type WorkerEvent, type WorkerLike } from '../../../src/clients/supervise';

interface Api {
  work(ms: number): Promise<string>;
  connectEngine(): Promise<void>;
}

/** A fake worker: answers heartbeats unless hung, holds its lifeline lock while alive. */
class FakeWorker implements WorkerLike {
  alive = true;
  hung = false;
  errorListeners: ((e: Event) => void)[] = [];
  constructor(readonly name: string, private locks: FakeLocks) {
    locks.hold(name);
  }
  terminate() {
    if (!this.alive) return;
    this.alive = false;
    this.locks.release(this.name);
  }
  addEventListener(type: string, l: (e: Event) => void) {
    if (type === 'error') this.errorListeners.push(l);
  }
  removeEventListener() {}
  postMessage() {}
  /** The remote: calls never settle once the worker is gone or hung. */
  remote(): Remote<Api> {
    const never = new Promise<never>(() => undefined);
    const answer = <T>(v: T, ms = 0) => (this.alive && !this.hung ? new Promise<T>((r) => setTimeout(() => r(v), ms)) : never);
    return {
      get __heartbeat() {
        return answer(undefined);
      },
      work: (ms: number) => answer(`done by ${this.name}`, ms),
      connectEngine: () => answer(undefined),
    } as unknown as Remote<Api>;
  }
}

class FakeLocks implements LockLike {
  held = new Set<string>();
  waiting = new Map<string, () => unknown>();
  hold(name: string) {
    this.held.add(name);
  }
  release(name: string) {
    this.held.delete(name);
    const cb = this.waiting.get(name);
    if (cb) queueMicrotask(() => cb());
  }
  async query() {
    return { held: [...this.held].map((name) => ({ name })) };
  }
  request(name: string, cb: () => unknown) {
    if (!this.held.has(name)) queueMicrotask(() => cb());
    else this.waiting.set(name, cb);
    return Promise.resolve();
  }
}

function make(options: { unresponsiveMs?: number; locks?: FakeLocks | null } = {}) {
  const locks = options.locks === undefined ? new FakeLocks() : options.locks;
  const workers: FakeWorker[] = [];
  const setups: number[] = [];
  const sup = new Supervisor<Api>({
    name: `test-${Math.random()}`,
    label: 'the test worker',
    create: (name) => {
      const w = new FakeWorker(name, locks ?? new FakeLocks());
      workers.push(w);
      return w;
    },
    wrap: (w) => (w as FakeWorker).remote(),
    setup: () => setups.push(workers.length),
    heartbeatMs: 1000,
    unresponsiveMs: options.unresponsiveMs ?? 10_000,
    locks,
  });
  const events: WorkerEvent[] = [];
  const off = onWorkerEvent((e) => {
    if (e.worker === sup.name) events.push(e);
  });
  return { sup, workers, setups, events, off };
}

describe('Supervisor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers calls through the worker while it lives', async () => {
    const { sup, workers, off } = make();
    const p = sup.api().work(500);
    await vi.advanceTimersByTimeAsync(600);
    await expect(p).resolves.toBe(`done by ${workers[0].name}`);
    expect(sup.starts).toBe(1);
    off();
  });

  it('fails a waiting call at once when the worker ends, restarts it and runs setup again', async () => {
    const { sup, workers, setups, events, off } = make();
    const p = sup.api().work(60_000);
    const settled = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1500); // first heartbeat answered: the lifeline is watched
    sup.kill();
    await vi.advanceTimersByTimeAsync(10);
    const err = await settled;
    expect(err).toBeInstanceOf(WorkerStoppedError);
    expect((err as WorkerStoppedError).reason).toBe('exit');
    expect((err as Error).message).toMatch(/The test worker stopped: it ended unexpectedly.*job it was running failed/);
    expect(events).toHaveLength(1);
    expect(events[0].failedCalls).toBe(1);
    expect(workers).toHaveLength(2);
    expect(setups).toEqual([1, 2]);
    // The next call runs on the new worker.
    const q = sup.api().work(10);
    await vi.advanceTimersByTimeAsync(20);
    await expect(q).resolves.toBe(`done by ${workers[1].name}`);
    off();
  });

  it('reports a worker that died idle with no failed call', async () => {
    const { sup, events, off } = make();
    sup.api();
    await vi.advanceTimersByTimeAsync(1500);
    sup.kill();
    await vi.advanceTimersByTimeAsync(10);
    expect(events.map((e) => [e.reason, e.failedCalls])).toEqual([['exit', 0]]);
    expect(events[0].message).toMatch(/nothing was running/);
    off();
  });

  it('replaces a worker whose heartbeat stays unanswered, not before the limit', async () => {
    const { sup, workers, events, off } = make({ unresponsiveMs: 10_000, locks: null });
    const p = sup.api().work(60_000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1500);
    workers[0].hung = true;
    await vi.advanceTimersByTimeAsync(8000);
    expect(events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(events.map((e) => e.reason)).toEqual(['unresponsive']);
    expect(((await p) as WorkerStoppedError).message).toMatch(/stopped answering for 10 s/);
    expect(workers[0].alive).toBe(false);
    expect(workers).toHaveLength(2);
    off();
  });

  it('terminate() cancels waiting calls without reporting a crash', async () => {
    const { sup, events, workers, off } = make();
    const p = sup.api().work(60_000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1500);
    sup.terminate();
    await vi.advanceTimersByTimeAsync(10);
    expect(((await p) as Error).name).toBe('CancelledError');
    expect(events).toHaveLength(0);
    expect(sup.started).toBe(false);
    sup.api();
    expect(workers).toHaveLength(2);
    off();
  });

  it('an error before the first answer means the script failed: no restart loop', async () => {
    const { sup, workers, events, off } = make();
    const p = sup.api().work(10).catch((e: unknown) => e);
    workers[0].hung = true;
    workers[0].errorListeners.forEach((l) => l(new Event('error')));
    expect(((await p) as WorkerStoppedError).reason).toBe('failed-to-start');
    expect(events.map((e) => e.reason)).toEqual(['failed-to-start']);
    expect(workers).toHaveLength(1);
    expect(sup.started).toBe(false);
    off();
  });
});
