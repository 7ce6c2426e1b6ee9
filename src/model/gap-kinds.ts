/**
 * The kinds of gap `azslo analyze` reports: the first segment of every gap id, which waivers (`accept:`) name. Kept
 * here, below validation, so a waiver naming a kind that does not exist is caught before any analysis runs.
 */
export const GAP_KINDS = {
  'no-journey': 'no journey declared: no composite SLA',
  'journey-below-slo': "a journey's composite SLA is below an SLO it is compared with (journey/slo)",
  'journey-unknown-sla': 'a step of the journey has no known SLA',
  'no-page-alert': 'an SLO has no page alert',
  'unknown-type': 'a resource type the catalog does not know',
  'no-baseline-alert': 'a resource with no baseline metric alert',
  'rpo-unproven': 'a data store with an RPO that no alert proves',
  'no-service-health': 'no Service Health alert',
  'no-business-signal': 'no business signal',
  'no-outage-detection': 'no alert detects a full outage',
  'not-covered': 'nothing recovers the resource from the disruption (disruption/resource)',
  'rto-not-met': 'the recovery takes longer than the RTO (disruption/resource)',
  'rto-unknown': 'no published time shows the RTO holds (disruption/resource)',
  'rpo-not-met': 'the recovery may lose more than the RPO (disruption/resource)',
  'rpo-unknown': 'no published bound shows the RPO holds (disruption/resource)',
  'reroute-time-unknown': 'the router of a redundant step publishes no switch-over time (router)',
  'no-reroute': 'a redundant step with nothing before it that moves traffic (disruption/resource)',
  'never-drilled': 'a plan to be drilled has no drill report (scenario; analyze --drills only)',
  'drill-overdue': "a plan's last drill is older than recovery.drill.every (scenario)",
  'drill-failed': "a plan's last drill failed or was aborted (scenario)",
} as const;

export type GapKind = keyof typeof GAP_KINDS;
