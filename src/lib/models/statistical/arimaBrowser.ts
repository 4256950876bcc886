/**
 * Browser/worker loader of `arima/async`. A static default import hands over the module's real exported
 * promise; a dynamic `import('arima/async')` would not: bundler interop wraps it in an object with
 * Promise.prototype as prototype, and resolving that "thenable" throws. Node uses `require` instead
 * (see arima.ts), so this module is only imported dynamically in the browser.
 */
import arimaPromise from 'arima/async';

/** The promise of the compiled `arima` constructor. */
export const getArima = (): typeof arimaPromise => arimaPromise;
