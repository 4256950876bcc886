/**
 * What the page says when a supervised worker was replaced (src/clients/supervise.ts). A job that was
 * running reports the failure itself (its call rejects with the reason), so the notice here is for a
 * worker that died idle; a replaced db worker reloads the persisted project, as a page reload would.
 */
import type { DataIssue } from '../lib/data/contract';
import { onWorkerEvent, type WorkerEvent } from '../clients/supervise';
import type { Project } from './project.svelte';

export class WorkerHealth {
  /** The one sentence about the last replaced worker (null: nothing to say). */
  notice = $state.raw<DataIssue | null>(null);
  /** Replacements seen, per worker (for the status line's data attribute). */
  restarts = $state.raw<Record<string, number>>({});

  constructor(private project: Project) {
    onWorkerEvent((e) => void this.handle(e));
  }

  private async handle(e: WorkerEvent) {
    this.restarts = { ...this.restarts, [e.worker]: (this.restarts[e.worker] ?? 0) + 1 };
    if (e.worker === 'db') return this.recoverData(e);
    // A failed job already says what happened; a worker that died idle is mentioned once here.
    this.notice = e.failedCalls ? null : { level: 'warning', code: 'worker_restarted', message: e.message };
  }

  /** The data worker lost every table: load the saved project again (or say that it must be loaded again). */
  private async recoverData(e: WorkerEvent) {
    this.notice = null;
    const p = this.project;
    if (!p.ingest) return;
    const back = await p.restore();
    if (back) {
      const what = e.failedCalls ? ' The step that was running failed; start it again.' : '';
      p.messages = [{ level: 'warning', code: 'worker_restarted', message: `The data worker stopped: ${e.cause}. It was restarted and your project was reloaded from this browser.${what}` }];
      return;
    }
    p.ingest = null;
    p.prepared = null;
    p.values = null;
    p.step = 'data';
    p.messages = [{ level: 'error', code: 'worker_restarted', message: `${e.message} The loaded data was not kept in this browser, so it could not be reloaded.`, hint: 'Load the file again.' }];
  }

  dismiss() {
    this.notice = null;
  }
}
