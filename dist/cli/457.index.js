export const id = 457;
export const ids = [457];
export const modules = {

/***/ 11457:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createNotationSign: () => (/* binding */ createNotationSign),
  defaultNotationSignClients: () => (/* binding */ defaultNotationSignClients),
  notationSign: () => (/* binding */ notationSign),
  runNotationSign: () => (/* binding */ runNotationSign)
});

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/aws/signer.js
var signer = __webpack_require__(67445);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/pool.js
var pool = __webpack_require__(51367);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/scratch.js
var scratch = __webpack_require__(75943);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/artifact.js
var notation_artifact = __webpack_require__(92608);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-roots.js
var aws_signer_roots = __webpack_require__(45864);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-regional.js
var aws_signer_regional = __webpack_require__(34612);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/digest.js
var digest = __webpack_require__(36179);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/envelope-jws.js + 1 modules
var envelope_jws = __webpack_require__(53590);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/payload.js
var notation_payload = __webpack_require__(34550);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/verify.js + 4 modules
var verify = __webpack_require__(87342);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-policy.js
var trust_policy = __webpack_require__(57669);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer-sign.js




/** SignPayload refuses larger payloads. */
const AWS_SIGNER_MAX_PAYLOAD_BYTES = 4096;
/** AWS Signer answered, but with something drydock will not store. */
class AwsSignerResponseError extends Error {
    name = 'AwsSignerResponseError';
}
/** A payload over SignPayload's limit: the user's annotations are too long. */
class AwsSignerPayloadTooLargeError extends Error {
    name = 'AwsSignerPayloadTooLargeError';
}
/**
 * A strict policy that trusts exactly one signing profile through the AWS Signer root: what a fresh signature must
 * pass before it is stored, and what an existing signature must pass to count as "already signed by this profile".
 * Revocation is only consulted for existing signatures (a signature AWS Signer just made is not revoked).
 */
