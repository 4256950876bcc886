import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS, summarizeAudit, type ContextAudit } from '../../../src/lib/security';

describe('one policy everywhere it is delivered', () => {
  it('index.html’s meta tag, public/_headers and the preview headers carry the same policy', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(readFileSync('index.html', 'utf8'))?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    const lines = readFileSync('public/_headers', 'utf8').split('\n');
    expect(lines).toContain('/*');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(lines).toContain(`  ${k}: ${v}`);
    expect(readFileSync('vite.config.ts', 'utf8')).toMatch(/preview: \{[^}]*headers: SECURITY_HEADERS/);
  });
  it('connections only to this origin; no JavaScript eval; wasm may compile', () => {
    const d = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1)]));
    expect(d['connect-src']).toEqual(["'self'", 'blob:', 'data:']);
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['script-src']).toContain("'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|\*|https?:/);
  });
});

const ctx = (context: string, over: Partial<ContextAudit> = {}): ContextAudit => ({ context, origin: 'http://127.0.0.1:4173', attempts: [], resources: [], children: [], ...over });
const ORIGIN = 'http://127.0.0.1:4173';

describe('request audit summary', () => {
  it('says "0 requests left this device" only for a loopback origin with nothing outside and every context answering', () => {
    const a = ctx('page', {
      resources: [{ url: `${ORIGIN}/assets/index.js`, initiator: 'script' }, { url: 'blob:http://127.0.0.1:4173/x', initiator: 'other' }],
      children: [ctx('db', { resources: [{ url: `${ORIGIN}/sample/s.csv`, initiator: 'fetch' }], attempts: [{ api: 'fetch', url: 'http://127.0.0.1:9/x', allowed: false }] })],
    });
    const s = summarizeAudit(a, ORIGIN);
    expect(s).toMatchObject({ site: 3, outside: 0, blocked: 1, clean: true, label: '0 requests left this device', contexts: ['page', 'page › db'] });
    const hosted = JSON.parse(JSON.stringify(a).replaceAll(ORIGIN, 'https://studio.example.org').replaceAll('blob:http://127.0.0.1:4173', 'blob:https://studio.example.org'));
    expect(summarizeAudit(hosted, 'https://studio.example.org')).toMatchObject({ outside: 0, label: '0 requests beyond this site' });
    // The same files seen from another origin are requests that left it.
    expect(summarizeAudit(a, 'https://studio.example.org')).toMatchObject({ outside: 2, clean: false });
  });
  it('counts a request to another origin, and never claims 0 while a worker has not answered', () => {
    const out = summarizeAudit(ctx('page', { children: [ctx('train', { resources: [{ url: 'http://127.0.0.1:9/leak?d=1', initiator: 'fetch' }] })] }), ORIGIN);
    expect(out).toMatchObject({ outside: 1, clean: false, label: '1 request left this site' });
    expect(out.rows).toContainEqual({ context: 'page › train', url: 'http://127.0.0.1:9/leak?d=1', via: 'fetch', status: 'outside' });
    const silent = summarizeAudit(ctx('page', { children: [ctx('db', { silent: true })] }), ORIGIN);
    expect(silent).toMatchObject({ clean: false, label: 'Request audit incomplete: 1 worker not answering' });
  });
  it('a load the policy refused is listed once, as blocked, not as a request that left', () => {
    const s = summarizeAudit(ctx('page', { resources: [{ url: 'http://127.0.0.1:9/p.png', initiator: 'img' }], attempts: [{ api: 'policy:img-src', url: 'http://127.0.0.1:9/p.png', allowed: false }] }), ORIGIN);
    expect(s).toMatchObject({ outside: 0, blocked: 1, label: '0 requests left this device' });
  });
});
