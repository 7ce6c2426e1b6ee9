/**
 * The day the golden analysis reports of examples/ are computed for: waivers (`accept:`) expire, so the goldens pin
 * the date instead of reading the clock (`azslo analyze --today` does the same from the command line).
 */
export const EXAMPLES_DAY = '2026-12-01';
