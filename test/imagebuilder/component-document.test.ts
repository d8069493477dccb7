import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { execFileSync } from 'node:child_process';
import { AUDIT_PARAMETER_PREFIX, GOSS_VERSION, hardeningComponentDocument, type HardeningComponentOptions } from '../../src/imagebuilder/component-document.js';
import { NODE_OS_PROFILES } from '../../src/imagebuilder/node-os.js';
import { tempDir } from '../support/temp-dir.js';

const fixtures = path.resolve('test/fixtures/imagebuilder');
const COMMIT = '4c6ad09037a879818e857806504ab6670d99fc75';

/** The two snapshot cases: the defaults of each OS, one pinned by tag, one by commit. */
const CASES: Record<string, HardeningComponentOptions> = {
  'component-al2023.yml': {
    os: 'al2023',
    architecture: 'x86_64',
    roleVersion: { kind: 'tag', name: '1.0.1' },
    auditVersion: { kind: 'tag', name: '1.0.0' },
    ansibleArguments: NODE_OS_PROFILES.al2023.defaultAnsibleArguments,
    auditMinScore: 80,
    auditReportBucket: 'audit-reports',
  },
  'component-al2.yml': {
    os: 'al2',
    architecture: 'arm64',
    roleVersion: { kind: 'commit', sha: COMMIT },
    auditVersion: { kind: 'commit', sha: COMMIT },
    ansibleArguments: NODE_OS_PROFILES.al2.defaultAnsibleArguments,
    auditMinScore: 0,
  },
};

interface Step {
  name: string;
  action: string;
  onFailure?: string;
  timeoutSeconds?: number;
  maxAttempts?: number;
  inputs: { commands?: string[] } | { source: string; destination: string }[];
}
interface ComponentDocument {
  name: string;
  description: string;
  schemaVersion: number;
  phases: { name: string; steps: Step[] }[];
}

const load = (text: string) => parse(text) as ComponentDocument;
const phase = (document: ComponentDocument, name: string) => document.phases.find((item) => item.name === name)!;
const step = (document: ComponentDocument, phaseName: string, name: string) => phase(document, phaseName).steps.find((item) => item.name === name)!;
const bash = (item: Step) => ((item.inputs as { commands: string[] }).commands ?? []).join('\n');

