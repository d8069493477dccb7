// Prints one closing line in the plain form CI reads: "jest: N passed, N failed, N skipped". When
// DRYDOCK_TEST_SUMMARY names a file, the line is also written there so scripts/test.sh can print it last, after the
// testbed has been stopped.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `jest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.DRYDOCK_TEST_SUMMARY) writeFileSync(process.env.DRYDOCK_TEST_SUMMARY, `${line}\n`);
  }
}
module.exports = SummaryReporter;
