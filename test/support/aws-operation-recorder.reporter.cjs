// The least-privilege check, run once after the whole suite: every AWS operation the suite saw each action issue
// (recorded by aws-operation-recorder.setup.ts into DRYDOCK_AWS_OPERATIONS_DIR) must be granted by that action's
// action-templates/iam/<action>.json, and everything the policy grants must have been seen.
//
// Why a reporter and not a test file: jest runs test files in parallel workers in no guaranteed order, so no test file
// can know that all the others have finished. A reporter's onRunComplete runs after every file. The check counts as
// one test in the run's results (passed or failed), so the summary line and the exit code include it; listed before
// summary-reporter.cjs in jest.config.js, the summary line counts it too.
//
// It only judges complete runs: with a path filter, a name filter, --onlyChanged, or without the loopback testbed
// (DRYDOCK_TESTBED unset, so the integration tests were skipped) "never called" would be meaningless, and it says so.
'use strict';
const { mkdirSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const check = require('./aws-operation-recorder.check.cjs');

const ROOT = path.resolve(__dirname, '..', '..');

function partialRunReason(globalConfig) {
  const patterns = globalConfig.testPathPatterns;
  const pathPatterns = Array.isArray(patterns) ? patterns : (patterns && patterns.patterns) || [];
  if (pathPatterns.length > 0) return `only tests matching ${pathPatterns.join(' ')} ran`;
  if (globalConfig.testNamePattern) return 'a test name pattern was given';
  if (globalConfig.onlyChanged || globalConfig.findRelatedTests || globalConfig.onlyFailures) return 'only some tests ran';
  if (process.env.DRYDOCK_TESTBED !== '1') return 'the loopback testbed is not running, so the integration tests were skipped';
  return undefined;
}

class AwsOperationRecorderReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
    this.error = undefined;
  }

  onRunStart() {
    const directory = process.env.DRYDOCK_AWS_OPERATIONS_DIR;
    if (!directory) return;
    mkdirSync(directory, { recursive: true });
    for (const name of readdirSync(directory)) if (name.endsWith('.jsonl')) rmSync(path.join(directory, name));
  }

  onRunComplete(_contexts, results) {
    const directory = process.env.DRYDOCK_AWS_OPERATIONS_DIR;
    if (!directory) return;
    const partial = partialRunReason(this.globalConfig);
    if (partial) {
      process.stdout.write(`\nIAM policy check skipped: ${partial}.\n`);
      return;
    }
    const outcome = check.compare({ records: check.readRecords(directory), policies: check.loadPolicies(ROOT), implied: check.loadImplied(ROOT) });
    const report = check.formatReport(outcome);
    writeFileSync(path.join(directory, 'report.txt'), report + '\n');
    results.numTotalTests += 1;
    if (check.hasProblems(outcome)) {
      results.numFailedTests += 1;
      this.error = new Error('The IAM policies in action-templates/iam do not match the AWS operations the actions were seen to call.');
      process.stdout.write(`\n${report}\nIAM policy check failed.\n`);
    } else {
      results.numPassedTests += 1;
      process.stdout.write(`\n${report}\nIAM policy check passed: every policy grants exactly what its action was seen to call.\n`);
    }
  }

  getLastError() {
    return this.error;
  }
}

module.exports = AwsOperationRecorderReporter;
