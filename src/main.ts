import '../workers/networkGuard'; // first: records and confines every request of the page
import { mount } from 'svelte';
import App from './App.svelte';
import { db } from './clients/db';
import { trainer } from './clients/train';
import { cancelPromo, promoWorker } from './clients/promo';
import { replenisher } from './clients/replenish';
import { supervisorOf } from './clients/supervise';
import './app.css';
import { registerServiceWorker } from './registerServiceWorker';

const app = mount(App, { target: document.getElementById('app')! });
registerServiceWorker(); // offline app: caches the built site (public/sw.js)

// Handles for the benchmark and browser tests (the same workers the views use; nothing extra loads).
// `sql` reaches the db worker's engine on a port of its own (lazily; not part of the workers' APIs).
const sql = async (text: string, mode?: 'query' | 'exec') => (await import('./clients/engine')).sql(text, mode);
// `killWorker('train')` ends a worker as a crash would (the supervisor must notice); `workerStarts` counts its starts.
const killWorker = (name: string) => supervisorOf(name)?.kill();
const workerStarts = (name: string) => supervisorOf(name)?.starts ?? 0;
(globalThis as unknown as { __studio: unknown }).__studio = { db, trainer, sql, promoWorker, cancelPromo, replenisher, killWorker, workerStarts };

export default app;
