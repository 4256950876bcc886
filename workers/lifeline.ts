/// <reference lib="webworker" />
/**
 * The worker's lifeline: a Web Lock named after the worker (the page gives each worker a unique `name`),
 * held for the worker's whole life. The browser releases it the moment the worker ends — terminated,
 * closed or crashed — so the page's supervisor (src/clients/supervise.ts), queued on the same lock,
 * learns of the end at once, even while this worker is too busy to answer a heartbeat.
 */
const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
if (locks && self.name) void locks.request(self.name, () => new Promise<never>(() => undefined)).catch(() => undefined);

export {};
