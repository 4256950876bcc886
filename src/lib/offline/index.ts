/** Offline app: the service worker's precache list, built at build time from the site's files. */
export { precacheList, injectPrecache, DEFAULT_EXCLUDE, PRECACHE_MARKER, type BuiltFile, type PrecacheList, type PrecacheOptions } from './precacheList';
