// The pure walks over a day (electron/shared/fill/steps.ts) run to the end at once, as tests call them.
import { mergeDaySteps } from '../../electron/shared/fill/merge.ts';
import { holesSteps } from '../../electron/shared/fill/seam.ts';
import { gapOutcomeSteps } from '../../electron/shared/fill/gap-states.ts';

/** Runs a stepped walk to its end, counting its pauses. */
export function drain<T>(steps: Generator<void, T>): { value: T; pauses: number } {
  for (let pauses = 0; ; pauses++) {
    const r = steps.next();
    if (r.done) return { value: r.value, pauses };
  }
}

export const mergeDay = (...a: Parameters<typeof mergeDaySteps>): ReturnType<typeof mergeDaySteps> extends Generator<void, infer T> ? T : never => drain(mergeDaySteps(...a)).value;
export const holesOf = (...a: Parameters<typeof holesSteps>): ReturnType<typeof holesSteps> extends Generator<void, infer T> ? T : never => drain(holesSteps(...a)).value;
export const gapOutcomes = (...a: Parameters<typeof gapOutcomeSteps>): ReturnType<typeof gapOutcomeSteps> extends Generator<void, infer T> ? T : never => drain(gapOutcomeSteps(...a)).value;