describe.each(Object.entries(CASES))('%s', (fixture, options) => {
  const text = hardeningComponentDocument(options);
  const document = load(text);
  const profile = NODE_OS_PROFILES[options.os];

  test('matches the reviewed snapshot (UPDATE_FIXTURES=1 rewrites it)', () => {
    const file = path.join(fixtures, fixture);
    if (process.env['UPDATE_FIXTURES'] === '1') writeFileSync(file, text);
    expect(existsSync(file)).toBe(true); // a missing snapshot is a failure: write it with UPDATE_FIXTURES=1 and review it
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  test('is an AWSTOE document: schemaVersion 1.0, phases build, validate, test, unique step names, known actions', () => {
    expect(text).toMatch(/^schemaVersion: 1\.0$/m);
    expect(document.schemaVersion).toBe(1);
    expect(document.phases.map((item) => item.name)).toEqual(['build', 'validate', 'test']);
    for (const { steps } of document.phases) {
      const names = steps.map((item) => item.name);
      expect(new Set(names).size).toBe(names.length);
      for (const item of steps) {
        expect(item.name).toMatch(/^[A-Za-z0-9]+$/);
        expect(['ExecuteBash', 'S3Upload']).toContain(item.action);
        if (item.onFailure) expect(['Abort', 'Continue', 'Ignore']).toContain(item.onFailure);
      }
    }
  });

  test("has no '{{', which Image Builder would read as its own variables", () => expect(text).not.toContain('{{'));

  test("fits CreateComponent's inline data limit of 16,000 characters", () => expect(text.length).toBeLessThan(16_000));

  test('every bash step is syntactically valid bash and stops on the first error', () => {
    for (const { steps } of document.phases) {
      for (const item of steps.filter((candidate) => candidate.action === 'ExecuteBash')) {
        expect(bash(item).startsWith('set -euo pipefail\n')).toBe(true);
        expect(() => execFileSync('bash', ['-n'], { input: bash(item) })).not.toThrow();
      }
    }
  });

  test('fetches the role at the pinned version only, never a branch', () => {
    const fetch = bash(step(document, 'build', 'FetchCisRole'));
    expect(fetch).toContain(`git remote add origin '${profile.roleRepository}'`);
    expect(fetch).not.toMatch(/git clone/);
    if (options.roleVersion.kind === 'tag') {
      expect(fetch).toContain(`git fetch -q --depth 1 origin 'refs/tags/${options.roleVersion.name}:refs/tags/${options.roleVersion.name}'`);
    } else {
      expect(fetch).toContain(`git fetch -q --depth 1 origin '${options.roleVersion.sha}'`);
      expect(fetch).toContain(`test "$(git rev-parse HEAD)" = '${options.roleVersion.sha}'`);
    }
  });

  test('runs the role with the skip-tags and extra-vars of the OS, each word single-quoted', () => {
    const run = bash(step(document, 'build', 'RunCisRole'));
    const [, extraVars, , skipTags] = profile.defaultAnsibleArguments;
    expect(run).toContain(`- role: ${profile.benchmark}`);
    expect(run).toContain(`'--extra-vars' '${extraVars}' '--skip-tags' '${skipTags}'`);
  });

  test('cleans up what it installed and checks the node can still join EKS', () => {
    expect(bash(step(document, 'build', 'Cleanup'))).toContain(`${profile.packageManager} remove -y $packages`);
    expect(bash(step(document, 'validate', 'CheckNodeCanJoinEks'))).toContain(profile.bootstrapCheck);
  });

  test('the test phase runs the pinned audit with a checksum-verified goss and records the score', () => {
    const install = bash(step(document, 'test', 'InstallCisAudit'));
    const gossArch = options.architecture === 'arm64' ? 'arm64' : 'amd64';
    expect(install).toContain(`releases/download/${GOSS_VERSION}/goss-linux-${gossArch}`);
    expect(install).toContain('sha256sum -c -');
    expect(install).toContain(`git remote add origin '${profile.auditRepository}'`);
    const audit = bash(step(document, 'test', 'RunCisAudit'));
    expect(audit).toContain(`cd /opt/${profile.benchmark}-Audit`);
    expect(audit).toContain(`--name "${AUDIT_PARAMETER_PREFIX}/$ami_id"`);
  });

  test('the audit gate and the report upload follow the options', () => {
    const audit = bash(step(document, 'test', 'RunCisAudit'));
    const names = phase(document, 'test').steps.map((item) => item.name);
    const upload = phase(document, 'test').steps.find((item) => item.name === 'UploadAuditReport');
    // The audit itself never fails on the score: it records it (SSM) and the report, and the gate decides last.
    expect(audit).not.toContain('exit !(s < m)');
    expect(audit).toContain('echo "$score" > /var/tmp/drydock/cis-audit-score');
    if (options.auditMinScore > 0) {
      expect(bash(step(document, 'test', 'CheckCisAuditScore'))).toContain(`awk -v s="$score" -v m=${options.auditMinScore} 'BEGIN { exit !(s < m) }'`);
      // The gate comes after the upload: a failed image's report still reaches the bucket.
      expect(names.at(-1)).toBe('CheckCisAuditScore');
    } else {
      expect(names).not.toContain('CheckCisAuditScore');
    }
    if (options.auditReportBucket) {
      expect(upload).toEqual({
        name: 'UploadAuditReport',
        action: 'S3Upload',
        maxAttempts: 3,
        onFailure: 'Abort',
        inputs: [{ source: '/var/lib/drydock/cis-audit/*', destination: `s3://${options.auditReportBucket}/drydock/cis-audit/` }],
      });
    } else {
      expect(upload).toBeUndefined();
    }
  });
});

const hasTools = ['jq', 'awk'].every((tool) => {
  try {
    execFileSync('bash', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
});
if (!hasTools) console.warn('skipping the audit script tests: they need jq and awk on this machine');

(hasTools ? describe : describe.skip)('the audit script', () => {
  // Runs the scoring and gate lines of RunCisAudit in a real bash against a fabricated goss report, with IMDS, the
  // audit script and the AWS CLI replaced by shell functions: proves the arithmetic and the gate's exit status.
  const options = CASES['component-al2023.yml']!;
  const document = load(hardeningComponentDocument(options));
  // The two steps as the test phase runs them (the upload in between needs S3): the audit, then the gate.
  const audit = `${bash(step(document, 'test', 'RunCisAudit'))}\n${bash(step(document, 'test', 'CheckCisAuditScore'))}`;
  const run = (summary: object) => {
    const dir = tempDir('cis-audit');
    const stubs = [
      'curl() { case "$*" in *api/token*) echo token;; *ami-id*) echo ami-0123456789abcdef0;; *region*) echo us-east-1;; esac; }',
      `aws() { echo "$*" > ${dir}/aws-call; }`,
      `mkdir -p ${dir}/opt/AMAZON2023-CIS-Audit`,
      `printf '#!/bin/bash\\nwhile getopts o: o; do out=$OPTARG; done\\necho '"'"'${JSON.stringify({ summary })}'"'"' > "$out"\\n' > ${dir}/opt/AMAZON2023-CIS-Audit/run_audit.sh`,
      `chmod +x ${dir}/opt/AMAZON2023-CIS-Audit/run_audit.sh`,
    ].join('\n');
    const script = audit
      .replaceAll('/opt/', `${dir}/opt/`)
      .replaceAll('/var/lib/drydock', `${dir}/lib`)
      .replaceAll('/var/tmp/drydock', `${dir}/tmp`)
      .replace('set -euo pipefail\n', `set -euo pipefail\nmkdir -p ${dir}/tmp\n${stubs}\n`);
    let status = 0;
    let output = '';
    try {
      output = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    } catch (error) {
      status = (error as { status: number }).status;
      output = (error as { stdout: string }).stdout;
    }
    const recorded = readFileSync(`${dir}/aws-call`, 'utf8');
    return { status, output, recorded };
  };

  test.each([
    [{ 'test-count': 200, 'failed-count': 10, 'skipped-count': 0 }, '95.0', 0],
    [{ 'test-count': 200, 'failed-count': 50, 'skipped-count': 100 }, '50.0', 1],
    [{ 'test-count': 10, 'failed-count': 2 }, '80.0', 0],
    [{ 'test-count': 3, 'failed-count': 0, 'skipped-count': 3 }, '0.0', 1],
  ])('%p scores %s and exits %i against audit-min-score 80', (summary, score, status) => {
    const result = run(summary);
    expect(result.output).toContain(`score ${score}%`);
    expect(result.recorded).toContain(`--name /drydock/cis-audit/ami-0123456789abcdef0`);
    expect(result.recorded).toContain(`"score":${Number(score)}`);
    expect(result.status).toBe(status);
  });
});
