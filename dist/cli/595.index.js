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
/* harmony import */ var _aws_signer_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(67445);
/* harmony import */ var _oci_registry_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(99309);
/* harmony import */ var _shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(36421);
/* harmony import */ var _shared_image_registries_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(87184);
/* harmony import */ var _shared_image_verification_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(68976);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(43017);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(49188);







const defaultVerifySignatureClients = {
    ecr: _shared_image_registries_js__WEBPACK_IMPORTED_MODULE_3__/* .createEcrClientLazily */ .FT,
    registry: (options) => new _oci_registry_client_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryClient */ .b(options),
    signer: _aws_signer_js__WEBPACK_IMPORTED_MODULE_0__/* .createSignerClient */ .cR,
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
    const registries = await (0,_shared_image_registries_js__WEBPACK_IMPORTED_MODULE_3__/* .openImageRegistries */ .xc)(settings.images, settings.registryEndpoint, clients, context);
    // Once the workflow is cancelled no image starts; the ones in flight finish. An image not started has no outcome and
    // no row, so it can never be output as verified.
    const outcomes = await (0,_shared_image_verification_js__WEBPACK_IMPORTED_MODULE_4__/* .verifyImageBatch */ .T)(settings.images, {
        settings,
        clientFor: (registry) => registries.get(registry),
        signer: clients.signer,
        concurrency: settings.concurrency,
        context,
        signal: context.signal,
    });
    const rows = settings.images.flatMap((image, index) => {
        const outcome = outcomes[index];
        if (!outcome)
            return [];
        return [outcome.status === 'fulfilled' ? { image, verification: outcome.value } : { image, error: outcome.reason }];
    });
    const notStarted = (0,_shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_2__/* .notStartedOf */ .eT)(settings.images, outcomes, context.signal);
    const passed = rows.filter((row) => row.verification?.verdict === 'pass');
    context.outputs.set('verified', passed.map(verifiedEntry));
    context.outputs.set('digests', passed.map((row) => row.verification.artifact.descriptor.digest));
    (0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .summariseVerification */ .q0)(context.summary, rows, notStarted);
    const failed = rows.filter((row) => row.verification?.verdict !== 'pass');
    const reasons = failed.map((row) => `${row.image.text}: ${(0,_summary_js__WEBPACK_IMPORTED_MODULE_6__/* .failureReason */ .Hr)(row)}`).join('; ');
    if (notStarted)
        throw (0,_shared_cancelled_batch_js__WEBPACK_IMPORTED_MODULE_2__/* .cancelledBatchError */ .I2)(notStarted, settings.images.length, `${passed.length} verified${failed.length ? `, ${failed.length} failed: ${reasons}` : ''}`);
    if (failed.length > 0) {
        // Fail closed: any image without a passing signature fails the step.
        throw new Error(`${failed.length} of ${rows.length} image(s) failed signature verification. ${reasons}`);
    }
    for (const row of passed) {
        const { artifact, level, statement } = row.verification;
        // As in notation, a statement at level skip passes its images unchecked: said where it cannot be missed.
        if (level === 'skip')
            context.logger.warning(`${row.image.text}: not verified: trust policy statement "${statement}" sets level skip, so ${artifact.reference} passes without any signature check`);
        else
            context.logger.info(`${row.image.text}: verified, ${artifact.reference}`);
    }
}
function createVerifySignature(clients = defaultVerifySignatureClients) {
    return { name: 'verify-signature', parse: _inputs_js__WEBPACK_IMPORTED_MODULE_5__/* .parseVerifySignatureActionInputs */ .O, run: (settings, context) => runVerifySignature(settings, context, clients) };
}
const verifySignature = createVerifySignature();


/***/ })

};
