/**
 * Defence in depth for every context of the page (the page, the db worker, DuckDB's own worker, the
 * train worker): imported FIRST, it replaces fetch, XMLHttpRequest, WebSocket, EventSource,
 * WebTransport, importScripts and sendBeacon so that nothing reaches beyond this site's origin (blob:
 * and data: URLs stay usable), and records every attempt, allowed or not. It also tracks the workers
 * this context starts and answers a request-audit message (see {@link requestAudit}) with its own
 * records, the resource timing entries of its context and those of its workers — so the page can list
 * every request any part of it made.
 */

import type { ContextAudit, NetworkAttempt, ResourceRecord } from '../src/lib/security/requestAudit';

export type { ContextAudit, NetworkAttempt, ResourceRecord };

const AUDIT = '__requestAudit';
// The guard replaces globals of every kind of context, so it sees the global object untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const g = globalThis as unknown as Record<string, any>;

interface GuardState {
  context: string;
  attempts: NetworkAttempt[];
  resources: ResourceRecord[];
  /** Workers this context started, with their last answer (kept for a busy or ended worker). */
  children: { worker: Worker; name: string; last?: ContextAudit; ended?: boolean }[];
}

/** Is `url` inside this site (same origin, or blob:/data:)? */
export function insideSite(url: string | URL, base: string = String(g.location?.href ?? '')): boolean {
  let u: URL;
  try {
    u = new URL(String(url), base);
  } catch {
    return false;
  }
  if (u.protocol === 'blob:' || u.protocol === 'data:') return true;
  const here = new URL(base);
  if (u.protocol === 'ws:' || u.protocol === 'wss:') return u.host === here.host;
  return u.origin === here.origin;
}

function urlOf(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  if (input && typeof input === 'object' && 'url' in input) return String((input as { url: string }).url);
  return String(input);
}

function install(): GuardState {
  const isWorker = typeof g.importScripts === 'function' || typeof (g as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
  const state: GuardState = { context: isWorker ? String(g.name || 'worker') : 'page', attempts: [], resources: [], children: [] };
  const check = (api: string, url: unknown): boolean => {
    const href = urlOf(url);
    const allowed = insideSite(href);
    state.attempts.push({ api, url: href.slice(0, 500), allowed });
    return allowed;
  };
  const refuse = (href: unknown) => `Blocked: ${urlOf(href).slice(0, 200)} is outside this site — the studio sends nothing beyond its own origin.`;

  const fetch0 = g.fetch as typeof fetch | undefined;
  if (fetch0) {
    g.fetch = function guardedFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (!check('fetch', input)) return Promise.reject(new TypeError(refuse(input)));
      return fetch0.call(this, input, init);
    } as typeof fetch;
  }
  const XHR = g.XMLHttpRequest as typeof XMLHttpRequest | undefined;
  if (XHR) {
    const open0 = XHR.prototype.open;
    XHR.prototype.open = function guardedOpen(this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      if (!check('xhr', url)) throw new DOMException(refuse(url), 'SecurityError');
      return (open0 as (...a: unknown[]) => void).call(this, method, url, ...rest);
    } as typeof XHR.prototype.open;
  }
  for (const name of ['WebSocket', 'EventSource', 'WebTransport'] as const) {
    const C = g[name] as (new (url: string | URL, opts?: unknown) => object) | undefined;
    if (!C) continue;
    const Guarded = class extends C {
      constructor(url: string | URL, opts?: unknown) {
        if (!check(name.toLowerCase(), url)) throw new DOMException(refuse(url), 'SecurityError');
        super(url, opts);
      }
    };
    g[name] = Guarded;
  }
  const importScripts0 = g.importScripts as ((...urls: string[]) => void) | undefined;
  if (importScripts0) {
    g.importScripts = (...urls: (string | URL)[]) => {
      for (const u of urls) if (!check('importScripts', u)) throw new DOMException(refuse(u), 'SecurityError');
      return importScripts0.apply(g, urls.map(String));
    };
  }
  const nav = g.navigator as (Navigator & { sendBeacon?: Navigator['sendBeacon'] }) | undefined;
  if (nav?.sendBeacon) {
    const beacon0 = nav.sendBeacon.bind(nav);
    nav.sendBeacon = (url: string | URL, data?: BodyInit | null) => (check('sendBeacon', url) ? beacon0(url, data) : false);
  }
  const Worker0 = g.Worker as typeof Worker | undefined;
  if (Worker0) {
    g.Worker = class GuardedWorker extends Worker0 {
      constructor(url: string | URL, opts?: WorkerOptions) {
        if (!check('worker', url)) throw new DOMException(refuse(url), 'SecurityError');
        super(url, opts);
        state.children.push({ worker: this, name: opts?.name || urlOf(url).split('/').pop()!.split('?')[0] });
      }
      terminate() {
        const c = state.children.find((x) => x.worker === this);
        if (c) c.ended = true;
        super.terminate();
      }
    };
  }
  // What the Content-Security-Policy refused here (an <img>, a worker's fetch…): recorded as blocked.
  g.addEventListener?.('securitypolicyviolation', (e: SecurityPolicyViolationEvent) => {
    state.attempts.push({ api: `policy:${e.effectiveDirective}`, url: String(e.blockedURI).slice(0, 500), allowed: false });
  });
  // Every request this context makes, from the browser's own resource timing (buffered: none is lost).
  try {
    (performance as Performance & { setResourceTimingBufferSize?(n: number): void }).setResourceTimingBufferSize?.(100_000);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.resources.push({ url: e.name.slice(0, 500), initiator: (e as PerformanceResourceTiming).initiatorType });
    }).observe({ type: 'resource', buffered: true });
  } catch {
    /* no resource timing here: the guard's own records still count */
  }
  // Audit requests from the parent arrive with a reply port; they never reach comlink or DuckDB.
  if (isWorker) {
    g.addEventListener('message', (e: Event) => {
      const ev = e as MessageEvent;
      if (!ev.data || ev.data[AUDIT] !== true || !ev.ports[0]) return;
      ev.stopImmediatePropagation();
      const budget = Math.max(200, Number(ev.data.timeoutMs ?? 3000) - 500);
      void collect(state, budget).then((r) => ev.ports[0].postMessage(r));
    });
  }
  return state;
}

/** Asks one worker for its audit; a worker that does not answer in time gives its last answer, marked stale. */
function ask(child: GuardState['children'][number], timeoutMs: number): Promise<ContextAudit> {
  const fallback = (): ContextAudit => (child.last ? { ...child.last, stale: true } : { context: child.name, origin: '', attempts: [], resources: [], children: [], silent: true });
  if (child.ended) return Promise.resolve(fallback());
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    const timer = setTimeout(() => resolve(fallback()), timeoutMs);
    ch.port1.onmessage = (e) => {
      clearTimeout(timer);
      child.last = e.data as ContextAudit;
      resolve(child.last);
    };
    child.worker.postMessage({ [AUDIT]: true, timeoutMs }, [ch.port2]);
  });
}

async function collect(state: GuardState, timeoutMs = 3000): Promise<ContextAudit> {
  const children = await Promise.all(state.children.map((c) => ask(c, timeoutMs)));
  return { context: state.context, origin: String(g.location?.origin ?? ''), attempts: [...state.attempts], resources: [...state.resources], children };
}

const KEY = '__networkGuard';
const guard: GuardState = (g[KEY] as GuardState | undefined) ?? (g[KEY] = install());

/** This context's audit, with the audits of every worker it (and they) started. */
export function requestAudit(timeoutMs = 4000): Promise<ContextAudit> {
  return collect(guard, timeoutMs);
}