function awsSignerProfilePolicy(profile, trust, revocation) {
    return (0,trust_policy/* validateTrustPolicy */.BC)({
        version: '1.0',
        trustPolicies: [
            {
                name: 'aws-signer-profile',
                registryScopes: ['*'],
                signatureVerification: { level: 'strict', ...(revocation === 'skip' ? { override: { revocation: 'skip' } } : {}) },
                trustStores: [`signingAuthority:${trust.storeName}`],
                trustedIdentities: [profile.arn],
            },
        ],
    }, `for signing profile ${profile.arn}`);
}
function sameAnnotations(a = {}, b = {}) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
async function signWithAwsSigner(options) {
    const { profile, artifact } = options;
    const payload = (0,notation_payload/* buildPayload */.nI)(artifact.descriptor, options.annotations);
    if (payload.byteLength > AWS_SIGNER_MAX_PAYLOAD_BYTES) {
        throw new AwsSignerPayloadTooLargeError(`the signature payload for ${artifact.reference} is ${payload.byteLength} bytes, over AWS Signer's ${AWS_SIGNER_MAX_PAYLOAD_BYTES}-byte limit; use fewer or shorter annotations`);
    }
    const response = await options.api.signPayload({
        profileName: profile.name,
        profileOwner: profile.account,
        payload,
        payloadFormat: notation_payload/* NOTARY_PAYLOAD_MEDIA_TYPE */.L2,
    });
    if (!response.signature || response.signature.byteLength === 0) {
        throw new AwsSignerResponseError(`AWS Signer SignPayload for ${artifact.reference} returned no signature (job ${response.jobId ?? 'unknown'})`);
    }
    const envelope = Buffer.from(response.signature);
    const outcome = await (0,verify/* verifyEnvelope */.Y)({
        envelope,
        mediaType: envelope_jws/* JWS_ENVELOPE_MEDIA_TYPE */.E3,
        descriptor: artifact.descriptor,
        reference: artifact.reference,
        trustPolicy: awsSignerProfilePolicy(profile, options.trust, 'skip'),
        trustStoreDir: options.trust.trustStoreDir,
        ...(options.trust.trustStoreCache ? { trustStoreCache: options.trust.trustStoreCache } : {}),
        verifyAt: options.verifyAt,
    });
    const failed = outcome.checks.find((check) => check.result === 'fail');
    if (failed) {
        throw new AwsSignerResponseError(`AWS Signer returned a signature for ${artifact.reference} (job ${response.jobId ?? 'unknown'}) that does not verify, so it was not stored: ${failed.name} check: ${failed.message}`);
    }
    const signed = outcome.signature.targetArtifact;
    const expected = JSON.parse(payload.toString('utf8'));
    if (!sameAnnotations(signed.annotations, expected.targetArtifact.annotations)) {
        throw new AwsSignerResponseError(`AWS Signer returned a signature for ${artifact.reference} (job ${response.jobId ?? 'unknown'}) whose signed annotations differ from the ones sent, so it was not stored`);
    }
    return {
        envelope,
        mediaType: envelope_jws/* JWS_ENVELOPE_MEDIA_TYPE */.E3,
        certificateThumbprints: outcome.signature.certificateThumbprints,
        signingTime: outcome.signature.signingTime,
        signingProfileVersionArn: outcome.signature.signingProfileVersionArn,
        jobId: response.jobId,
        metadata: response.metadata ?? {},
    };
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/certificates.js
var certificates = __webpack_require__(26138);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/algorithms.js
var algorithms = __webpack_require__(17912);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/chain-validation.js
var chain_validation = __webpack_require__(62465);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/integrity.js
var integrity = __webpack_require__(15459);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/sign.js








const DEFAULT_SIGNING_AGENT = 'drydock';
function createLocalSigner(input) {
    let privateKey;
    try {
        privateKey = (0,external_node_crypto_.createPrivateKey)({ key: input.privateKeyPem, format: 'pem' });
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Signing key: the private key is not a readable PEM private key (${(0,errors/* errorMessage */.gJ)(error)}). Give an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM key.`);
    }
    const keySpec = (0,algorithms/* keySpecOf */.sg)(privateKey);
    const algorithm = (0,algorithms/* algorithmForKeySpec */.Pe)(keySpec);
    if (!algorithm) {
        throw new errors/* ConfigurationError */.j1(`Signing key: ${keySpec ? `${(0,algorithms/* describeKeySpec */.Kc)(keySpec)} keys` : 'keys of this type'} cannot sign Notary Project signatures. Use an RSA 2048, 3072 or 4096-bit key, or an EC P-256, P-384 or P-521 key.`);
    }
    let chain;
    try {
        chain = (0,certificates/* readCertificates */.jZ)(Buffer.from(input.certificateChainPem, 'utf8'));
    }
    catch (error) {
        if (error instanceof certificates/* CertificateParseError */.zU) {
            throw new errors/* ConfigurationError */.j1(`Certificate chain: ${error.message}. Give the PEM certificates, signing certificate first and root last.`);
        }
        throw error;
    }
    const leaf = chain[0];
    const ownPublicKey = (0,algorithms/* publicKeyOf */.kc)(privateKey).export({ type: 'spki', format: 'der' });
    if (!ownPublicKey.equals(leaf.publicKey.export({ type: 'spki', format: 'der' }))) {
        throw new errors/* ConfigurationError */.j1(`Signing key and certificate chain do not match: the private key is not the key of the first certificate "${leaf.subject}". Put the signing certificate first in the chain, or use the key it was issued for.`);
    }
    try {
        (0,chain_validation/* validateCodeSigningChain */.MS)(chain);
    }
    catch (error) {
        if (error instanceof chain_validation/* CertificateChainError */.tw) {
            throw new errors/* ConfigurationError */.j1(`Certificate chain: ${error.message}.`);
        }
        throw error;
    }
    return {
        algorithm,
        chain,
        certificateChain: chain.map((certificate) => certificate.der),
        sign: (signingInput) => (0,algorithms/* signWithAlgorithm */.rp)(algorithm, privateKey, signingInput),
    };
}
/** Signs a descriptor; the envelope is checked with the verifier's own integrity check before it is returned. */
async function signDescriptor(options) {
    const signingTime = options.signingTime ?? new Date();
    for (const certificate of options.signer.chain) {
        if (!(0,certificates/* isValidAt */.Ub)(certificate, signingTime)) {
            throw new errors/* ConfigurationError */.j1(`Certificate chain: certificate "${certificate.subject}" is not valid at the signing time ${signingTime.toISOString()} (valid from ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}). Renew it before signing.`);
        }
    }
    if (options.expiry && options.expiry.getTime() - signingTime.getTime() < 1000) {
        throw new errors/* ConfigurationError */.j1(`Signature expiry ${options.expiry.toISOString()} is not after the signing time ${signingTime.toISOString()}. Give a later expiry.`);
    }
    let payload;
    try {
        payload = (0,notation_payload/* buildPayload */.nI)(options.descriptor, options.annotations);
    }
    catch (error) {
        if (error instanceof notation_payload/* PayloadError */.tG)
            throw new errors/* ConfigurationError */.j1(`Signature payload: ${error.message}. Fix the descriptor or the annotations.`);
        throw error;
    }
    const envelope = await (0,envelope_jws/* buildJwsEnvelope */.Vi)({
        payload,
        payloadContentType: notation_payload/* NOTARY_PAYLOAD_MEDIA_TYPE */.L2,
        signer: options.signer,
        signingScheme: 'notary.x509',
        signingTime,
        expiry: options.expiry,
        signingAgent: options.signingAgent ?? DEFAULT_SIGNING_AGENT,
    });
    try {
        (0,integrity/* verifyEnvelopeIntegrity */.l)(envelope, envelope_jws/* JWS_ENVELOPE_MEDIA_TYPE */.E3);
    }
    catch (error) {
        if (error instanceof integrity/* IntegrityError */.c)
            throw new Error(`internal error: the envelope just signed does not pass integrity: ${error.message}`);
        throw error;
    }
    return { envelope, mediaType: envelope_jws/* JWS_ENVELOPE_MEDIA_TYPE */.E3 };
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/storage.js
var storage = __webpack_require__(51417);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/trust-store.js
var trust_store = __webpack_require__(10578);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/verify-image.js
var verify_image = __webpack_require__(62903);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/sign-image.js










/** The store name the local signer's root is written under, inside the run's own temporary trust store. */
const LOCAL_SIGNER_STORE = 'drydock-signing-key';
/**
 * A local key and certificate chain. Its own signatures are those that chain to its root, verify at strict level and
 * carry its very leaf certificate; revocation is not consulted (no OCSP/CRL queries from a signing step).
 */
async function localImageSigner(signer, trustStoreDir) {
    const root = signer.chain[signer.chain.length - 1];
    const directory = external_node_path_.join(trustStoreDir, 'x509', 'ca', LOCAL_SIGNER_STORE);
    (0,external_node_fs_.mkdirSync)(directory, { recursive: true });
    (0,external_node_fs_.writeFileSync)(external_node_path_.join(directory, 'root.pem'), (0,certificates/* toPem */.sg)(root));
    const leaf = signer.chain[0];
    return {
        identity: leaf.subject,
        sign: async (artifact, annotations, signingTime) => {
            const signed = await signDescriptor({ signer, descriptor: artifact.descriptor, annotations, signingTime });
            return { envelope: signed.envelope, mediaType: signed.mediaType, certificateThumbprints: signer.chain.map((c) => c.sha256), signingTime };
        },
        ownSignatures: {
            trustPolicy: (0,trust_policy/* validateTrustPolicy */.BC)({
                version: '1.0',
                trustPolicies: [
                    {
                        name: 'local-signing-key',
                        registryScopes: ['*'],
                        signatureVerification: { level: 'strict', override: { revocation: 'skip' } },
                        trustStores: [`ca:${LOCAL_SIGNER_STORE}`],
                        trustedIdentities: ['*'],
                    },
                ],
            }, 'for the signing key'),
            trustStoreDir,
            trustStoreCache: new trust_store/* TrustStoreCache */.aw(),
            accept: (outcome) => outcome.signature?.certificateThumbprints[0] === leaf.sha256 ? undefined : `it was signed with another certificate, "${outcome.signature?.signer}"`,
        },
    };
}
/** AWS Signer: its own signatures are those of the same signing profile (any version) through the AWS Signer root. */
function awsImageSigner(options) {
    const trustStoreCache = options.trust.trustStoreCache ?? new trust_store/* TrustStoreCache */.aw();
    const trust = { ...options.trust, trustStoreCache };
    return {
        identity: options.profile.arn,
        sign: async (artifact, annotations, signingTime) => {
            const signed = await signWithAwsSigner({ api: options.api, profile: options.profile, artifact, annotations, trust, verifyAt: signingTime });
            return {
                envelope: signed.envelope,
                mediaType: signed.mediaType,
                certificateThumbprints: signed.certificateThumbprints,
                signingTime: signed.signingTime,
                manifestAnnotations: signed.metadata,
            };
        },
        ownSignatures: {
            trustPolicy: awsSignerProfilePolicy(options.profile, trust, options.revocation ? 'enforce' : 'skip'),
            trustStoreDir: trust.trustStoreDir,
            trustStoreCache,
            ...(options.revocation ? { revocation: options.revocation } : {}),
        },
    };
}
/** The signed annotations must be exactly the wanted ones: a signature with a key more says something else. */
function annotationsMatch(wanted) {
    return (outcome) => {
        const signed = outcome.signature?.targetArtifact.annotations ?? {};
        const keys = new Set([...Object.keys(wanted), ...Object.keys(signed)]);
        const differing = [...keys].filter((key) => signed[key] !== wanted[key]);
        return differing.length === 0 ? undefined : `its signed annotations differ (${differing.join(', ')})`;
    };
}
/**
 * Looks for an existing signature (unless the run's tag listing shows the image has no referrers), else signs and
 * stores a new one. The envelope's upload session is opened, and the run's empty config blob ensured, while the
 * envelope is signed (AWS Signer's SignPayload is a round trip of its own), so storing does not wait for them. Neither
 * starts before the check: a rerun over signed images would open and cancel an upload per image for nothing.
 */
async function signImage(options) {
    const { client, artifact, signer } = options;
    const repository = artifact.image.repository;
    if (!options.force && !(await options.referrersTags?.knownWithoutReferrers(repository, artifact.descriptor.digest))) {
        const existing = await findOwnSignature(options);
        if (existing) {
            if (options.forceReferrersTag)
                await (0,storage/* ensureInReferrersTag */.Mn)(client, repository, artifact.descriptor.digest, existing.signatureDigest);
            return existing;
        }
    }
    // A session that could not be opened is not an error yet: storing opens its own, and reports why if that fails too.
    const session = client.openUpload(repository).catch(() => undefined);
    // The run's empty config upload starts now too, so the first signature manifest of a repository does not wait for
    // its check and upload after the envelope's. Storing waits for it (and, had it failed, tries again and reports that).
    const emptyConfigReady = options.emptyConfig?.ensure(repository).catch(() => undefined);
    let signed;
    try {
        signed = await signer.sign(artifact, options.annotations, options.now);
    }
    catch (error) {
        // Nothing is left half-done: the envelope's session is cancelled, and the empty config upload finishes first (the
        // step ends as soon as it reports, which would cut it off between its POST and its PUT).
        const [unused] = await Promise.all([session, emptyConfigReady]);
        if (unused)
            await client.cancelUpload(repository, unused);
        throw error;
    }
    const uploadUrl = await session;
    const stored = await (0,storage/* storeSignature */.WY)({
        client,
        repository,
        subject: artifact.descriptor,
        envelope: signed.envelope,
        envelopeMediaType: signed.mediaType,
        certificateThumbprints: signed.certificateThumbprints,
        created: signed.signingTime,
        forceReferrersTag: options.forceReferrersTag,
        ...(uploadUrl ? { uploadUrl } : {}),
        ...(options.emptyConfig ? { emptyConfig: options.emptyConfig } : {}),
        ...(signed.manifestAnnotations ? { annotations: signed.manifestAnnotations } : {}),
    });
    options.logger.info(`${artifact.reference}: signed by ${signer.identity}, signature ${(0,digest/* shortDigest */.VK)(stored.descriptor.digest)}`);
    return { artifact, status: 'signed', signatureDigest: stored.descriptor.digest, indexedBy: stored.indexedBy };
}
/** A valid signature by the same signer with the same annotations, reported as `already-signed`; else undefined. */
async function findOwnSignature(options) {
    const { artifact, signer, client } = options;
    const own = signer.ownSignatures;
    const sameAnnotations = annotationsMatch(options.annotations);
    const existing = await (0,verify_image/* verifyImage */.ZG)({
        client,
        artifact,
        trustPolicy: own.trustPolicy,
        trustStoreDir: own.trustStoreDir,
        trustStoreCache: own.trustStoreCache,
        verifyAt: options.now,
        ...(own.revocation ? { revocation: own.revocation } : {}),
        accept: (outcome) => own.accept?.(outcome) ?? sameAnnotations(outcome),
        logger: options.logger,
        ...(options.signatures ? { signatures: options.signatures } : {}),
    });
    if (existing.verdict === 'pass' && existing.signature) {
        return { artifact, status: 'already-signed', signatureDigest: existing.signature.signatureDigest, indexedBy: undefined };
    }
    if (existing.attempts.length > 0) {
        options.logger.info(`${artifact.reference}: ${existing.attempts.length} existing signature(s), none a valid one by ${signer.identity} (${existing.failure?.message}); signing`);
    }
    return undefined;
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/reference.js
var reference = __webpack_require__(92474);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/referrers.js
var referrers = __webpack_require__(89723);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/registry-client.js + 2 modules
var registry_client = __webpack_require__(99309);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/shared/cancelled-batch.js
var cancelled_batch = __webpack_require__(36421);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/shared/image-registries.js
var image_registries = __webpack_require__(87184);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/inputs.js
var core_inputs = __webpack_require__(52164);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/notation/aws-signer.js
var aws_signer = __webpack_require__(66012);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/notation-sign/inputs.js









const PROFILE_ARN_FORM = 'arn:aws:signer:<region>:<account>:/signing-profiles/<name>';
function parseSigningProfileArn(name, value) {
    const arn = (0,aws_signer/* parseSignerArn */.Lj)(value);
    if (!arn) {
        const region = (0,aws_signer/* signerArnRegionProblem */.$1)(value);
        throw (0,errors/* invalidInput */.aY)(name, value, `is not an AWS Signer signing profile ARN${region ? `: ${region}` : ''}`, `Use the profile's ARN, ${PROFILE_ARN_FORM}, as the AWS Signer console shows it`);
    }
    if (arn.kind === 'signingProfileVersion') {
        const profile = value.slice(0, value.lastIndexOf('/'));
        throw (0,errors/* invalidInput */.aY)(name, value, 'names a signing profile version; SignPayload signs with a profile', `Drop the version: '${profile}'`);
    }
    if (arn.kind !== 'signingProfile') {
        throw (0,errors/* invalidInput */.aY)(name, value, 'is a signing profile alias ARN, which SignPayload cannot sign with', `Use the profile's ARN, ${PROFILE_ARN_FORM}`);
    }
    if (!(0,aws_signer_roots/* bundledAwsSignerTrustStore */.h_)(arn.partition)) {
        throw (0,errors/* invalidInput */.aY)(name, value, `is in partition ${arn.partition}, for which drydock bundles no AWS Signer root to check the returned signatures against`, 'Sign in the aws or aws-us-gov partition');
    }
    return arn;
}
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
/**
 * `key`: a PEM private key (usually from a secret) or the path of a PEM file. The key is masked as soon as it is read. A
 * path is not masked, so that log lines naming it stay readable; a value that is neither is masked all the same (most
 * likely a secret that lost its PEM armour on the way) and never shown in the message.
 */
