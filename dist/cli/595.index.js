export const id = 595;
export const ids = [595];
export const modules = {

/***/ 92595:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createVerifySignature: () => (/* binding */ createVerifySignature),
/* harmony export */   defaultVerifySignatureClients: () => (/* binding */ defaultVerifySignatureClients),
/* harmony export */   runVerifySignature: () => (/* binding */ runVerifySignature),
/* harmony export */   verifySignature: () => (/* binding */ verifySignature)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _aws_signer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(67445);
/* harmony import */ var _core_pool_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(51367);
/* harmony import */ var _notation_artifact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(92608);
/* harmony import */ var _notation_aws_signer_roots_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(45864);
/* harmony import */ var _notation_trust_store_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(10578);
/* harmony import */ var _notation_verify_image_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(62903);
/* harmony import */ var _oci_registry_client_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(99309);
/* harmony import */ var _shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(36421);
/* harmony import */ var _shared_image_registries_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(87184);
/* harmony import */ var _shared_revocation_checker_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(30508);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(43017);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(49188);















const defaultVerifySignatureClients = {
    ecr: _shared_image_registries_js__WEBPACK_IMPORTED_MODULE_10__/* .createEcrClientLazily */ .FT,
    registry: (options) => new _oci_registry_client_js__WEBPACK_IMPORTED_MODULE_8__/* .RegistryClient */ .b(options),
    signer: _aws_signer_js__WEBPACK_IMPORTED_MODULE_3__/* .createSignerClient */ .cR,
};
/** What the `verified` output lists for each image that passed. */
function verifiedEntry(row) {
    const signature = row.verification.signature?.outcome?.signature;
    return {
        image: row.image.text,
        reference: row.verification.artifact.reference,
        digest: row.verification.artifact.descriptor.digest,
        identity: signature ? (signature.signingProfileVersionArn ?? signature.signer) : null,
        signingTime: signature ? signature.signingTime.toISOString() : null,
        level: row.verification.level,
    };
}
async function runVerifySignature(settings, context, clients = defaultVerifySignatureClients) {
    const scratch = settings.trustStore.kind === 'bundled' ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join((0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), 'drydock-verify-')) : undefined;
    try {
        if (scratch)
            await (0,_notation_aws_signer_roots_js__WEBPACK_IMPORTED_MODULE_5__/* .writeBundledAwsSignerTrustStores */ .pA)(scratch);
        const trustStoreDir = settings.trustStore.kind === 'directory' ? settings.trustStore.path : scratch;
        const revocation = (0,_shared_revocation_checker_js__WEBPACK_IMPORTED_MODULE_11__/* .revocationCheckerFor */ .P)(settings.revocationCheck, clients.signer);
        const registries = await (0,_shared_image_registries_js__WEBPACK_IMPORTED_MODULE_10__/* .openImageRegistries */ .xc)(settings.images, settings.registryEndpoint, clients, context);
        const verifyAt = new Date(context.clock.now());
        const trustStoreCache = new _notation_trust_store_js__WEBPACK_IMPORTED_MODULE_6__/* .TrustStoreCache */ .aw();
        trustStoreCache.prefetch(trustStoreDir, settings.trustPolicy.statements.flatMap((statement) => statement.trustStores));
        // Once the workflow is cancelled no image starts; the ones in flight finish. An image not started has no outcome and
        // no row, so it can never be output as verified.
        const outcomes = await (0,_core_pool_js__WEBPACK_IMPORTED_MODULE_14__/* .settleConcurrent */ .J)(settings.images, settings.concurrency, async (image) => {
            const client = registries.get(image.reference.registry);
            const artifact = await (0,_notation_artifact_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveArtifact */ .B)(client, image.reference);
            return (0,_notation_verify_image_js__WEBPACK_IMPORTED_MODULE_7__/* .verifyImage */ .Z)({
                client,
                artifact,
                trustPolicy: settings.trustPolicy,
                trustStoreDir,
                trustStoreCache,
                verifyAt,
                ...(revocation ? { revocation } : {}),
                logger: context.logger,
            });
        }, { signal: context.signal });
        const rows = settings.images.flatMap((image, index) => {
            const outcome = outcomes[index];
            if (!outcome)
                return [];
            return [outcome.status === 'fulfilled' ? { image, verification: outcome.value } : { image, error: outcome.reason }];
        });
        const notStarted = (0,_shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_9__/* .notStartedOf */ .eT)(settings.images, outcomes, context.signal);
        const passed = rows.filter((row) => row.verification?.verdict === 'pass');
        context.outputs.set('verified', passed.map(verifiedEntry));
        context.outputs.set('digests', passed.map((row) => row.verification.artifact.descriptor.digest));
        (0,_summary_js__WEBPACK_IMPORTED_MODULE_13__/* .summariseVerification */ .q0)(context.summary, rows, notStarted);
        const failed = rows.filter((row) => row.verification?.verdict !== 'pass');
        const reasons = failed.map((row) => `${row.image.text}: ${(0,_summary_js__WEBPACK_IMPORTED_MODULE_13__/* .failureReason */ .Hr)(row)}`).join('; ');
        if (notStarted)
            throw (0,_shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_9__/* .cancelledBatchError */ .I2)(notStarted, settings.images.length, `${passed.length} verified${failed.length ? `, ${failed.length} failed: ${reasons}` : ''}`);
        if (failed.length > 0) {
            // Fail closed: any image without a passing signature fails the step.
            throw new Error(`${failed.length} of ${rows.length} image(s) failed signature verification. ${reasons}`);
        }
        for (const row of passed)
            context.logger.info(`${row.image.text}: verified, ${row.verification.artifact.reference}`);
    }
    finally {
        if (scratch)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(scratch, { recursive: true, force: true });
    }
}
function createVerifySignature(clients = defaultVerifySignatureClients) {
    return { name: 'verify-signature', parse: (inputs) => (0,_inputs_js__WEBPACK_IMPORTED_MODULE_12__/* .parseVerifySignatureInputs */ .E)(inputs), run: (settings, context) => runVerifySignature(settings, context, clients) };
}
const verifySignature = createVerifySignature();


/***/ })

};
