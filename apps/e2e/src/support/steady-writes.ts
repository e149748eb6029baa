export interface WriteOutcome {
  ok: number;
  /** Status code (0: no response) → how many writes finally failed with it. */
  failures: Record<number, number>;
  /** Attempts repeated after a 503 or a lost connection, as a client would. */
  retries: number;
  seconds: number;
}

/** Whether a client would try again: the service said "unavailable", or the connection broke. */
const RETRYABLE = (status: number) => status === 503 || status === 0;
const MAX_ATTEMPTS = 4;

/**
 * Makes `total` user changes at a steady `perSecond` against the users service, as `authorization`
 * (an admin): the first fifth
 * create users, the rest rename them round-robin (each rename is a real change, so an event).
 * Requests are fired on schedule, not one after another, so a slow phase does not lower the rate.
 */
export async function steadyWrites(
  usersUrl: string,
  total: number,
  perSecond: number,
  authorization: Record<string, string>,
): Promise<WriteOutcome> {
  const creates = Math.ceil(total / 5);
  const created: string[] = [];
  const outcome: WriteOutcome = { ok: 0, failures: {}, retries: 0, seconds: 0 };
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  const record = async (send: () => Promise<Response>, onOk?: (body: { id: string }) => void) => {
    for (let attempt = 1; ; attempt++) {
      const result = await send().catch(() => undefined);
      const status = result?.status ?? 0;
      if (result?.ok) {
        outcome.ok++;
        onOk?.((await result.json()) as { id: string });
        return;
      }
      await result?.text();
      if (!RETRYABLE(status) || attempt === MAX_ATTEMPTS) {
        outcome.failures[status] = (outcome.failures[status] ?? 0) + 1;
        return;
      }
      outcome.retries++;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  };
  for (let i = 0; i < total; i++) {
    // One reading of the clock: a second one could fall past `due` (Node 24 warns on a negative delay).
    const wait = started + (i * 1000) / perSecond - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const headers = { 'content-type': 'application/json', ...authorization };
    if (i < creates || created.length === 0) {
      const body = JSON.stringify({ email: `load-${i}-${started}@example.com`, name: `Load ${i}` });
      inFlight.push(
        record(
          () => fetch(`${usersUrl}/v1/users`, { method: 'POST', headers, body }),
          (user) => created.push(user.id),
        ),
      );
    } else {
      const id = created[i % created.length];
      const body = JSON.stringify({ name: `Load rename ${i}` });
      inFlight.push(record(() => fetch(`${usersUrl}/v1/users/${id}`, { method: 'PATCH', headers, body })));
    }
  }
  await Promise.all(inFlight);
  outcome.seconds = (Date.now() - started) / 1000;
  return outcome;
}
