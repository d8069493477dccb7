/**
 * What `drydock admission-policy --help` shows, in action.yml's shape (the CLI reads that shape for actions; this
 * command has no actions/ folder because it is not a workflow action). A file of its own, so the CLI can print help
 * without loading the command.
 */
export const ADMISSION_POLICY_HELP = {
  description:
    'Render the Kyverno (kyverno-notation-aws) or Ratify resources that enforce, at admission, the trust policy verify-signature applies in CI.',
  inputs: {
    engine: { description: 'kyverno (with the kyverno-notation-aws extension) or ratify.', required: true },
    'trusted-identities': { description: "As verify-signature's: AWS Signer signing profile ARNs and/or x509.subject: lines, one per line." },
    'trust-policy': { description: "As verify-signature's: a Notation trust policy, inline JSON or a file." },
    'trust-store': { description: "As verify-signature's: the directory holding x509/<type>/<name>/; without it the bundled AWS Signer roots." },
    'verification-level': { description: "As verify-signature's, with trusted-identities: strict, permissive or audit." },
    'revocation-check': { description: "As verify-signature's: enforce, log or skip." },
    name: { description: 'Prefix of the rendered objects\' names.', default: 'drydock' },
    namespaces: { description: 'kyverno: namespaces whose pods are checked; default every namespace but kube-system and the engines\' own.' },
    output: { description: 'File to write the YAML to.', default: 'admission-policy.yaml' },
  },
  outputs: {
    file: { description: 'The file written.' },
    resources: { description: 'JSON list of the rendered objects, Kind/name.' },
  },
} as const;
