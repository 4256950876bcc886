/**
 * Registers the offline service worker (public/sw.js, its file list written in by the build) on the
 * built site. Not in `vite dev`, where files change on every edit. The worker fetches only this
 * site's files; see public/sw.js.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const start = () => void navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' }).catch(() => undefined);
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
}
