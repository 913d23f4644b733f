import type { EventStore } from '@acc/ports';

/**
 * For consumer tests: the same store, except that its first subscription dies after handing over
 * its first batch, as an EventStoreDB subscription does when the connection drops. Later
 * subscriptions are the store's own. `subscriptions` counts them.
 */
export function losingFirstSubscription<S extends EventStore>(store: S, error = new Error('connection lost')): { store: S; readonly subscriptions: number } {
  let subscriptions = 0;
  const wrapped = Object.create(store, {
    subscribeToAll: {
      value: (...[handler, options]: Parameters<EventStore['subscribeToAll']>) => {
        subscriptions += 1;
        if (subscriptions > 1) return store.subscribeToAll(handler, options);
        return store.subscribeToAll(async (events) => {
          await handler(events);
          throw error;
        }, options);
      },
    },
  }) as S;
  return {
    store: wrapped,
    get subscriptions() {
      return subscriptions;
    },
  };
}
