/**
 * Supervised workers: every client (db, train, promo, replenish) reaches its worker through a
 * {@link Supervisor}, which notices when the worker dies or stops answering, rejects the calls that were
 * waiting on it with a {@link WorkerStoppedError} (so no job is left "running"), starts a fresh worker and
 * runs the client's `setup` again (engine ports), then tells the listeners (`onWorkerEvent`) so the state
 * classes can restore what the worker held (the db worker reloads the persisted project).
 *
 * Death is noticed three ways: the worker's `error` event before it ever answered (its script failed);
 * its lifeline Web Lock (workers/lifeline.ts) being released, which happens the moment the worker ends for
 * any reason; and a heartbeat (a comlink GET every `heartbeatMs`) that has not been answered for
 * `unresponsiveMs` (a worker stuck in a loop).
 */
import { wrap, type Remote } from 'comlink';

/** Why a worker was replaced. */
export type StopReason = 'exit' | 'unresponsive' | 'failed-to-start' | 'dependency';

/** A call that was waiting on a worker when it stopped. */
export class WorkerStoppedError extends Error {
  override name = 'WorkerStoppedError';
  constructor(
    readonly worker: string,
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
  }
}

/** What the supervisor reports after it replaced a worker. */
export interface WorkerEvent {
  worker: string;
  label: string;
  reason: StopReason;
  /** Calls that were waiting and were rejected (0: the worker died idle). */
  failedCalls: number;
  /** Why, as a clause ("it ended unexpectedly (…)"). */
  cause: string;
  /** What is shown to the user: what stopped, why, and what became of the job. */
  message: string;
}

/** The part of `Worker` the supervisor uses (a fake in unit tests). */
export interface WorkerLike {
  terminate(): void;
  addEventListener(type: 'error' | 'message' | 'messageerror', listener: (ev: Event) => void): void;
  postMessage(message: unknown, transfer?: Transferable[]): void;
  removeEventListener(type: string, listener: (ev: Event) => void): void;
}

/** The Web Locks calls the lifeline needs (absent: only the heartbeat watches). */
export interface LockLike {
  request(name: string, callback: () => unknown): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

export interface SuperviseOptions<T> {
  /** Short name ('db', 'train', …): the test hook and the worker's lifeline lock use it. */
  name: string;
  /** How the user calls it ("the training worker"). */
  label: string;
  /** Starts a worker; `workerName` must be passed as the Worker's `name` (its lifeline lock is named after it). */
  create(workerName: string): WorkerLike;
  /** Runs after every start (connect engine ports); calls made here are supervised too. */
  setup?(api: Remote<T>): void;
  /** Heartbeat period (default 2 s). */
  heartbeatMs?: number;
  /** A worker whose heartbeat went unanswered this long is replaced (default 60 s: a long synchronous step is not a hang). */
  unresponsiveMs?: number;
  locks?: LockLike | null;
  /** comlink's `wrap` (replaceable in unit tests). */
  wrap?: (w: WorkerLike) => Remote<T>;
  now?: () => number;
}

export type Listener = (e: WorkerEvent) => void;

const listeners = new Set<Listener>();
const registry = new Map<string, Supervisor<unknown>>();

/** Called after any supervised worker was replaced; returns the unsubscribe function. */
export function onWorkerEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The supervisor of a worker by short name (for the test hook `__studio.killWorker`). */
export function supervisorOf(name: string): Supervisor<unknown> | undefined {
  return registry.get(name);
}

let uid = 0;

function defaultLocks(): LockLike | null {
  const l = (globalThis.navigator as { locks?: LockLike } | undefined)?.locks;
  return l ?? null;
}

interface Generation<T> {
  id: number;
  worker: WorkerLike;
  remote: Remote<T>;
  lockName: string;
  /** Rejects every call still waiting on this worker. */
  fail: (e: WorkerStoppedError) => void;
  dead: Promise<never>;
  pending: number;
  answered: boolean;
  lastPong: number;
  timer: ReturnType<typeof setInterval> | null;
  over: boolean;
}

/** One worker kept alive: `api()` is a proxy whose calls are rejected (never left hanging) when the worker stops. */
export class Supervisor<T> {
  private gen: Generation<T> | null = null;
  private proxy: Remote<T> | null = null;
  private count = 0;
  private readonly o: Required<Omit<SuperviseOptions<T>, 'setup' | 'locks'>> & Pick<SuperviseOptions<T>, 'setup'> & { locks: LockLike | null };

  constructor(options: SuperviseOptions<T>) {
    this.o = {
      heartbeatMs: 2000,
      unresponsiveMs: 60_000,
      wrap: (w) => wrap<T>(w as unknown as Worker),
      now: () => Date.now(),
      ...options,
      locks: options.locks === undefined ? defaultLocks() : options.locks,
    };
    registry.set(options.name, this as Supervisor<unknown>);
  }

  get name(): string {
    return this.o.name;
  }

  /** Whether a worker is running now. */
  get started(): boolean {
    return this.gen != null;
  }

  /** How many times a worker was started. */
  get starts(): number {
    return this.count;
  }

  /** The API (starts the worker on first use). */
  api(): Remote<T> {
    if (!this.gen) this.start();
    return this.proxy!;
  }

