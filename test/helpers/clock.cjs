// Preloaded into the server by LspTestClient.start({ clock }) (`node --require`): the process's
// clock starts at DAG_GUARD_TEST_CLOCK (milliseconds since the epoch) and runs on from there, so a
// test that expects "today" (DG301's fixed date) names its day instead of reading the machine's.
// Only `new Date()` and `Date.now()` move; timers run on the real clock.
'use strict';
const start = Number(process.env.DAG_GUARD_TEST_CLOCK);
if (Number.isFinite(start)) {
  const RealDate = Date;
  const offset = start - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
