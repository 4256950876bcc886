/**
 * The site's Content-Security-Policy, one string for every place it is delivered: the HTTP header of
 * `npm start` / `vite preview` (vite.config.ts), the headers file of static hosts (public/_headers) and
 * the `<meta>` tag of index.html (for hosts that cannot send headers; a meta policy does not reach
 * workers, which is why the header matters). A test keeps the three identical.
 *
 * Only this origin may be reached (`connect-src 'self'`); scripts and workers come from this origin or
 * blob: URLs; WebAssembly may compile (`'wasm-unsafe-eval'`: DuckDB, TF.js, parquet-wasm), JavaScript
 * `eval` may not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Headers sent with every file of the site (the policy plus a few that cost nothing). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};
