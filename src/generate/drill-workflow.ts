/**
 * The drill schedule as a CI recipe: per service with `recovery.drill.every` and `window`, a GitHub Actions workflow
 * that runs `azslo drill … --if-due` for each drilled plan in the weekly window (docs/drills.md). Printed
 * from data with the `yaml` package; deterministic (no clock: whether a drill is due is decided when it runs).
 */
import { stringify } from 'yaml';
import { parseDuration } from '../base/durations.js';
import { fact } from '../catalog/index.js';
import { plansOf } from '../drplan/index.js';
import { drillDefaults, planDrillable, planDrilled, windowCron } from '../drplan/schedule.js';
import type { ServiceModel } from '../model/service.js';
import type { OutputFile } from '../output/target.js';
import { azsloVersion } from '../base/package.js';

/** The default drill timeout (DrillSpec.timeout) when the spec gives none. */
/** Minutes the job needs around the drill itself: checkout, node, sign-in, the report upload. */
const JOB_SETUP_MINUTES = 15;

const version = azsloVersion;

/**
 * A value from the spec, as GitHub reads it: user text reaches the shell only through environment variables, and
 * text that would open an expression (`${{`) is written as an expression's string literal instead.
 */
const literal = (text: string): string => (text.includes('${{') ? `\${{ '${text.replace(/'/g, "''")}' }}` : text);

/** Where the workflow is written in the output folder; it is copied to .github/workflows/ of the repository. */
export const drillWorkflowPath = (service: ServiceModel): string => `${service.slug}/workflows/azslo-drill-${service.slug}.yml`;

/** The drill workflow of each service that schedules drills and has a plan to drill. */
export function drillWorkflows(services: readonly ServiceModel[]): OutputFile[] {
  return services.flatMap((s) => {
    const text = drillWorkflow(s);
    return text === undefined ? [] : [{ path: drillWorkflowPath(s), content: text }];
  });
}

export function drillWorkflow(service: ServiceModel): string | undefined {
  const drill = service.recovery?.drill;
  if (!drill?.every || !drill.window) return undefined;
  const { plans: all, scenarios } = plansOf(service);
  const plans = all.filter((p) => planDrilled(service.recovery, p.scenario) && planDrillable(service, p, scenarios));
  if (plans.length === 0) return undefined;
  const actions = fact('drill-schedule', 'workflowActions');
  const timeoutMinutes = Math.ceil((drill.timeout !== undefined ? parseDuration(drill.timeout) ?? 0 : drillDefaults().timeoutSeconds) / 60);
  const jobMinutes = Math.min(fact('drill-schedule', 'githubHostedJobMaxMinutes'), timeoutMinutes + JOB_SETUP_MINUTES);
  const jobs: Record<string, unknown> = {};
  let previous: string | undefined;
  for (const plan of plans) {
    const id = `drill-${plan.runbook.replace(/^azslo-/, '')}`;
    jobs[id] = {
      name: `Drill ${plan.scenario}`,
      ...(previous ? { needs: previous, if: '${{ !cancelled() }}' } : {}),
      'runs-on': 'ubuntu-24.04',
      'timeout-minutes': jobMinutes,
      steps: [
        { uses: actions.checkout },
        { uses: actions.setupNode, with: { 'node-version': 20 } },
        {
          name: 'Sign in to Azure (workload identity federation, no secret)',
          uses: actions.azureLogin,
          with: { 'client-id': '${{ vars.AZURE_CLIENT_ID }}', 'tenant-id': '${{ vars.AZURE_TENANT_ID }}', 'subscription-id': '${{ vars.AZURE_SUBSCRIPTION_ID }}' },
        },
        {
          name: `Drill ${plan.scenario} when due`,
          env: {
            AZSLO_SERVICE: literal(service.name),
            AZSLO_SCENARIO: literal(plan.scenario),
            AZSLO_SUBSCRIPTION: '${{ vars.AZURE_SUBSCRIPTION_ID }}',
            AZSLO_SPECS: '${{ vars.AZSLO_SPECS }}',
            AZSLO_RESOURCE_GROUP: '${{ vars.AZSLO_RESOURCE_GROUP }}',
            // A scheduled run drills only when due; a manual run drills now unless asked to keep to the schedule.
            IF_DUE: "${{ (github.event_name == 'schedule' || inputs.if-due) && '--if-due' || '' }}",
          },
          run: [
            'test -n "$AZSLO_SPECS" || { echo "::error::set the repository variable AZSLO_SPECS to the spec files or folders"; exit 1; }',
            'test -n "$AZSLO_RESOURCE_GROUP" || { echo "::error::set the repository variable AZSLO_RESOURCE_GROUP to the resource group of the Automation account"; exit 1; }',
            `# shellcheck disable=SC2086 # IF_DUE and AZSLO_SPECS are lists of words`,
            `npx --yes azslo@${version()} drill $AZSLO_SPECS "$AZSLO_SCENARIO" --service "$AZSLO_SERVICE" --resource-group "$AZSLO_RESOURCE_GROUP" --subscription "$AZSLO_SUBSCRIPTION" --out drills $IF_DUE`,
          ].join('\n'),
        },
        {
          // A job cancelled or timed out mid-drill may not have had time to fail back: finish from the journal.
          name: 'Restore what an interrupted drill left',
          if: '${{ !success() }}',
          run: [
            'shopt -s nullglob',
            'for journal in drills/.journal/*.json; do',
            `  npx --yes azslo@${version()} drill --restore "$journal" --out drills || echo "::error::restore from $journal failed: run azslo drill --restore $journal by hand"`,
            'done',
          ].join('\n'),
        },
        {
          name: 'Keep the drill report',
          if: '${{ always() }}',
          uses: actions.uploadArtifact,
          with: { name: `drill-report-${plan.runbook}`, path: 'drills/', 'if-no-files-found': 'ignore', 'include-hidden-files': true },
        },
      ],
    };
    previous = id;
  }
  const workflow = {
    name: `azslo drill ${service.slug}`,
    on: {
      schedule: [{ cron: windowCron(drill.window) }],
      workflow_dispatch: { inputs: { 'if-due': { description: 'Drill only the plans that are due (as the schedule does)', type: 'boolean', default: false } } },
    },
    permissions: { 'id-token': 'write', contents: 'read' },
    // One drill of the service at a time: a run queued behind a running one waits, never cancels it.
    concurrency: { group: `azslo-drill-${service.slug}`, 'cancel-in-progress': false },
    jobs,
  };
  const header = [
    `Generated by azslo from the spec of service ${service.slug}. Do not edit: change recovery.drill and run \`azslo generate\`.`,
    `Copy to .github/workflows/. Runs weekly in the drill window (${drill.window.day} ${drill.window.start} UTC); each plan is due in the`,
    `first window on or after every ${drill.every} counted from 1970-01-01 UTC. Repository variables: AZURE_CLIENT_ID, AZURE_TENANT_ID,`,
    'AZURE_SUBSCRIPTION_ID (an identity with a federated credential for this repository), AZSLO_SPECS, AZSLO_RESOURCE_GROUP.',
  ];
  return `${header.map((l) => `# ${l}`).join('\n')}\n${stringify(workflow, { lineWidth: 0 })}`;
}
