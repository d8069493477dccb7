import { failedAwsCall } from '../core/errors.js';

/**
 * AWS failures as the rollout reports them. Expired credentials get their own error: after a long wait they are the
 * likeliest failure, the fix is in the workflow (longer sessions or a refreshable source), and every later call would
 * fail the same way, so the rollout stops starting updates when it sees one.
 */

/** Error names the SDK surfaces for expired session credentials (EKS and EC2 use different ones). */
const EXPIRED_CREDENTIAL_ERRORS = new Set(['ExpiredTokenException', 'ExpiredToken', 'TokenRefreshRequired']);

export class ExpiredCredentialsError extends Error {
  override readonly name = 'ExpiredCredentialsError';
  constructor(operation: string, cause: unknown) {
    super(
      `AWS credentials expired during the rollout (${nameAndMessage(cause)}, calling ${operation}). ` +
        'Give the job credentials that outlast the rollout (with aws-actions/configure-aws-credentials, raise ' +
        'role-duration-seconds above the timeout times the number of update rounds), or a source the SDK renews ' +
        'itself (web identity token file, container or instance role).',
      { cause },
    );
  }
}

export function isExpiredCredentials(error: unknown): boolean {
  if (error instanceof ExpiredCredentialsError) return true;
  return error instanceof Error && EXPIRED_CREDENTIAL_ERRORS.has(error.name);
}

/** `Name: message`, the way AWS names its errors, and the call that failed when drydock's client recorded it. */
export function awsErrorText(error: unknown): string {
  const call = failedAwsCall(error);
  return `${nameAndMessage(error)}${call ? ` (calling ${call})` : ''}`;
}

function nameAndMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}

/** Runs one AWS call, turning an expired-token failure into ExpiredCredentialsError naming the operation. */
export async function callAws<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isExpiredCredentials(error) && !(error instanceof ExpiredCredentialsError)) throw new ExpiredCredentialsError(operation, error);
    throw error;
  }
}
