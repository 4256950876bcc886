import '../workers/networkGuard'; // first: records and confines every request of the page
import { mount } from 'svelte';
import App from './App.svelte';
import { db } from './clients/db';
import { trainer } from './clients/train';
import { cancelPromo, promoWorker } from './clients/promo';
import './app.css';

const app = mount(App, { target: document.getElementById('app')! });

// Handles for the benchmark and browser tests (the same workers the views use; nothing extra loads).
(globalThis as unknown as { __studio: unknown }).__studio = { db, trainer, promoWorker, cancelPromo };

export default app;
