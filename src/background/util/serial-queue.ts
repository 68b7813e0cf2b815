/**
 * Runs async tasks one after another, in the order they were queued. A failing task rejects its own caller and
 * does not stop the tasks queued after it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
