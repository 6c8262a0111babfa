// The life of each core part (Recorder, CollectorHost, SettingsService), as named states in the
// style of ws's WebSocketServer: a part is created STARTING, RUNNING once usable, CLOSING while it
// stops, CLOSED after; work offered outside RUNNING is refused or ignored, never half done.
export const STARTING = 0;
export const RUNNING = 1;
export const CLOSING = 2;
export const CLOSED = 3;

export type LifecycleState = typeof STARTING | typeof RUNNING | typeof CLOSING | typeof CLOSED;

/** Runs the tasks given to it one after another; a failed task fails its own caller only. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task given so far has settled. */
  async idle(): Promise<void> {
    await this.#tail;
  }
}
