// The one queue of each core part: changes run one after another, in the order asked.
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
