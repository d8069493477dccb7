/**
 * Verification levels of the trust policy specification: which validations a level enforces (a failure fails the
 * verification), which it only logs, and which it skips. A statement may override single validations, within limits:
 * integrity is always enforced, and only revocation may be skipped (skipping authenticity or expiry would make a level
 * that silently accepts anything).
 */
export type VerificationLevelName = 'strict' | 'permissive' | 'audit' | 'skip';
export type ValidationType = 'integrity' | 'authenticity' | 'authenticTimestamp' | 'expiry' | 'revocation';
export type ValidationAction = 'enforce' | 'log' | 'skip';
export type ValidationActions = Readonly<Record<ValidationType, ValidationAction>>;

export const VERIFICATION_LEVEL_NAMES: readonly VerificationLevelName[] = ['strict', 'permissive', 'audit', 'skip'];
export const VALIDATION_TYPES: readonly ValidationType[] = ['integrity', 'authenticity', 'authenticTimestamp', 'expiry', 'revocation'];
const VALIDATION_ACTIONS: readonly ValidationAction[] = ['enforce', 'log', 'skip'];

export const VERIFICATION_LEVELS: Readonly<Record<VerificationLevelName, ValidationActions>> = {
  strict: { integrity: 'enforce', authenticity: 'enforce', authenticTimestamp: 'enforce', expiry: 'enforce', revocation: 'enforce' },
  permissive: { integrity: 'enforce', authenticity: 'enforce', authenticTimestamp: 'log', expiry: 'log', revocation: 'log' },
  audit: { integrity: 'enforce', authenticity: 'log', authenticTimestamp: 'log', expiry: 'log', revocation: 'log' },
  skip: { integrity: 'skip', authenticity: 'skip', authenticTimestamp: 'skip', expiry: 'skip', revocation: 'skip' },
};

/** A rule of the override section was broken; `problem` and `fix` become the ConfigurationError text. */
export class LevelOverrideError extends Error {
  override readonly name = 'LevelOverrideError';
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${problem}. ${fix}`);
  }
}

export function isVerificationLevelName(value: unknown): value is VerificationLevelName {
  return typeof value === 'string' && (VERIFICATION_LEVEL_NAMES as readonly string[]).includes(value);
}

/** The actions of `level` with `override` applied; throws LevelOverrideError for a forbidden override. */
export function resolveValidationActions(level: VerificationLevelName, override: Readonly<Record<string, unknown>> | undefined): ValidationActions {
  const entries = Object.entries(override ?? {});
  if (entries.length === 0) return VERIFICATION_LEVELS[level];
  if (level === 'skip') {
    throw new LevelOverrideError('level "skip" cannot be customized with "override"', 'Remove "override" or choose strict, permissive or audit');
  }
  const actions: Record<ValidationType, ValidationAction> = { ...VERIFICATION_LEVELS[level] };
  for (const [type, action] of entries) {
    if (!(VALIDATION_TYPES as readonly string[]).includes(type)) {
      throw new LevelOverrideError(
        `override names unknown validation "${type}"`,
        'Overridable validations are authenticity, authenticTimestamp, expiry and revocation',
      );
    }
    if (typeof action !== 'string' || !(VALIDATION_ACTIONS as readonly string[]).includes(action)) {
      throw new LevelOverrideError(`override sets "${type}" to "${String(action)}"`, 'Use enforce, log or skip');
    }
    if (type === 'integrity') {
      throw new LevelOverrideError('override cannot change "integrity", which is always enforced', 'Remove "integrity" from "override"');
    }
    if (action === 'skip' && type !== 'revocation') {
      throw new LevelOverrideError(`override cannot skip "${type}"; only "revocation" may be skipped`, 'Use enforce or log');
    }
    actions[type as ValidationType] = action as ValidationAction;
  }
  return actions;
}
