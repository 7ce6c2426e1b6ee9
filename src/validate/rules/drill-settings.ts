import { parseDuration } from '../../base/durations.js';
import { fact } from '../../catalog/index.js';
import type { Rule } from './context.js';

/** Defaults of `azslo drill` when the spec gives none (DrillSpec). */
const DEFAULT_DETECT_WITHIN = '30m';
const DEFAULT_TIMEOUT = '2h';

/**
 * `recovery.drill`: its receivers are declared targets (AZSLO012); the drill fits in one Chaos Studio experiment and
 * waits for alerts for less than its whole timeout, periods and timeouts are not zero (AZSLO047); a window without
 * a period schedules nothing (AZSLO048).
 */
export const drillSettings: Rule = {
  name: 'drill-settings',
  codes: ['AZSLO012', 'AZSLO047', 'AZSLO048'],
  check(ctx) {
    const drill = ctx.spec.recovery?.drill;
    if (!drill) return;
    const at = ['recovery', 'drill'] as const;
    const { names, has } = ctx.targets;
    (drill.receivers ?? []).forEach((t, i) => {
      if (!has(t)) ctx.report([...at, 'receivers', i]).unknownNotificationTarget(t, ctx.spec.metadata.name, names);
    });
    // Malformed durations are the schema's (AZSLO015): only well-formed ones are compared here.
    for (const key of ['every', 'detectWithin', 'timeout'] as const) {
      if (drill[key] !== undefined && parseDuration(drill[key]) === 0) ctx.report([...at, key], 'value').drillZeroDuration(key);
    }
    const timeout = parseDuration(drill.timeout ?? DEFAULT_TIMEOUT);
    const detectWithin = parseDuration(drill.detectWithin ?? DEFAULT_DETECT_WITHIN);
    const maxHours = fact('drill-schedule', 'chaosExperimentMaxHours');
    if (timeout !== undefined && timeout > maxHours * 3600) ctx.report([...at, 'timeout'], 'value').drillTimeoutTooLong(drill.timeout!, maxHours);
    if (timeout && detectWithin && detectWithin >= timeout) {
      ctx.report([...at, drill.detectWithin !== undefined ? 'detectWithin' : 'timeout'], 'value').drillDetectAfterTimeout(drill.detectWithin ?? DEFAULT_DETECT_WITHIN, drill.timeout ?? DEFAULT_TIMEOUT);
    }
    if (drill.window && drill.every === undefined) ctx.report([...at, 'window'], 'key').drillWindowWithoutEvery();
  },
};
