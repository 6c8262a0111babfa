// Preloaded into a serve process (`NODE_OPTIONS=--import …/clock-shift.js`, see clockShiftEnv): its wall
// clock runs CLOCK_SHIFT_MS ahead, so a test can start the app "after the close" of today. Timers and
// performance.now are untouched: only what reads the date moves.
const shift = Number(process.env.CLOCK_SHIFT_MS ?? 0);
const RealDate = Date;
const realNow = (): number => RealDate.now();

class ShiftedDate extends RealDate {
  constructor(...args: [] | [string | number | Date]) {
    if (args.length === 0) super(realNow() + shift);
    else super(args[0]);
  }

  static override now(): number {
    return realNow() + shift;
  }
}

globalThis.Date = ShiftedDate as DateConstructor;
