import type { ActionDefinition } from '../core/action.js';
import { ADMISSION_POLICY_HELP } from './admission-policy/help.js';

/**
 * The actions the CLI can run, loaded lazily so `drydock <action>` only loads the one it runs. Every action folder
 * under actions/ with a JavaScript entry has a line here; a test checks the two lists agree.
 */
export const ACTIONS: Record<string, () => Promise<ActionDefinition<unknown>>> = {
  'push-ecr': async () => (await import('./push-ecr/main.js')).pushEcr as ActionDefinition<unknown>,
  'notation-sign': async () => (await import('./notation-sign/main.js')).notationSign as ActionDefinition<unknown>,
  'verify-signature': async () => (await import('./verify-signature/main.js')).verifySignature as ActionDefinition<unknown>,
  'deploy-aks-or-eks': async () => (await import('./deploy-aks-or-eks/main.js')).deployAksOrEks as ActionDefinition<unknown>,
  'rollout-nodegroups': async () => (await import('./rollout-nodegroups/main.js')).rolloutNodegroups as ActionDefinition<unknown>,
  'build-harden-ami': async () => (await import('./build-harden-ami/main.js')).buildHardenAmi as ActionDefinition<unknown>,
};

/** CLI-only commands: `drydock <name>`, not workflow actions (no actions/<name>/, no bundle). */
export const CLI_COMMANDS: Record<string, () => Promise<ActionDefinition<unknown>>> = {
  'admission-policy': async () => (await import('./admission-policy/main.js')).admissionPolicy as ActionDefinition<unknown>,
};

/** Their help, in action.yml's shape, without loading the command. */
export const CLI_COMMAND_HELP: Record<string, CommandMetadata> = { 'admission-policy': ADMISSION_POLICY_HELP };

/** What the CLI's help reads: action.yml for actions, CLI_COMMAND_HELP for commands. */
export interface CommandMetadata {
  readonly description?: string;
  readonly inputs?: Readonly<Record<string, { readonly description?: string; readonly required?: boolean; readonly default?: string }>>;
  readonly outputs?: Readonly<Record<string, { readonly description?: string }>>;
}
