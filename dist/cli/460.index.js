export const id = 460;
export const ids = [460];
export const modules = {

/***/ 2460:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  admissionPolicy: () => (/* binding */ admissionPolicy)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/verification-level.js
var verification_level = __webpack_require__(87626);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/admission/policy-document.js

/**
 * A validated trust policy written back as the Notary Project document (trustpolicy.json, version 1.0), which is what
 * both admission engines take. Only what differs from the level's defaults becomes an `override`, so a policy built
 * from trusted-identities reads the way a person would have written it; revocation-check lands here as an override.
 */
function trustPolicyDocument(policy) {
    return { version: '1.0', trustPolicies: policy.statements.map(statementDocument) };
}
function statementDocument(statement) {
    const defaults = verification_level/* VERIFICATION_LEVELS */.cn[statement.level];
    const override = Object.fromEntries(verification_level/* VALIDATION_TYPES */.CS.filter((type) => statement.actions[type] !== defaults[type]).map((type) => [type, statement.actions[type]]));
    const skip = statement.level === 'skip';
    return {
        name: statement.name,
        registryScopes: [...statement.registryScopes],
        signatureVerification: {
            level: statement.level,
            ...(Object.keys(override).length > 0 ? { override } : {}),
            // notation's default; written only when the policy asked for the other behaviour.
            ...(statement.verifyTimestamp !== 'always' ? { verifyTimestamp: statement.verifyTimestamp } : {}),
        },
        ...(skip ? {} : { trustStores: statement.trustStores.map((store) => `${store.type}:${store.name}`) }),
        ...(skip ? {} : { trustedIdentities: [...statement.trustedIdentities] }),
    };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/admission/resources.js
/** The labels every rendered object carries, so they can be found (and pruned by deploy-aks-or-eks) as a set. */
function drydockLabels(prefix) {
    return { 'app.kubernetes.io/managed-by': 'drydock', 'drydock.dev/admission-policy': prefix };
}
const describeObject = (object) => `${object.kind}/${object.metadata.name}`;

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-roots.js
var aws_signer_roots = __webpack_require__(45864);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/certificates.js
var notation_certificates = __webpack_require__(26138);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-store.js
var trust_store = __webpack_require__(10578);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/admission/trust-stores.js





/** Every store the policy's statements name, once each, in the order first named. */
function referencedStores(policy) {
    const seen = new Map();
    for (const statement of policy.statements) {
        if (statement.level === 'skip')
            continue;
        for (const store of statement.trustStores)
            seen.set(`${store.type}:${store.name}`, store);
    }
    return [...seen.values()];
}
/**
 * The certificates of each referenced store: from the AWS Signer roots drydock bundles (the stores verify-signature
 * uses when trust-store is unset), or from the trust store directory, loaded with the same checks verification uses,
 * so the cluster is never handed a store CI would have refused.
 */
async function collectTrustStores(policy, source) {
    const bundles = [];
    for (const store of referencedStores(policy)) {
        if (source.kind === 'directory') {
            const certificates = await (0,trust_store/* loadTrustStore */.Kl)(source.path, store);
            bundles.push({ ...store, pem: certificates.map(notation_certificates/* toPem */.sg).join(''), certificates: certificates.length });
            continue;
        }
        const bundled = aws_signer_roots/* AWS_SIGNER_BUNDLED_TRUST_STORES */.e3.find((candidate) => store.type === 'signingAuthority' && candidate.name === store.name);
        if (!bundled) {
            throw new errors/* ConfigurationError */.j1(`Trust store ${store.type}:${store.name} is not one drydock bundles (${aws_signer_roots/* AWS_SIGNER_BUNDLED_TRUST_STORES */.e3.map((b) => `signingAuthority:${b.name}`).join(', ')}). Set trust-store to the directory that holds x509/${store.type}/${store.name}/.`);
        }
        bundles.push({ ...store, pem: bundled.pem.endsWith('\n') ? bundled.pem : `${bundled.pem}\n`, certificates: 1 });
    }
    return bundles;
}
/**
 * A Kubernetes object name (RFC 1123) for a store. Store names are case-sensitive and allow '_' and '.', which an
 * object name folds into '-' and lower case; so a name that needed folding gets 8 hex digits of a hash of the exact
 * name, and `corp_ca`, `Corp-CA` and `corp-ca` stay three objects.
 */
function storeObjectName(prefix, store) {
    const base = `${prefix}-${store.type.toLowerCase()}`;
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(store.name))
        return `${base}-${store.name}`.slice(0, 253);
    const folded = store.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const exact = (0,external_node_crypto_.createHash)('sha256').update(store.name).digest('hex').slice(0, 8);
    return `${base}-${folded ? `${folded.slice(0, 200)}-` : ''}${exact}`;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/admission/kyverno.js




/** Where the kyverno-notation-aws extension runs, as its install manifest sets it up. */
const KYVERNO_NOTATION_AWS = {
    namespace: 'kyverno-notation-aws',
    serviceUrl: 'https://svc.kyverno-notation-aws/checkimages',
    tlsSecretPath: '/api/v1/namespaces/kyverno-notation-aws/secrets/svc.kyverno-notation-aws.svc.tls-pair',
};
/** Namespaces whose pods are never checked unless named: the control plane's and the admission machinery's own. */
const SYSTEM_NAMESPACES = ['kube-system', 'kyverno', 'kyverno-notation-aws'];
/**
 * What kyverno-notation-aws's resources cannot say: a TrustStore's type is ca or signingAuthority only (no tsa), and a
 * TrustPolicy's signatureVerification holds level and override only (no verifyTimestamp, so the extension always
 * verifies timestamps). A policy that needs either would be enforced differently in the cluster than in CI.
 */
function checkKyvernoCanEnforce(policy) {
    for (const statement of policy.statements) {
        if (statement.level === 'skip')
            continue;
        const tsa = statement.trustStores.find((store) => store.type === 'tsa');
        const why = tsa
            ? `uses trust store tsa:${tsa.name}: kyverno-notation-aws has no TSA trust stores (a TrustStore's type is ca or signingAuthority)`
            : statement.verifyTimestamp !== 'always'
                ? `sets verifyTimestamp: ${statement.verifyTimestamp}: kyverno-notation-aws's TrustPolicy has no such field and always verifies timestamps`
                : undefined;
        if (why) {
            throw new errors/* ConfigurationError */.j1(`Input 'engine': kyverno cannot enforce trust policy statement "${statement.name}" as CI does, which ${why}. Use engine: ratify, or drop it from the policy.`);
        }
    }
}
/**
 * Kyverno with the kyverno-notation-aws extension: the extension verifies with notation and the AWS Signer plugin,
 * configured by TrustPolicy and TrustStore resources (notation.nirmata.io/v1alpha1); a ClusterPolicy sends each pod's
 * images to the extension and replaces tags with the digests it verified (the request and the JSON patch are those of
 * the extension's sample policy, configs/samples/kyverno-policy.yaml). The TrustPolicy is the very document
 * verify-signature applies in CI.
 */
function renderKyvernoResources(options) {
    checkKyvernoCanEnforce(options.policy);
    const labels = drydockLabels(options.prefix);
    const trustStores = options.stores.map((store) => ({
        apiVersion: 'notation.nirmata.io/v1alpha1',
        kind: 'TrustStore',
        metadata: { name: storeObjectName(options.prefix, store), labels },
        spec: { trustStoreName: store.name, type: store.type, caBundle: store.pem },
    }));
    // The extension files a TrustPolicy under spec.trustPolicyName, not its object name, and the ClusterPolicy's
    // request names the policy to verify with by that name: without it no policy answers to the request.
    const { version, trustPolicies } = trustPolicyDocument(options.policy);
    const trustPolicy = {
        apiVersion: 'notation.nirmata.io/v1alpha1',
        kind: 'TrustPolicy',
        metadata: { name: options.prefix, labels },
        spec: { version, trustPolicyName: options.prefix, trustPolicies },
    };
    const resources = options.namespaces.length > 0
        ? { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'], namespaces: [...options.namespaces] }
        : { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'] };
    const clusterPolicy = {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: {
            name: `${options.prefix}-verify-images`,
            labels,
            annotations: { 'policies.kyverno.io/description': `Verifies Notary Project signatures with trust policy ${options.prefix} (kyverno-notation-aws), as drydock verify-signature does in CI.` },
        },
        spec: {
            validationFailureAction: 'Enforce',
            failurePolicy: 'Fail',
            webhookTimeoutSeconds: 30,
            schemaValidation: false,
            rules: [
                {
                    name: 'verify-notation-signatures',
                    match: { any: [{ resources }] },
                    ...(options.namespaces.length > 0 ? {} : { exclude: { any: [{ resources: { namespaces: [...SYSTEM_NAMESPACES] } }] } }),
                    context: [
                        { name: 'tlscerts', apiCall: { urlPath: KYVERNO_NOTATION_AWS.tlsSecretPath, jmesPath: 'base64_decode( data."tls.crt" )' } },
                        {
                            name: 'response',
                            apiCall: {
                                method: 'POST',
                                data: [
                                    { key: 'images', value: '{{images}}' },
                                    { key: 'trustPolicy', value: options.prefix },
                                ],
                                service: { url: KYVERNO_NOTATION_AWS.serviceUrl, caBundle: '{{ tlscerts }}' },
                            },
                        },
                    ],
                    mutate: {
                        foreach: [
                            {
                                list: 'response.results',
                                patchesJson6902: "- path: '{{ element.path }}'\n  op: '{{ element.op }}'\n  value: '{{ element.value }}'",
                            },
                        ],
                    },
                },
            ],
        },
    };
    return [...trustStores, trustPolicy, clusterPolicy];
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-policy.js
var trust_policy = __webpack_require__(57669);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/admission/ratify.js





/**
 * Ratify's notation verifier checks X.509 signatures against ca (and tsa) trust stores; it does not run Notation
 * verification plugins, so it cannot check AWS Signer signatures (signingAuthority stores, whose signatures name the
 * AWS Signer plugin as a critical verification plugin) or trust plugin identities such as signing profile ARNs. Such
 * a policy is refused here rather than rendered into a cluster policy that would deny every pod.
 */
function checkRatifyCanVerify(policy) {
    for (const statement of policy.statements) {
        if (statement.level === 'skip')
            continue;
        const signingAuthority = statement.trustStores.find((store) => store.type === 'signingAuthority');
        const pluginIdentity = statement.trustedIdentities.find((identity) => identity !== trust_policy/* WILDCARD */.bs && !identity.startsWith(`${trust_policy/* X509_SUBJECT_PREFIX */.D0}:`));
        if (signingAuthority || pluginIdentity) {
            const what = pluginIdentity ? `trusts '${pluginIdentity}'` : `uses trust store signingAuthority:${signingAuthority.name}`;
            throw new errors/* ConfigurationError */.j1(`Input 'engine': ratify cannot enforce trust policy statement "${statement.name}", which ${what}: Ratify's notation verifier checks X.509 signatures only and runs no verification plugin, so AWS Signer signatures cannot be verified with it. Use engine: kyverno (kyverno-notation-aws runs the AWS Signer plugin), or trust x509.subject identities from ca trust stores.`);
        }
    }
}
/**
 * Ratify (config.ratify.deislabs.io/v1beta1): one inline KeyManagementProvider per trust store with its certificates,
 * and a notation Verifier whose trust policy is the very document verify-signature applies in CI. Ratify's own
 * install (its Store and the Gatekeeper constraint) is left to its Helm chart.
 */
function renderRatifyResources(options) {
    checkRatifyCanVerify(options.policy);
    const labels = drydockLabels(options.prefix);
    const providers = options.stores.map((store) => ({
        store,
        object: {
            apiVersion: 'config.ratify.deislabs.io/v1beta1',
            kind: 'KeyManagementProvider',
            metadata: { name: storeObjectName(options.prefix, store), labels },
            spec: { type: 'inline', parameters: { contentType: 'certificate', value: store.pem } },
        },
    }));
    const certStores = {};
    for (const { store, object } of providers) {
        const byType = (certStores[store.type] ??= {});
        (byType[store.name] ??= []).push(object.metadata.name);
    }
    const verifier = {
        apiVersion: 'config.ratify.deislabs.io/v1beta1',
        kind: 'Verifier',
        metadata: { name: `${options.prefix}-notation`, labels },
        spec: {
            name: 'notation',
            artifactTypes: 'application/vnd.cncf.notary.signature',
            parameters: { verificationCertStores: certStores, trustPolicyDoc: trustPolicyDocument(options.policy) },
        },
    };
    return [...providers.map((provider) => provider.object), verifier];
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/admission/render.js




const ADMISSION_ENGINES = ['kyverno', 'ratify'];
/** The cluster resources that make the admission engine enforce the trust policy CI enforces. */
async function renderAdmissionResources(settings) {
    if (settings.engine === 'ratify')
        checkRatifyCanVerify(settings.trustPolicy);
    else
        checkKyvernoCanEnforce(settings.trustPolicy);
    const stores = await collectTrustStores(settings.trustPolicy, settings.trustStore);
    return settings.engine === 'kyverno'
        ? renderKyvernoResources({ prefix: settings.prefix, policy: settings.trustPolicy, stores, namespaces: settings.namespaces })
        : renderRatifyResources({ prefix: settings.prefix, policy: settings.trustPolicy, stores });
}
/** A multi-document YAML file, with a header saying where it came from. */
function renderYaml(objects, header) {
    const comments = header.map((line) => `# ${line}`).join('\n');
    return `${comments}\n${objects.map((object) => `---\n${(0,dist/* stringify */.As)(object, { lineWidth: 0 })}`).join('')}`;
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/version.js
var version = __webpack_require__(24305);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/inputs.js
var inputs = __webpack_require__(52164);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/verify-signature/inputs.js + 1 modules
var verify_signature_inputs = __webpack_require__(43017);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/admission-policy/inputs.js






/** The inputs shared with verify-signature: same names, same rules, same messages. */
const TRUST_INPUTS = ['trusted-identities', 'trust-policy', 'trust-store', 'verification-level', 'revocation-check'];
const NAME = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DEFAULT_PREFIX = 'drydock';
const DEFAULT_OUTPUT = 'admission-policy.yaml';
/**
 * The trust inputs, read by verify-signature's own parser so CI and the cluster get one policy from one set of rules.
 * That parser also requires its `images` input, which has no meaning here: a placeholder stands in (as in
 * deploy-aks-or-eks's verification gate).
 */
function parseTrust(inputs) {
    const trust = inputs.subset(TRUST_INPUTS, new Map([['images', 'placeholder.invalid/admission-policy:placeholder']]));
    const { trustPolicy, trustStore } = (0,verify_signature_inputs/* parseVerifySignatureInputs */.E)(trust);
    return { trustPolicy, trustStore };
}
function parseAdmissionPolicyInputs(inputs) {
    const engine = inputs.oneOf('engine', ADMISSION_ENGINES);
    if (engine === undefined)
        throw new errors/* ConfigurationError */.j1("Input 'engine' is required. Set it to kyverno (with the kyverno-notation-aws extension) or ratify.");
    const trust = parseTrust(inputs);
    const prefix = inputs.string('name', DEFAULT_PREFIX);
    if (!NAME.test(prefix)) {
        throw (0,errors/* invalidInput */.aY)('name', prefix, 'is not a valid name prefix', "Use up to 40 lower-case letters, digits and '-', starting and ending with a letter or digit");
    }
    const namespaces = [...new Set(inputs.list('namespaces'))];
    for (const namespace of namespaces) {
        if (!NAMESPACE.test(namespace)) {
            throw (0,errors/* invalidInput */.aY)('namespaces', namespace, 'is not a valid namespace name', "Use up to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }
    if (namespaces.length > 0 && engine === 'ratify') {
        throw new errors/* ConfigurationError */.j1("Input 'namespaces' applies to engine kyverno only; Ratify's scope is set by its Gatekeeper constraint. Remove namespaces.");
    }
    const outputText = inputs.string('output', DEFAULT_OUTPUT);
    const output = external_node_path_.resolve(inputs.baseDir, outputText);
    if (!(0,external_node_fs_.existsSync)(external_node_path_.dirname(output)) || !(0,external_node_fs_.statSync)(external_node_path_.dirname(output)).isDirectory()) {
        throw (0,errors/* invalidInput */.aY)('output', outputText, `is in ${external_node_path_.dirname(output)}, which is not a directory`, 'Create the directory first, or write the file elsewhere');
    }
    if ((0,external_node_fs_.existsSync)(output) && (0,external_node_fs_.statSync)(output).isDirectory()) {
        throw (0,errors/* invalidInput */.aY)('output', outputText, 'is a directory', 'Name the file to write, such as admission-policy.yaml');
    }
    return { engine, ...trust, prefix, namespaces, output };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/admission-policy/main.js






/**
 * `drydock admission-policy`: a CLI command, not a workflow action (it writes a file to apply to clusters, which a
 * workflow can do with the CLI in a run step). Renders the admission engine's resources from the trust policy
 * verify-signature applies, so CI and the cluster enforce one policy.
 */
const WHAT = {
    TrustStore: 'certificates of a trust store (kyverno-notation-aws)',
    TrustPolicy: 'the trust policy verify-signature applies in CI',
    ClusterPolicy: "sends each pod's images to kyverno-notation-aws and pins the verified digests",
    KeyManagementProvider: 'certificates of a trust store (Ratify)',
    Verifier: 'Ratify notation verifier with the trust policy verify-signature applies in CI',
};
const PREREQUISITES = {
    kyverno: 'Needs Kyverno and the kyverno-notation-aws extension (its CRDs and service, with an IAM role allowed ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:GetAuthorizationToken and signer:GetRevocationStatus).',
    ratify: 'Needs Ratify with Gatekeeper (its Helm chart installs the Store and the constraint that uses this Verifier).',
};
/** Writes the file; what the checks before I/O could not foresee (permissions, a dangling symlink) is the user's to fix. */
async function writeOutput(file, text) {
    try {
        await (0,promises_.writeFile)(file, text);
    }
    catch (error) {
        const code = error.code;
        if (!code)
            throw error;
        // `ENOENT: no such file or directory, open '<file>'`: the file is named once, by the input.
        const reason = error.message.split(', ')[0];
        throw (0,errors/* invalidInput */.aY)('output', file, `cannot be written (${reason})`, 'Choose a file in a directory this job can write to');
    }
}
async function run(settings, context) {
    const objects = await renderAdmissionResources(settings);
    const header = [
        `Rendered by drydock ${version/* VERSION */.x} admission-policy --engine ${settings.engine}; trust policy: ${settings.trustPolicy.source}.`,
        'The trust policy below is the one drydock verify-signature applies in CI; re-render it when that policy changes.',
    ];
    await writeOutput(settings.output, renderYaml(objects, header));
    context.outputs.set('file', settings.output);
    context.outputs.set('resources', objects.map(describeObject));
    context.summary
        .heading(`admission-policy (${settings.engine})`)
        .table(['kind', 'name', 'what'], objects.map((object) => [object.kind, object.metadata.name, WHAT[object.kind] ?? '']))
        .text(`Written to ${settings.output}; apply it with kubectl apply -f, or deploy it with deploy-aks-or-eks. ${PREREQUISITES[settings.engine]}`);
}
const admissionPolicy = {
    name: 'admission-policy',
    parse: (inputs) => parseAdmissionPolicyInputs(inputs),
    run,
};


/***/ }),

/***/ 43017:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O: () => (/* binding */ parseVerifySignatureActionInputs),
  E: () => (/* binding */ parseVerifySignatureInputs)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/inputs.js
var core_inputs = __webpack_require__(52164);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-roots.js
var aws_signer_roots = __webpack_require__(45864);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-policy.js
var trust_policy = __webpack_require__(57669);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer.js
var aws_signer = __webpack_require__(66012);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trusted-identities.js






const TRUSTED_IDENTITIES_STATEMENT = 'drydock-trusted-identities';
/** The named stores of one type in a trust store directory (subdirectories of x509/<type>/). */
function storeNamesOfType(trustStoreDir, type) {
    try {
        return (0,external_node_fs_.readdirSync)(external_node_path_.join(trustStoreDir, 'x509', type), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => entry.name)
            .sort();
    }
    catch {
        return [];
    }
}
function buildTrustedIdentitiesPolicy(options) {
    const { inputName, trustStore } = options;
    const signingAuthorityStores = new Set();
    const caStores = new Set();
    const withSubjects = options.identities.some((identity) => identity.startsWith(`${trust_policy/* X509_SUBJECT_PREFIX */.D0}:`));
    for (const identity of options.identities) {
        if (identity === trust_policy/* WILDCARD */.bs) {
            throw (0,errors/* invalidInput */.aY)(inputName, identity, 'would trust every signer', 'List signing profile ARNs or x509.subject: lines, or write a trust-policy');
        }
        if (identity.startsWith('arn:')) {
            const arn = (0,aws_signer/* parseSignerArn */.Lj)(identity);
            if (!arn) {
                const region = (0,aws_signer/* signerArnRegionProblem */.$1)(identity);
                throw (0,errors/* invalidInput */.aY)(inputName, identity, `is not an AWS Signer signing profile ARN${region ? `: ${region}` : ''}`, 'Use arn:aws:signer:<region>:<account>:/signing-profiles/<name>, optionally followed by /<version>');
            }
            if (trustStore.kind === 'directory') {
                const names = storeNamesOfType(trustStore.path, 'signingAuthority');
                if (names.length === 0) {
                    throw (0,errors/* invalidInput */.aY)(options.trustStoreInputName, trustStore.path, `has no x509/signingAuthority/<name>/ store, which the AWS Signer identity '${identity}' needs`, withSubjects
                        ? `Put the AWS Signer root certificate there: the x509.subject identities need ${options.trustStoreInputName}, and the AWS Signer roots drydock bundles are used only without it`
                        : `Put the AWS Signer root certificate there, or leave ${options.trustStoreInputName} unset to use the AWS Signer roots drydock bundles`);
                }
                names.forEach((name) => signingAuthorityStores.add(name));
            }
            else {
                const bundled = (0,aws_signer_roots/* bundledAwsSignerTrustStore */.h_)(arn.partition);
                if (!bundled) {
                    throw (0,errors/* invalidInput */.aY)(inputName, identity, `is in partition ${arn.partition}, for which drydock bundles no AWS Signer root`, `Set ${options.trustStoreInputName} to a directory holding that partition's AWS Signer root under x509/signingAuthority/<name>/`);
                }
                signingAuthorityStores.add(bundled.name);
            }
            continue;
        }
        if (identity.startsWith(`${trust_policy/* X509_SUBJECT_PREFIX */.D0}:`)) {
            if (trustStore.kind !== 'directory') {
                throw (0,errors/* invalidInput */.aY)(inputName, identity, `needs the root certificate of its signer, and ${options.trustStoreInputName} is not set`, `Set ${options.trustStoreInputName} to a directory holding that root under x509/ca/<name>/`);
            }
            const names = storeNamesOfType(trustStore.path, 'ca');
            if (names.length === 0) {
                throw (0,errors/* invalidInput */.aY)(options.trustStoreInputName, trustStore.path, `has no x509/ca/<name>/ store, which the identity '${identity}' needs`, "Put the signer's root certificate under x509/ca/<name>/");
            }
            names.forEach((name) => caStores.add(name));
            continue;
        }
        throw (0,errors/* invalidInput */.aY)(inputName, identity, 'is neither a signing profile ARN nor an x509.subject: identity', 'Write arn:aws:signer:<region>:<account>:/signing-profiles/<name> or x509.subject: CN=<name>,O=<organization>,ST=<state>,C=<country>');
    }
    const document = {
        version: '1.0',
        trustPolicies: [
            {
                name: TRUSTED_IDENTITIES_STATEMENT,
                registryScopes: [trust_policy/* WILDCARD */.bs],
                signatureVerification: { level: options.level, ...(options.revocation ? { override: { revocation: options.revocation } } : {}) },
                trustStores: [...[...signingAuthorityStores].map((name) => `signingAuthority:${name}`), ...[...caStores].map((name) => `ca:${name}`)],
                trustedIdentities: [...new Set(options.identities)],
            },
        ],
    };
    return (0,trust_policy/* validateTrustPolicy */.BC)(document, `built from input '${inputName}'`);
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-store.js
var trust_store = __webpack_require__(10578);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/shared/image-registries.js
var image_registries = __webpack_require__(87184);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/verify-signature/inputs.js









const TRUST_POLICY_DOCS = 'https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/';
/**
 * `trust-policy`: inline JSON, a trustpolicy(.oci).json file, or notation's configuration directory (its
 * trustpolicy.oci.json, else trustpolicy.json). Symbolic links are refused, as notation refuses them.
 */
function readTrustPolicy(inputs) {
    const value = inputs.optional('trust-policy');
    if (value === undefined)
        return undefined;
    if (/^[[{]/.test(value))
        return (0,trust_policy/* parseTrustPolicy */.GS)(value, "from input 'trust-policy'");
    const given = external_node_path_.resolve(inputs.baseDir, value);
    let file = given;
    // A symbolic link counts as there even when it leads nowhere, so that it is refused below rather than passed over
    // (a dangling trustpolicy.oci.json must not quietly hand the decision to trustpolicy.json; notation refuses it too).
    const present = (candidate) => (0,external_node_fs_.lstatSync)(candidate, { throwIfNoEntry: false }) !== undefined;
    if (!present(file)) {
        throw (0,errors/* invalidInput */.aY)('trust-policy', value, 'is neither inline JSON nor an existing file', `Give the policy JSON, or the path of trustpolicy.json; relative paths start at ${inputs.baseDir}`);
    }
    if ((0,external_node_fs_.statSync)(file, { throwIfNoEntry: false })?.isDirectory()) {
        const found = trust_policy/* TRUST_POLICY_FILE_NAMES */.qM.map((name) => external_node_path_.join(file, name)).find(present);
        if (!found) {
            throw (0,errors/* invalidInput */.aY)('trust-policy', value, `is a directory with neither ${trust_policy/* TRUST_POLICY_FILE_NAMES */.qM.join(' nor ')}`, `Name the policy file, or write one (see ${TRUST_POLICY_DOCS})`);
        }
        file = found;
    }
    if ((0,external_node_fs_.lstatSync)(file).isSymbolicLink()) {
        if (file !== given) {
            throw (0,errors/* invalidInput */.aY)('trust-policy', value, `holds ${external_node_path_.basename(file)} as a symbolic link, which is not supported for trust policies`, 'Replace the link with the policy file itself');
        }
        throw (0,errors/* invalidInput */.aY)('trust-policy', value, 'is a symbolic link, which is not supported for trust policies', 'Point to the policy file itself');
    }
    return (0,trust_policy/* parseTrustPolicy */.GS)((0,core_inputs/* readInputFile */.jH)('trust-policy', file, value), file);
}
/** `trust-store`: the directory that holds x509/ (notation's truststore directory). */
function readTrustStore(inputs) {
    const value = inputs.optional('trust-store');
    if (value === undefined)
        return { kind: 'bundled' };
    const directory = inputs.existingPath('trust-store', 'directory');
    if (external_node_path_.basename(directory) === 'x509') {
        throw (0,errors/* invalidInput */.aY)('trust-store', value, 'is the x509 directory itself', `Name the directory that holds it: '${external_node_path_.dirname(value)}'`);
    }
    if (!(0,external_node_fs_.existsSync)(external_node_path_.join(directory, 'x509'))) {
        if ((0,external_node_fs_.existsSync)(external_node_path_.join(directory, 'truststore', 'x509'))) {
            throw (0,errors/* invalidInput */.aY)('trust-store', value, "is notation's configuration directory", `Name its trust store: '${external_node_path_.join(value, 'truststore')}'`);
        }
        throw (0,errors/* invalidInput */.aY)('trust-store', value, 'has no x509 directory', 'Name the directory that holds x509/<ca|signingAuthority|tsa>/<store name>/');
    }
    return { kind: 'directory', path: directory };
}
/** `trusted-identities`: one identity per line; DNs contain commas, so lines are the only separator. */
function readTrustedIdentities(inputs) {
    const identities = inputs.lines('trusted-identities');
    return identities.length ? [...new Set(identities)] : undefined;
}
/** Every store a policy names must be there: bundled ones without trust-store, directories of the given one otherwise. */
function checkPolicyStores(policy, trustStore) {
    const bundled = new Set(aws_signer_roots/* AWS_SIGNER_BUNDLED_TRUST_STORES */.e3.map((store) => `signingAuthority:${store.name}`));
    for (const statement of policy.statements) {
        for (const store of statement.trustStores) {
            const label = `${store.type}:${store.name}`;
            if (trustStore.kind === 'bundled' && !bundled.has(label)) {
                throw new errors/* ConfigurationError */.j1(`Input 'trust-store' is not set, and trust policy statement "${statement.name}" names trust store ${label}, which is not one drydock bundles (${[...bundled].join(', ')}). Set trust-store to the directory that holds x509/${store.type}/${store.name}/.`);
            }
            if (trustStore.kind === 'directory' && !(0,external_node_fs_.existsSync)((0,trust_store/* trustStorePath */.jr)(trustStore.path, store))) {
                throw (0,errors/* invalidInput */.aY)('trust-store', trustStore.path, `has no x509/${store.type}/${store.name}/ directory, which trust policy statement "${statement.name}" names`, 'Add that store, or fix the store name in the policy');
            }
        }
    }
}
/** Applies revocation-check to every statement that verifies (a skip statement verifies nothing to override). */
function withRevocation(policy, revocation) {
    if (revocation === undefined)
        return policy;
    return (0,trust_policy/* mapTrustPolicyStatements */.XF)(policy, (statement) => (statement.level === 'skip' ? statement : { ...statement, actions: { ...statement.actions, revocation } }));
}
function parseVerifySignatureInputs(inputs) {
    const images = (0,image_registries/* parseImages */.eb)(inputs);
    const fromFile = readTrustPolicy(inputs);
    const identities = readTrustedIdentities(inputs);
    const trustStore = readTrustStore(inputs);
    const level = inputs.oneOf('verification-level', ['strict', 'permissive', 'audit']);
    const revocationCheck = inputs.oneOf('revocation-check', ['enforce', 'log', 'skip']);
    const registryEndpoint = (0,image_registries/* parseRegistryEndpoint */.kG)(inputs, images);
    const concurrency = inputs.integer('concurrency', 8, 1, 32);
    if (fromFile && identities) {
        throw new errors/* ConfigurationError */.j1("Inputs 'trust-policy' and 'trusted-identities' are both set. Use one: trusted-identities builds a policy for the listed signers, trust-policy is a complete policy.");
    }
    let trustPolicy;
    if (fromFile) {
        if (level !== undefined) {
            throw new errors/* ConfigurationError */.j1("Input 'verification-level' applies to trusted-identities only; with trust-policy the policy's statements set the level. Remove verification-level, or change signatureVerification.level in the policy.");
        }
        checkPolicyStores(fromFile, trustStore);
        trustPolicy = withRevocation(fromFile, revocationCheck);
    }
    else if (identities) {
        trustPolicy = buildTrustedIdentitiesPolicy({
            identities,
            level: level ?? 'strict',
            ...(revocationCheck ? { revocation: revocationCheck } : {}),
            trustStore,
            inputName: 'trusted-identities',
            trustStoreInputName: 'trust-store',
        });
    }
    else {
        throw new errors/* ConfigurationError */.j1("Input 'trusted-identities' or 'trust-policy' is required. List the signing profile ARNs to trust in trusted-identities, or give a Notation trust policy in trust-policy.");
    }
    return {
        images,
        trustPolicy,
        trustStore,
        revocationCheck,
        concurrency,
        ...(registryEndpoint ? { registryEndpoint } : {}),
    };
}
/**
 * verify-signature's inputs: those above, and a statement of the policy for every image, so an image none covers is
 * refused as the configuration mistake it is before anything is fetched. (deploy-aks-or-eks and admission-policy read
 * the trust inputs through parseVerifySignatureInputs with images of their own.)
 */
function parseVerifySignatureActionInputs(inputs) {
    const settings = parseVerifySignatureInputs(inputs);
    for (const image of settings.images) {
        (0,trust_policy/* requireStatementFor */.cx)(settings.trustPolicy, `${image.reference.registry}/${image.reference.repository}`, `image "${image.text}"`);
    }
    return settings;
}


/***/ })

};