  /** Ends the worker on purpose (e.g. a cancel HiGHS cannot hear): waiting calls reject with a CancelledError, no event. */
  terminate(): void {
    const g = this.gen;
    if (!g) return;
    this.end(g);
    const e = new WorkerStoppedError(this.o.name, 'exit', 'Cancelled');
    e.name = 'CancelledError';
    g.fail(e);
  }

  /** Test hook: ends the worker as a crash would (the supervisor is not told; it must notice). */
  kill(): void {
    this.gen?.worker.terminate();
  }

  /** Replaces the worker now (used when a worker it depends on was replaced while a call was waiting). */
  restart(reason: StopReason, why?: string): void {
    if (this.gen) this.stopped(this.gen, reason, why);
  }

  /** Calls waiting on the worker now. */
  get pending(): number {
    return this.gen?.pending ?? 0;
  }

  private start(): void {
    const id = ++this.count;
    const lockName = `forecast-studio-${this.o.name}-${++uid}-${Math.random().toString(36).slice(2, 8)}`;
    const worker = this.o.create(lockName);
    const remote = this.o.wrap(worker);
    let fail!: (e: WorkerStoppedError) => void;
    const dead = new Promise<never>((_, reject) => (fail = reject));
    dead.catch(() => undefined);
    const g: Generation<T> = { id, worker, remote, lockName, fail, dead, pending: 0, answered: false, lastPong: this.o.now(), timer: null, over: false };
    this.gen = g;
    worker.addEventListener('error', () => {
      // An uncaught error of a running worker does not end it; one before its first answer means its script failed.
      if (!g.answered) this.stopped(g, 'failed-to-start');
    });
    g.timer = setInterval(() => this.beat(g), this.o.heartbeatMs);
    this.beat(g);
    this.proxy = this.makeProxy();
    this.o.setup?.(this.proxy);
  }

  private makeProxy(): Remote<T> {
    return new Proxy({} as Remote<T>, {
      get: (_t, prop) => {
        if (prop === 'then' || typeof prop === 'symbol') return undefined;
        return (...args: unknown[]) => this.call(prop, args);
      },
    });
  }

  private async call(prop: string, args: unknown[]): Promise<unknown> {
    if (!this.gen) this.start();
    const g = this.gen!;
    g.pending++;
    try {
      const fn = (g.remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
      return await Promise.race([fn(...args), g.dead]);
    } finally {
      g.pending--;
    }
  }

  private beat(g: Generation<T>): void {
    if (g.over) return;
    if (this.o.now() - g.lastPong > this.o.unresponsiveMs) {
      this.stopped(g, 'unresponsive');
      return;
    }
    // A GET of a property no API has: comlink answers `undefined` as soon as the worker's event loop is free.
    Promise.resolve((g.remote as unknown as Record<string, PromiseLike<unknown>>).__heartbeat).then(() => {
      g.lastPong = this.o.now();
      if (!g.answered) {
        g.answered = true;
        void this.watchLifeline(g);
      }
    }, () => undefined);
  }

  /** Waits for the worker's lifeline lock to be released (granted to us), which means the worker ended. */
  private async watchLifeline(g: Generation<T>): Promise<void> {
    const locks = this.o.locks;
    if (!locks) return;
    for (let i = 0; i < 50 && !g.over; i++) {
      const held = (await locks.query().catch(() => ({ held: [] }))).held ?? [];
      if (held.some((l) => l.name === g.lockName)) {
        void locks.request(g.lockName, () => {
          if (!g.over) this.stopped(g, 'exit');
        });
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private end(g: Generation<T>): void {
    g.over = true;
    if (g.timer) clearInterval(g.timer);
    try {
      g.worker.terminate();
    } catch {
      /* already gone */
    }
    if (this.gen === g) {
      this.gen = null;
      this.proxy = null;
    }
  }

  private stopped(g: Generation<T>, reason: StopReason, why?: string): void {
    if (g.over) return;
    const failedCalls = g.pending;
    this.end(g);
    const cause =
      why ??
      {
        exit: 'it ended unexpectedly (closed, crashed or out of memory)',
        unresponsive: `it stopped answering for ${Math.round(this.o.unresponsiveMs / 1000)} s`,
        'failed-to-start': 'its script could not start',
        dependency: 'the worker it reads data from stopped',
      }[reason];
    const label = this.o.label.charAt(0).toUpperCase() + this.o.label.slice(1);
    const message = failedCalls
      ? `${label} stopped: ${cause}. The job it was running failed and was stopped; the worker was restarted — start the job again.`
      : `${label} stopped: ${cause}. It was restarted; nothing was running.`;
    g.fail(new WorkerStoppedError(this.o.name, reason, message));
    // A fresh worker at once (so the next click works and `setup` reconnects its ports).
    if (reason !== 'failed-to-start') this.start();
    const event: WorkerEvent = { worker: this.o.name, label: this.o.label, reason, failedCalls, cause, message };
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        /* a listener's failure must not stop the others */
      }
    }
  }
}

/** Runs `fn` when the named worker was replaced. */
export function onRestart(name: string, fn: (e: WorkerEvent) => void): () => void {
  return onWorkerEvent((e) => {
    if (e.worker === name) fn(e);
  });
}
