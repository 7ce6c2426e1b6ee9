/**
 * The CI recipes of examples/_ci: the GitHub Actions workflow lints clean with the real actionlint and the Azure
 * Pipelines YAML has the structure Azure DevOps runs. Both gate pull requests with SARIF and `--fail-on gaps`, deploy
 * only from main, sign in without a secret, and pin the azslo version this package is.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fact } from '../src/catalog/index.js';
import { root } from './helpers/bicep.js';
import { actionlint } from './helpers/actionlint.js';

const GITHUB = 'examples/_ci/github/azslo.yml';
const PIPELINES = 'examples/_ci/azure-pipelines.yml';
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;


type Step = Record<string, any>;
const github = parse(read(GITHUB)) as Record<string, any>;
const pipelines = parse(read(PIPELINES)) as Record<string, any>;
const runs = (steps: readonly Step[]) => steps.map((s) => String(s.run ?? s.script ?? s.inputs?.inlineScript ?? '')).join('\n');

test('the GitHub workflow: actionlint finds nothing, and finds what is broken', async () => {
  const text = read(GITHUB);
  const found = await actionlint(text, GITHUB);
  assert.equal(found, [], found.map((r) => `${r.line}:${r.column} ${r.message}`).join('\n'));
  const broken = await actionlint(text.replace('security-events: write', 'security-events: writ').replace("github.event_name == 'push'", 'github.event_nam == 1 +'), GITHUB);
  assert.ok(broken.some((r) => /writ/.test(r.message)), JSON.stringify(broken));
  assert.ok(broken.length >= 2, JSON.stringify(broken));
});

test('GitHub, pull requests: validate and analyze as SARIF, two uploads, the summary, fail on gaps', () => {
  assert.ok(github.on.pull_request && github.on.push, 'runs on pull requests and pushes');
  assert.equal(github.permissions, { contents: 'read' }, 'the workflow grants only reading; each job asks for more');
  const check = github.jobs.check;
  assert.equal(check.permissions, { contents: 'read', 'security-events': 'write', actions: 'read' });
  const steps = check.steps as Step[];
  const script = runs(steps);
  assert.match(script, /validate \$AZSLO_SPECS --format sarif > sarif\/validate\.sarif/);
  assert.match(script, /analyze \$AZSLO_SPECS --format sarif > sarif\/analyze\.sarif/);
  const analyzeStep = steps.find((s) => /analyze .*--format sarif/.test(s.run ?? ''))!;
  assert.is(analyzeStep.if, "${{ steps.validate.outputs.valid == 'true' }}", "only valid specs are analysed: invalid ones' errors are validate's");
  const uploads = steps.filter((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'));
  assert.equal(uploads.map((s) => [s.with.sarif_file, s.with.category]), [['sarif/validate.sarif', 'azslo-validate'], ['sarif/analyze.sarif', 'azslo-analyze']], 'a category per log');
  for (const s of uploads) assert.match(s.if, /always\(\)/, 'uploaded when the specs have errors too');
  const gate = steps[steps.length - 1]!;
  assert.match(gate.run, /--format markdown --fail-on gaps/);
  assert.match(gate.run, /\$GITHUB_STEP_SUMMARY/);
  assert.match(gate.run, /exit "\$code"/, 'the gate fails the job with analyze’s exit code');
  for (const s of steps.filter((x) => x.run)) assert.is(s['continue-on-error'], undefined);
});

test('GitHub, pull requests: azslo diff against the base branch, in the summary and as one comment on the pull request', () => {
  const diff = github.jobs.diff;
  assert.match(diff.if, /github\.event_name == 'pull_request'/);
  assert.equal(diff.permissions, { contents: 'read', 'pull-requests': 'write' }, 'commenting needs pull-requests: write, nothing more');
  const steps = diff.steps as Step[];
  assert.is(steps[0]!.with['fetch-depth'], 0, 'the base branch must be there for <ref>:<path>');
  const script = runs(steps);
  assert.match(script, /diff "origin\/\$BASE_REF:\$AZSLO_SPECS_ROOT" "\$AZSLO_SPECS_ROOT" --format markdown --out diff\.md/);
  assert.match(script, /gh pr comment "\$PR" --body-file diff\.md --edit-last --create-if-none/, 'one comment, updated on every push');
  // Event values reach the shell through the environment only (no ${{ }} inside run:).
  for (const s of steps.filter((x) => x.run)) assert.not.match(s.run, /\$\{\{/);
});

test('GitHub, main: generate and deploy, signed in by OpenID Connect with no secret, behind the check', () => {
  const deploy = github.jobs.deploy;
  assert.is(deploy.needs, 'check');
  assert.match(deploy.if, /github\.event_name == 'push' && github\.ref == 'refs\/heads\/main'/);
  assert.equal(deploy.permissions, { contents: 'read', 'id-token': 'write' });
  assert.is(deploy.environment, 'production', 'the federated credential names the environment');
  assert.equal(deploy.concurrency, { group: 'azslo-deploy', 'cancel-in-progress': false });
  const steps = deploy.steps as Step[];
  const login = steps.find((s) => String(s.uses).startsWith('azure/login@'))!;
  assert.equal(Object.keys(login.with).sort(), ['client-id', 'subscription-id', 'tenant-id'], 'ids only: no client secret');
  const script = runs(steps);
  assert.ok(script.indexOf('generate $AZSLO_SPECS --out generated') < script.indexOf('bash generated/deploy.sh'));
  assert.match(script, /bash generated\/deploy\.sh "\$RESOURCE_GROUP"/, 'every deployment generate wrote');
  assert.not.match(JSON.stringify(github), /secrets\./, 'no secret is used (a comment shows where a spec secret would go)');
  // The same actions, at the same major versions, as the generated drill workflow (catalog drill-schedule).
  const actions = fact('drill-schedule', 'workflowActions');
  const used = new Set(Object.values(github.jobs).flatMap((j: any) => (j.steps as Step[]).map((s) => s.uses).filter(Boolean)));
  for (const a of [actions.checkout, actions.setupNode, actions.azureLogin, actions.uploadArtifact]) assert.ok(used.has(a), a);
  // The KQL check cache (AZSLO_CACHE_DIR), restored before validate, keyed by the azslo version and the specs.
  assert.is(github.env.AZSLO_CACHE_DIR, '.azslo-cache');
  const checkSteps = github.jobs.check.steps as Step[];
  const cache = checkSteps.findIndex((s) => String(s.uses).startsWith('actions/cache@'));
  assert.ok(cache >= 0 && cache < checkSteps.findIndex((s) => /\bvalidate\b/.test(String(s.run ?? ''))), 'the cache is restored before validate');
  assert.is(checkSteps[cache]!.with.path, '${{ env.AZSLO_CACHE_DIR }}');
  assert.match(checkSteps[cache]!.with.key, /env\.AZSLO_VERSION.*hashFiles/);
});

test('Azure Pipelines: triggers, two stages, SARIF as CodeAnalysisLogs, the summary, a gate, a federated deploy from main', () => {
  assert.equal(pipelines.trigger, { branches: { include: ['main'] } });
  assert.equal(pipelines.pr, { branches: { include: ['main'] } });
  assert.equal(pipelines.stages.map((s: any) => s.stage), ['Check', 'Deploy']);
  const [checkStage, deployStage] = pipelines.stages as Record<string, any>[];
  const check = checkStage!.jobs[0];
  assert.ok(check.job && check.pool.vmImage, 'a job on a hosted pool');
  const steps = check.steps as Step[];
  assert.ok(steps.every((s) => s.checkout || s.task || s.script), 'every step is a checkout, a task or a script');
  const script = runs(steps);
  assert.match(script, /logs="\$\(Build\.ArtifactStagingDirectory\)\/CodeAnalysisLogs"/);
  assert.match(script, /if npx .* validate \$\(AZSLO_SPECS\) --format sarif > "\$logs\/azslo-validate\.sarif"; then\n\s+npx .* analyze \$\(AZSLO_SPECS\) --format sarif > "\$logs\/azslo-analyze\.sarif"/);
  const publish = steps.find((s) => s.task === 'PublishBuildArtifacts@1')!;
  assert.equal([publish.inputs.ArtifactName, publish.condition], ['CodeAnalysisLogs', 'always()'], 'the artifact the SARIF Scans tab reads');
  const gate = steps[steps.length - 1]!;
  assert.match(gate.script, /--format markdown --fail-on gaps/);
  assert.match(gate.script, /##vso\[task\.uploadsummary\]/);
  assert.match(gate.script, /exit "\$code"/);

  assert.is(deployStage!.dependsOn, 'Check');
  assert.match(deployStage!.condition, /eq\(variables\['Build\.SourceBranch'\], 'refs\/heads\/main'\)/);
  assert.match(deployStage!.condition, /ne\(variables\['Build\.Reason'\], 'PullRequest'\)/);
  const deployment = deployStage!.jobs[0];
  assert.ok(deployment.deployment && deployment.environment, 'a deployment job in an environment (approvals)');
  const deploySteps = deployment.strategy.runOnce.deploy.steps as Step[];
  assert.ok(deploySteps[0]!.checkout, 'a deployment job checks out only when told');
  const cli = deploySteps.find((s) => s.task === 'AzureCLI@2')!;
  assert.is(cli.inputs.azureSubscription, '${{ variables.azureServiceConnection }}', 'the service connection, known when the pipeline compiles');
  assert.equal(Object.keys(pipelines.variables).sort(), ['AZSLO_CACHE_DIR', 'AZSLO_SPECS', 'AZSLO_VERSION', 'azureServiceConnection', 'resourceGroup']);
  // The KQL check cache: restored before validate, keyed by the azslo version and the specs.
  const checkSteps = check.steps as Step[];
  const cache = checkSteps.findIndex((s) => s.task === 'Cache@2');
  assert.ok(cache >= 0 && cache < checkSteps.findIndex((s) => /\bvalidate\b/.test(String(s.script ?? ''))), 'the cache is restored before validate');
  assert.is(checkSteps[cache]!.inputs.path, '$(AZSLO_CACHE_DIR)');
  assert.match(checkSteps[cache]!.inputs.key, /\$\(AZSLO_VERSION\).*\$\(AZSLO_SPECS\)\/\*\*/);
  const deployScript = runs(deploySteps);
  assert.ok(deployScript.indexOf(' generate ') < deployScript.indexOf('generated/deploy.sh'));
  assert.match(deployScript, /bash "\$\(Build\.ArtifactStagingDirectory\)\/generated\/deploy\.sh" "\$\(resourceGroup\)"/);
});

test('both pin the azslo version of this package, and run it through that pin only', () => {
  assert.is(github.env.AZSLO_VERSION, version);
  assert.is(String(pipelines.variables.AZSLO_VERSION), version);
  for (const [file, pin] of [[GITHUB, '"azslo@$AZSLO_VERSION"'], [PIPELINES, '"azslo@$(AZSLO_VERSION)"']] as const) {
    const calls = read(file).match(/npx --yes \S+/g) ?? [];
    assert.ok(calls.length >= 4, file);
    for (const c of calls) assert.is(c, `npx --yes ${pin}`, file);
  }
});

test.run();