function readPrivateKey(inputs, context) {
    const value = inputs.secret('key');
    if (value === undefined)
        return undefined;
    if (PEM_PRIVATE_KEY.test(value))
        return context.secrets.add(value);
    // A path from a YAML block (`key: |`) ends with a newline; one inside it means this was never a path.
    const shown = value.trim();
    const file = external_node_path_.resolve(inputs.baseDir, shown);
    if (!shown.includes('\n') && (0,external_node_fs_.existsSync)(file) && (0,external_node_fs_.statSync)(file).isFile())
        return context.secrets.add((0,core_inputs/* readInputFile */.jH)('key', file, shown));
    context.secrets.add(value);
    throw new errors/* ConfigurationError */.j1("Input 'key' is neither a PEM private key nor the path of an existing file (the value is not shown, since it may be a secret). Pass the PEM key from a secret, such as key: ${{ secrets.SIGNING_KEY }}, or the path of a PEM key file.");
}
/**
 * `certificate-chain`: PEM certificates inline, or the path of a PEM file. A private key in it (pasted into the wrong
 * input, or a file bundling key and certificates) is masked and refused; a value spanning lines is never shown, since
 * it was meant to be PEM and may hold anything.
 */
function readCertificateChain(inputs, context) {
    const value = inputs.optional('certificate-chain');
    if (value === undefined)
        return undefined;
    if (PEM_PRIVATE_KEY.test(value)) {
        context.secrets.add(value);
        throw new errors/* ConfigurationError */.j1("Input 'certificate-chain' holds a private key (not shown; it is masked). Give the private key in 'key', from a secret, and only the certificates in certificate-chain.");
    }
    if (value.includes('-----BEGIN CERTIFICATE-----'))
        return value;
    const shown = value.trim();
    const fix = `Give the PEM certificates (signing certificate first, root last) inline or as a file; relative paths start at ${inputs.baseDir}`;
    if (shown.includes('\n') || shown.includes('-----')) {
        throw new errors/* ConfigurationError */.j1(`Input 'certificate-chain' is neither PEM certificates nor the path of an existing file (the value is not shown: it spans lines or holds PEM armour). ${fix}.`);
    }
    const file = external_node_path_.resolve(inputs.baseDir, shown);
    if (!(0,external_node_fs_.existsSync)(file) || !(0,external_node_fs_.statSync)(file).isFile())
        throw (0,errors/* invalidInput */.aY)('certificate-chain', value, 'is neither PEM certificates nor the path of an existing file', fix);
    const content = (0,core_inputs/* readInputFile */.jH)('certificate-chain', file, shown);
    if (PEM_PRIVATE_KEY.test(content)) {
        context.secrets.add(content);
        throw (0,errors/* invalidInput */.aY)('certificate-chain', shown, 'is a file that holds a private key besides certificates', "Keep the key in its own file or secret for 'key', and give a file of the certificates only");
    }
    return content;
}
/** `annotations`: one `key=value` per line (values may contain commas, so lines are the only separator). */
function parseAnnotations(inputs, name = 'annotations') {
    // A Map, not an object literal: a key such as __proto__ must be an annotation like any other, not the prototype.
    const annotations = new Map();
    for (const line of inputs.lines(name)) {
        const equals = line.indexOf('=');
        if (equals <= 0)
            throw (0,errors/* invalidInput */.aY)(name, line, 'is not a key=value pair', 'Write one key=value per line, such as org.example.build-id=1234');
        const key = line.slice(0, equals).trim();
        if ((0,notation_payload/* isReservedAnnotation */.Ul)(key)) {
            throw (0,errors/* invalidInput */.aY)(name, line, "uses the reserved key prefix 'io.cncf.notary'", 'Choose a key of your own, such as org.example.build-id');
        }
        if (annotations.has(key))
            throw (0,errors/* invalidInput */.aY)(name, line, `sets '${key}' a second time`, 'Give every key once');
        const value = line.slice(equals + 1).trim();
        // notation refuses an empty value too; here it is most often a workflow expression that came out empty.
        if (value === '')
            throw (0,errors/* invalidInput */.aY)(name, line, `gives '${key}' no value`, 'Give it a value, or check that the expression that should fill it is set');
        annotations.set(key, value);
    }
    return Object.fromEntries(annotations);
}
function parseSigner(inputs, context) {
    const profileValue = inputs.optional('signing-profile-arn');
    const region = inputs.region('region');
    const keyPem = readPrivateKey(inputs, context);
    const chainPem = readCertificateChain(inputs, context);
    if (profileValue !== undefined && keyPem !== undefined) {
        throw new errors/* ConfigurationError */.j1("Inputs 'signing-profile-arn' and 'key' are both set. Sign with AWS Signer (signing-profile-arn) or with a local key (key and certificate-chain), not both.");
    }
    if (profileValue !== undefined) {
        if (chainPem !== undefined) {
            throw new errors/* ConfigurationError */.j1("Input 'certificate-chain' is set with 'signing-profile-arn', but AWS Signer supplies its own certificate chain. Remove certificate-chain.");
        }
        const profile = parseSigningProfileArn('signing-profile-arn', profileValue);
        return { kind: 'aws-signer', profile, region: region ?? profile.region };
    }
    if (keyPem === undefined) {
        if (chainPem !== undefined) {
            throw new errors/* ConfigurationError */.j1("Input 'certificate-chain' is set without 'key'. Give the private key of its signing certificate in 'key' (from a secret).");
        }
        throw new errors/* ConfigurationError */.j1("Input 'signing-profile-arn' or 'key' is required. Set signing-profile-arn to sign with AWS Signer, or key and certificate-chain to sign with a local key.");
    }
    if (chainPem === undefined) {
        throw new errors/* ConfigurationError */.j1("Input 'certificate-chain' is required with 'key'. Give the PEM certificates, signing certificate first and root last, inline or as a file path.");
    }
    if (region !== undefined) {
        throw new errors/* ConfigurationError */.j1("Input 'region' applies to AWS Signer only, and this step signs with a local key. Remove region.");
    }
    try {
        return { kind: 'local-key', signer: createLocalSigner({ privateKeyPem: keyPem, certificateChainPem: chainPem }) };
    }
    catch (error) {
        throw error instanceof errors/* ConfigurationError */.j1 ? new errors/* ConfigurationError */.j1(namingInputs(error.message)) : error;
    }
}
/** createLocalSigner speaks of "signing key" and "certificate chain"; here those are the inputs key and certificate-chain. */
function namingInputs(message) {
    const prefixes = [
        ['Signing key and certificate chain do not match: ', "Inputs 'key' and 'certificate-chain' do not match: "],
        ['Signing key: ', "Input 'key': "],
        ['Certificate chain: ', "Input 'certificate-chain': "],
    ];
    const found = prefixes.find(([prefix]) => message.startsWith(prefix));
    return found ? found[1] + message.slice(found[0].length) : message;
}
function parseNotationSignInputs(inputs, context) {
    const images = (0,image_registries/* parseImages */.eb)(inputs);
    const signer = parseSigner(inputs, context);
    const annotations = parseAnnotations(inputs);
    const registryEndpoint = (0,image_registries/* parseRegistryEndpoint */.kG)(inputs, images);
    return {
        images,
        signer,
        annotations,
        concurrency: inputs.integer('concurrency', 8, 1, 32),
        forceReferrersTag: inputs.boolean('force-referrers-tag', false),
        force: inputs.boolean('force', false),
        ...(registryEndpoint ? { registryEndpoint } : {}),
    };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/notation-sign/summary.js



function resultText(row) {
    if (row.outcome.status === 'rejected')
        return `failed: ${(0,errors/* errorMessage */.gJ)(row.outcome.reason)}`;
    const signing = row.outcome.value;
    const duplicate = row.duplicateOf ? ` (same digest as ${row.duplicateOf.text}, signed once)` : '';
    if (signing.status === 'already-signed') {
        return `already signed by this signer; not signed again (set force: true to add a signature)${duplicate}`;
    }
    const where = signing.indexedBy === 'referrers-tag'
        ? `stored under the referrers tag ${(0,referrers/* referrersTag */.LN)(signing.artifact.descriptor.digest).slice(0, 19)}…`
        : 'stored, indexed by the registry (referrers API)';
    return `signed; ${where}${duplicate}`;
}
/** `rows` are the images that were done; `notStarted`, the ones a cancel kept from starting. */
function summariseSigning(summary, identity, kind, rows, notStarted) {
    summary
        .heading('notation-sign')
        .text(kind === 'aws-signer' ? `Signer: AWS Signer signing profile ${identity}` : `Signer: local key of certificate "${identity}"`)
        .table(['image', 'digest', 'signature', 'result'], rows.map((row) => [
        row.image.text,
        row.artifact?.descriptor.digest ?? '',
        row.outcome.status === 'fulfilled' ? row.outcome.value.signatureDigest : '',
        resultText(row),
    ]));
    const resolved = rows.filter((row) => row.artifact?.resolvedTag !== undefined);
    if (resolved.length > 0) {
        summary
            .text('Tags were resolved to digests before signing; the digest is what was signed:')
            .list(resolved.map((row) => `${row.image.text} → ${row.artifact.reference}`));
    }
    (0,cancelled_batch/* summariseNotStarted */.lQ)(summary, notStarted, 'signed');
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/notation-sign/main.js

















const defaultNotationSignClients = {
    ecr: image_registries/* createEcrClientLazily */.FT,
    registry: (options) => new registry_client/* RegistryClient */.b(options),
    signer: signer/* createSignerClient */.cR,
    awsSignerTrust: async (profile, trustStoreDir) => {
        await (0,aws_signer_roots/* writeBundledAwsSignerTrustStores */.pA)(trustStoreDir);
        return { trustStoreDir, storeName: (0,aws_signer_roots/* bundledAwsSignerTrustStore */.h_)(profile.partition).name };
    },
};
async function createImageSigner(settings, clients, trustStoreDir) {
    if (settings.signer.kind === 'local-key')
        return localImageSigner(settings.signer.signer, trustStoreDir);
    const { profile, region } = settings.signer;
    const signerInRegion = (0,signer/* signerClientsByRegion */.sX)(clients.signer);
    return awsImageSigner({
        api: (0,signer/* signerPayloadApi */.ff)(signerInRegion(region)),
        profile,
        trust: await clients.awsSignerTrust(profile, trustStoreDir),
        revocation: (0,aws_signer_regional/* regionalAwsSignerRevocationChecker */.E)(signerInRegion),
    });
}
/**
 * For each image of a repository the batch names more than once, the tag listing that spares most of them their
 * existence check (ReferrersTagListing), started at once, alongside the first images' resolution. Not for one image
 * (a listing would cost the request it saves), nor under `force` (nothing is looked for), nor on ECR: it has the
 * referrers API, which makes the listing useless, and listing tags would need ecr:ListImages, a permission the
 * action's policy does not ask for.
 */
function referrersTagListings(settings, registries, logger) {
    const keyOf = (image) => `${image.reference.registry}/${image.reference.repository}`;
    const counts = new Map();
    for (const image of settings.images)
        counts.set(keyOf(image), (counts.get(keyOf(image)) ?? 0) + 1);
    const listings = new Map([...registries].map(([registry, client]) => [registry, new referrers/* ReferrersTagListing */.Rd(client, { logger })]));
    const listed = new Set();
    for (const image of settings.force ? [] : settings.images) {
        if (counts.get(keyOf(image)) < 2 || listed.has(keyOf(image)) || (0,reference/* parseEcrRegistry */.d_)(image.reference.registry))
            continue;
        listed.add(keyOf(image));
        listings.get(image.reference.registry).prefetch(image.reference.repository);
    }
    return (image) => listed.has(keyOf(image)) ? { referrersTags: listings.get(image.reference.registry) } : {};
}
/** A signature stored, as the summary of a step stopped by a second signal lists it. */
function storedChange(signing) {
    const { reference, descriptor } = signing.artifact;
    const index = signing.indexedBy === 'referrers-tag' ? `, listed under its referrers tag ${(0,referrers/* referrersTag */.LN)(descriptor.digest)}` : '';
    return `${reference}: signature ${signing.signatureDigest} stored${index}`;
}
/**
 * Resolves each image and signs each distinct digest once, one pipeline per image (no image waits for the whole batch
 * to resolve before signing starts); returns one row per image in input order. The same digest named twice (a tag and
 * its digest, or two tags) is signed once, and both rows share that outcome: two concurrent signatures of one subject
 * would also race on its referrers tag index. Once the workflow is cancelled no image starts, and it gets no row; the
 * ones in flight finish (one cut off mid-way could leave a signature stored but not yet in its referrers index).
 */
async function signEachDigestOnce(settings, signer, registries, context) {
    const clientOf = (image) => registries.get(image.reference.registry);
    const emptyConfig = new Map([...registries].map(([registry, client]) => [registry, new storage/* EmptyConfigUploads */.eb(client)]));
    const referrersTags = referrersTagListings(settings, registries, context.logger);
    const now = new Date(context.clock.now());
    const signings = new Map();
    const signOnce = (image, artifact, signatures) => {
        let signing = signings.get(artifact.reference);
        if (!signing) {
            signing = signImage({
                client: clientOf(image),
                artifact,
                signer,
                annotations: settings.annotations,
                force: settings.force,
                forceReferrersTag: settings.forceReferrersTag,
                emptyConfig: emptyConfig.get(image.reference.registry),
                ...referrersTags(image),
                ...(signatures ? { signatures } : {}),
                now,
                logger: context.logger,
            }).then((value) => {
                if (value.status === 'signed')
                    context.summary.recordChange(storedChange(value));
                return { status: 'fulfilled', value };
            }, (reason) => ({ status: 'rejected', reason }));
            signings.set(artifact.reference, signing);
        }
        return signing;
    };
    // An image given by digest has its signatures listed (for the existing-signature check) while the registry confirms
    // the digest: a round trip less. Not under force (nothing is looked for), nor where the run's tag listing stands in.
    const earlyListing = (image) => {
        const { digest, repository } = image.reference;
        if (digest === undefined || settings.force || referrersTags(image).referrersTags)
            return undefined;
        const listing = (0,verify_image/* listImageSignatures */.RI)(clientOf(image), repository, digest);
        listing.catch(() => undefined); // seen when used; a failed resolution is the error to report
        return listing;
    };
    // A worker waiting on another image's signing of the same digest cannot deadlock the pool: that signing already
    // runs in the worker that started it.
    const outcomes = await (0,pool/* mapConcurrent */._)(settings.images, settings.concurrency, async (image) => {
        const signatures = earlyListing(image);
        let artifact;
        try {
            artifact = await (0,notation_artifact/* resolveArtifact */.B)(clientOf(image), image.reference);
        }
        catch (reason) {
            return { artifact: undefined, outcome: { status: 'rejected', reason } };
        }
        return { artifact, outcome: await signOnce(image, artifact, signatures) };
    }, { signal: context.signal });
    const firstIndexOf = new Map();
    outcomes.forEach((started, index) => {
        const artifact = started?.artifact;
        if (artifact && !firstIndexOf.has(artifact.reference))
            firstIndexOf.set(artifact.reference, index);
    });
    // Images start in input order, so the first image of a digest started whenever a later one with that digest did.
    const rows = settings.images.flatMap((image, index) => {
        const started = outcomes[index];
        if (!started)
            return [];
        const { artifact, outcome } = started;
        const first = artifact ? firstIndexOf.get(artifact.reference) : index;
        return [{ image, artifact, outcome, ...(first === index ? {} : { duplicateOf: settings.images[first] }) }];
    });
    return { rows, notStarted: (0,cancelled_batch/* notStartedOf */.eT)(settings.images, outcomes, context.signal) };
}
function runNotationSign(settings, context, clients = defaultNotationSignClients) {
    return (0,scratch/* withScratchDir */.C)(context.env, 'drydock-notation-sign-', async (scratch) => {
        const signer = await createImageSigner(settings, clients, scratch);
        const registries = await (0,image_registries/* openImageRegistries */.xc)(settings.images, settings.registryEndpoint, clients, context);
        const { rows, notStarted } = await signEachDigestOnce(settings, signer, registries, context);
        const succeeded = rows.flatMap((row) => row.outcome.status === 'fulfilled'
            ? [{ image: row.image.text, reference: row.artifact.reference, digest: row.artifact.descriptor.digest, signatureDigest: row.outcome.value.signatureDigest }]
            : []);
        context.outputs.set('signatures', succeeded);
        // One signature for the whole run: one image, or one image named twice (a tag and its digest), all signed.
        const signatureDigests = new Set(succeeded.map((signature) => signature.signatureDigest));
        if (succeeded.length === settings.images.length && signatureDigests.size === 1)
            context.outputs.set('signature-digest', succeeded[0].signatureDigest);
        summariseSigning(context.summary, signer.identity, settings.signer.kind, rows, notStarted);
        const failed = rows.filter((row) => row.outcome.status === 'rejected');
        const reasons = failed.map((row) => `${row.image.text}: ${(0,errors/* errorMessage */.gJ)(row.outcome.reason)}`);
        if (notStarted)
            throw (0,cancelled_batch/* cancelledBatchError */.I2)(notStarted, settings.images.length, `${succeeded.length} signed${failed.length ? `, ${failed.length} failed: ${reasons.join('; ')}` : ''}`);
        if (failed.length > 0) {
            throw new Error(`${failed.length} of ${rows.length} image(s) could not be signed. ${reasons.join('; ')}`);
        }
    });
}
function createNotationSign(clients = defaultNotationSignClients) {
    return { name: 'notation-sign', parse: parseNotationSignInputs, run: (settings, context) => runNotationSign(settings, context, clients) };
}
const notationSign = createNotationSign();


/***/ })

};
