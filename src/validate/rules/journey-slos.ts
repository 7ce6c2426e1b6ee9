import { sliMeasure } from '../../catalog/index.js';
import type { Rule } from './context.js';

/** `architecture.journeys[].slos` names SLOs of the service that promise availability (a journey's composite SLA is one). */
export const journeySlos: Rule = {
  name: 'journey-slos',
  codes: ['AZSLO038'],
  check(ctx) {
    const slos = ctx.spec.slos ?? [];
    (ctx.spec.architecture?.journeys ?? []).forEach((j, i) =>
      (j.slos ?? []).forEach((name, k) => {
        const at = ctx.report(['architecture', 'journeys', i, 'slos', k]);
        const slo = slos.find((s) => s.name === name);
        if (!slo) at.unknownJourneySlo(name, slos.map((s) => s.name));
        else {
          const kind = Object.keys(slo.sli)[0] as keyof typeof slo.sli;
          // A Prometheus SLI says what its ratio measures; every other kind measures what the catalog says.
          const measure = kind === 'prometheus' ? (slo.sli.prometheus?.measures ?? sliMeasure(kind)) : sliMeasure(kind);
          if (measure !== 'availability') at.journeySloNotAvailability(name, measure);
        }
      }),
    );
  },
};
