import { deepStrictEqual, fail } from 'node:assert/strict';
import type { Decider } from './decider';
import type { DomainError } from './errors';

/**
 * Given/when/then tests for deciders:
 *   DeciderSpecification.for(decider).given([...events]).when(command).then([...events])
 *   ... .thenFails('CODE') / .thenFailsWith({ kind, code })
 */
export const DeciderSpecification = {
  for<C, E, S>(decider: Decider<C, E, S>) {
    return {
      given(events: readonly E[]) {
        return {
          when(command: C) {
            const run = () => {
              const state = events.reduce<S>((s, e) => decider.evolve(s, e), decider.initialState());
              return decider.decide(command, state);
            };
            return {
              then(expected: readonly E[] | ((events: readonly E[]) => void)): void {
                const decision = run();
                if (!decision.ok) fail(`expected events, got error ${decision.error.code}: ${decision.error.message}`);
                if (typeof expected === 'function') expected(decision.events);
                else deepStrictEqual(decision.events, expected);
              },
              thenFails(code: string, kind?: DomainError['kind']): DomainError {
                const decision = run();
                if (decision.ok) fail(`expected error ${code}, got events ${JSON.stringify(decision.events)}`);
                deepStrictEqual(decision.error.code, code);
                if (kind) deepStrictEqual(decision.error.kind, kind);
                deepStrictEqual(decision.events, [], `refusal ${code} unexpectedly records events`);
                return decision.error;
              },
              /** The command is refused, and the refusal itself records these events. */
              thenFailsRecording(code: string, expected: readonly E[]): DomainError {
                const decision = run();
                if (decision.ok) fail(`expected error ${code}, got events ${JSON.stringify(decision.events)}`);
                deepStrictEqual(decision.error.code, code);
                deepStrictEqual(decision.events, expected);
                return decision.error;
              },
              thenNothing(): void {
                const decision = run();
                if (!decision.ok) fail(`expected no events, got error ${decision.error.code}`);
                deepStrictEqual(decision.events, []);
              },
            };
          },
        };
      },
    };
  },
};
