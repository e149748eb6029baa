/**
 * Cancels the upstream requests made for one client request when the client goes away. A plain
 * callback list: on Node 20 an AbortController costs about 3.6 µs per request, which showed in
 * the gateway's profile, and nothing here needs the DOM event machinery.
 */
export class Cancellation {
  private listeners: (() => void)[] = [];
  private cancelledWith?: Error;

  get cancelled(): boolean {
    return this.cancelledWith !== undefined;
  }

  get reason(): Error {
    return this.cancelledWith ?? new Error('not cancelled');
  }

  cancel(reason: Error = Object.assign(new Error('the client went away'), { name: 'AbortError', code: 'UND_ERR_ABORTED' })): void {
    if (this.cancelledWith) return;
    this.cancelledWith = reason;
    for (const listener of this.listeners.splice(0)) listener();
  }

  onCancel(listener: () => void): void {
    if (this.cancelledWith) listener();
    else this.listeners.push(listener);
  }
}
