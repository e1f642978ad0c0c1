// Engine events that make the convergence watcher look again before its next poll: a watched service changed (swarm
// writes its UpdateStatus when an update pauses or rolls back) or one of its containers died on the node we talk
// to. Swarm has no task events and a daemon only reports its own containers, so polling stays the baseline; the
// events only shorten the time from a failure to the breaker's trip. One GET /events per deploy; the watcher bounds
// the rounds an event storm can cause (WatchOptions.minRoundMs).
import type { DockerEvent, EngineClient, EventStream } from '../engine';
import type { WatchOptions } from './watch';

const SERVICE_ID_LABEL = 'com.docker.swarm.service.id';

/** The watched service an event concerns, if any. */
export function eventServiceId(e: DockerEvent): string | undefined {
  if (e.Type === 'service') return e.Actor.ID;
  if (e.Type === 'container') return e.Actor.Attributes?.[SERVICE_ID_LABEL];
  return undefined;
}

/** A WatchOptions.wakeOn fed by the client's event stream; a failing stream is dropped (polling goes on). */
export function engineEventWake(client: EngineClient): NonNullable<WatchOptions['wakeOn']> {
  return (wake, serviceIds) => {
    const stop = new AbortController();
    let events: EventStream | undefined;
    void (async () => {
      try {
        events = await client.events({ filters: { type: ['service', 'container'], event: ['update', 'die'] }, signal: stop.signal });
        // Stopped while the stream was being opened: close it now, nobody else will.
        if (stop.signal.aborted) return events.close();
        for await (const e of events) {
          const id = eventServiceId(e);
          if (id && serviceIds().has(id)) wake();
        }
      } catch {
        /* no events (old daemon, proxy): the poll alone follows the rollout */
      }
    })();
    return () => {
      stop.abort();
      events?.close();
    };
  };
}
