/**
 * The request audit: what every context of the page (the page and each worker, as reported by the
 * network guard in workers/networkGuard.ts) fetched or tried to reach, flattened into rows, and the
 * one-line summary the header shows. "0 requests left this device" is said only when the site is
 * served from this machine (a loopback origin), every context answered, and no request went to
 * another origin.
 */

/** One network attempt seen by the guard. */
export interface NetworkAttempt {
  api: string;
  url: string;
  allowed: boolean;
}

/** A request the browser made from one context (resource timing). */
export interface ResourceRecord {
  url: string;
  initiator: string;
}

/** What one context (and, below it, its workers) tried and fetched. */
export interface ContextAudit {
  context: string;
  origin: string;
  attempts: NetworkAttempt[];
  resources: ResourceRecord[];
  children: ContextAudit[];
  /** Set when the context never answered: what it did is unknown. */
  silent?: boolean;
  /** Set when this is the context's last answer (it was busy or has ended). */
  stale?: boolean;
}

/** One row of the audit list. */
export interface AuditRow {
  context: string;
  url: string;
  via: string;
  /** `site`: this site's own origin (or blob:/data:); `outside`: another origin; `blocked`: refused before it was sent. */
  status: 'site' | 'outside' | 'blocked';
}

export interface AuditSummary {
  rows: AuditRow[];
  contexts: string[];
  /** Contexts that did not answer (their requests are unknown). */
  silent: string[];
  site: number;
  outside: number;
  blocked: number;
  /** The header's line. */
  label: string;
  /** True only when the label may claim that nothing left this device (or this site). */
  clean: boolean;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Is `url` this site (`origin`) or a local blob:/data: URL? */
export function sameSite(url: string, origin: string): boolean {
  if (/^(blob|data):/i.test(url)) return true;
  try {
    return new URL(url, origin).origin === origin;
  } catch {
    return false;
  }
}

/** Flattens `audit` (the page's, with its workers below it) into rows and the header's summary. */
export function summarizeAudit(audit: ContextAudit, origin: string): AuditSummary {
  const rows: AuditRow[] = [];
  const contexts: string[] = [];
  const silent: string[] = [];
  const walk = (a: ContextAudit, path: string) => {
    const name = path ? `${path} › ${a.context}` : a.context;
    contexts.push(name);
    if (a.silent) silent.push(name);
    // The browser lists a load the policy refused as a resource too: it is shown once, as blocked.
    const refused = new Set(a.attempts.filter((t) => !t.allowed).map((t) => t.url));
    const wasRefused = (url: string) => refused.has(url) || [...refused].some((r) => r.length > 8 && url.startsWith(r) && /^[a-z]+:\/\/[^/]+\/?$/i.test(r));
    for (const r of a.resources) {
      if (sameSite(r.url, origin)) rows.push({ context: name, url: r.url, via: r.initiator, status: 'site' });
      else if (!wasRefused(r.url)) rows.push({ context: name, url: r.url, via: r.initiator, status: 'outside' });
    }
    for (const t of a.attempts) if (!t.allowed) rows.push({ context: name, url: t.url, via: t.api, status: 'blocked' });
    for (const c of a.children) walk(c, name);
  };
  walk(audit, '');
  const count = (s: AuditRow['status']) => rows.filter((r) => r.status === s).length;
  const [site, outside, blocked] = [count('site'), count('outside'), count('blocked')];
  let host = '';
  try {
    host = new URL(origin).hostname;
  } catch {
    /* no origin: not served over HTTP */
  }
  const local = LOOPBACK.test(host) || LOOPBACK.test(`[${host}]`);
  const clean = outside === 0 && silent.length === 0;
  const label = silent.length
    ? `Request audit incomplete: ${silent.length} worker${silent.length === 1 ? '' : 's'} not answering`
    : outside > 0
      ? `${outside} request${outside === 1 ? '' : 's'} left this site`
      : local
        ? '0 requests left this device'
        : '0 requests beyond this site';
  return { rows, contexts, silent, site, outside, blocked, label, clean };
}
