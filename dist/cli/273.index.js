export const id = 273;
export const ids = [273];
export const modules = {

/***/ 40702:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.resolveHttpAuthSchemeConfig = exports.defaultImagebuilderHttpAuthSchemeProvider = exports.defaultImagebuilderHttpAuthSchemeParametersProvider = void 0;
const httpAuthSchemes_1 = __webpack_require__(97523);
const client_1 = __webpack_require__(92658);
const defaultImagebuilderHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: (0, client_1.getSmithyContext)(context).operation,
        region: await (0, client_1.normalizeProvider)(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
exports.defaultImagebuilderHttpAuthSchemeParametersProvider = defaultImagebuilderHttpAuthSchemeParametersProvider;
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "imagebuilder",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const defaultImagebuilderHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
    }
    return options;
};
exports.defaultImagebuilderHttpAuthSchemeProvider = defaultImagebuilderHttpAuthSchemeProvider;
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = (0, httpAuthSchemes_1.resolveAwsSdkSigV4Config)(config);
    return Object.assign(config_0, {
        authSchemePreference: (0, client_1.normalizeProvider)(config.authSchemePreference ?? []),
    });
};
exports.resolveHttpAuthSchemeConfig = resolveHttpAuthSchemeConfig;


/***/ }),

/***/ 40853:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.bdd = void 0;
const endpoints_1 = __webpack_require__(62085);
const k = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = { [k]: "Endpoint" }, h = { [k]: d }, i = {}, j = [{ [k]: "Region" }];
const _data = {
    conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]],
        ["stringEquals", [{ fn: f, argv: [h, "name"] }, "aws-us-gov"]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://imagebuilder-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://imagebuilder.{Region}.amazonaws.com", i],
        ["https://imagebuilder-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://imagebuilder.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://imagebuilder.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 13, 3,
    1, 4, r + 12,
    2, 5, r + 12,
    3, 8, 6,
    4, 7, r + 11,
    5, r + 9, r + 10,
    4, 11, 9,
    6, 10, r + 8,
    7, r + 6, r + 7,
    5, 12, r + 5,
    6, r + 4, r + 5,
    3, r + 1, 14,
    4, r + 2, r + 3,
]);
exports.bdd = endpoints_1.BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);


/***/ }),

/***/ 63208:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.defaultEndpointResolver = void 0;
const util_endpoints_1 = __webpack_require__(83068);
const endpoints_1 = __webpack_require__(62085);
const bdd_1 = __webpack_require__(40853);
const cache = new endpoints_1.EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => (0, endpoints_1.decideEndpoint)(bdd_1.bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
exports.defaultEndpointResolver = defaultEndpointResolver;
endpoints_1.customEndpointFunctions.aws = util_endpoints_1.awsEndpointFunctions;


/***/ }),

/***/ 81309:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {



var middlewareHostHeader = __webpack_require__(52590);
var middlewareLogger = __webpack_require__(85242);
var middlewareRecursionDetection = __webpack_require__(81568);
var middlewareUserAgent = __webpack_require__(32959);
var core = __webpack_require__(90402);
var client = __webpack_require__(92658);
var config = __webpack_require__(47291);
var endpoints = __webpack_require__(62085);
var protocols = __webpack_require__(93422);
var retry = __webpack_require__(23609);
var schema = __webpack_require__(26890);
var httpAuthSchemeProvider = __webpack_require__(40702);
var runtimeConfig = __webpack_require__(1367);
var regionConfigResolver = __webpack_require__(36463);
var schemas_0 = __webpack_require__(4045);
var errors = __webpack_require__(61233);
var ImagebuilderServiceException = __webpack_require__(70318);

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "imagebuilder",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(regionConfigResolver.getAwsRegionExtensionConfiguration(runtimeConfig), client.getDefaultExtensionConfiguration(runtimeConfig), protocols.getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, regionConfigResolver.resolveAwsRegionExtensionConfiguration(extensionConfiguration), client.resolveDefaultRuntimeConfig(extensionConfiguration), protocols.resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class ImagebuilderClient extends client.Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = runtimeConfig.getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = middlewareUserAgent.resolveUserAgentConfig(_config_1);
        const _config_3 = retry.resolveRetryConfig(_config_2);
        const _config_4 = config.resolveRegionConfig(_config_3);
        const _config_5 = middlewareHostHeader.resolveHostHeaderConfig(_config_4);
        const _config_6 = endpoints.resolveEndpointConfig(_config_5);
        const _config_7 = httpAuthSchemeProvider.resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(schema.getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(middlewareUserAgent.getUserAgentPlugin(this.config));
        this.middlewareStack.use(retry.getRetryPlugin(this.config));
        this.middlewareStack.use(protocols.getContentLengthPlugin(this.config));
        this.middlewareStack.use(middlewareHostHeader.getHostHeaderPlugin(this.config));
        this.middlewareStack.use(middlewareLogger.getLoggerPlugin(this.config));
        this.middlewareStack.use(middlewareRecursionDetection.getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(core.getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: httpAuthSchemeProvider.defaultImagebuilderHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new core.DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
            }),
        }));
        this.middlewareStack.use(core.getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

class CancelImageCreationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CancelImageCreation", {})
    .n("ImagebuilderClient", "CancelImageCreationCommand")
    .sc(schemas_0.CancelImageCreation$)
    .build() {
}

class CancelLifecycleExecutionCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CancelLifecycleExecution", {})
    .n("ImagebuilderClient", "CancelLifecycleExecutionCommand")
    .sc(schemas_0.CancelLifecycleExecution$)
    .build() {
}

class CreateComponentCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateComponent", {})
    .n("ImagebuilderClient", "CreateComponentCommand")
    .sc(schemas_0.CreateComponent$)
    .build() {
}

class CreateContainerRecipeCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateContainerRecipe", {})
    .n("ImagebuilderClient", "CreateContainerRecipeCommand")
    .sc(schemas_0.CreateContainerRecipe$)
    .build() {
}

class CreateDistributionConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateDistributionConfiguration", {})
    .n("ImagebuilderClient", "CreateDistributionConfigurationCommand")
    .sc(schemas_0.CreateDistributionConfiguration$)
    .build() {
}

class CreateImageCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateImage", {})
    .n("ImagebuilderClient", "CreateImageCommand")
    .sc(schemas_0.CreateImage$)
    .build() {
}

class CreateImagePipelineCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateImagePipeline", {})
    .n("ImagebuilderClient", "CreateImagePipelineCommand")
    .sc(schemas_0.CreateImagePipeline$)
    .build() {
}

class CreateImageRecipeCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateImageRecipe", {})
    .n("ImagebuilderClient", "CreateImageRecipeCommand")
    .sc(schemas_0.CreateImageRecipe$)
    .build() {
}

class CreateInfrastructureConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateInfrastructureConfiguration", {})
    .n("ImagebuilderClient", "CreateInfrastructureConfigurationCommand")
    .sc(schemas_0.CreateInfrastructureConfiguration$)
    .build() {
}

class CreateLifecyclePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateLifecyclePolicy", {})
    .n("ImagebuilderClient", "CreateLifecyclePolicyCommand")
    .sc(schemas_0.CreateLifecyclePolicy$)
    .build() {
}

class CreateWorkflowCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "CreateWorkflow", {})
    .n("ImagebuilderClient", "CreateWorkflowCommand")
    .sc(schemas_0.CreateWorkflow$)
    .build() {
}

class DeleteComponentCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteComponent", {})
    .n("ImagebuilderClient", "DeleteComponentCommand")
    .sc(schemas_0.DeleteComponent$)
    .build() {
}

class DeleteContainerRecipeCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteContainerRecipe", {})
    .n("ImagebuilderClient", "DeleteContainerRecipeCommand")
    .sc(schemas_0.DeleteContainerRecipe$)
    .build() {
}

class DeleteDistributionConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteDistributionConfiguration", {})
    .n("ImagebuilderClient", "DeleteDistributionConfigurationCommand")
    .sc(schemas_0.DeleteDistributionConfiguration$)
    .build() {
}

class DeleteImageCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteImage", {})
    .n("ImagebuilderClient", "DeleteImageCommand")
    .sc(schemas_0.DeleteImage$)
    .build() {
}

class DeleteImagePipelineCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteImagePipeline", {})
    .n("ImagebuilderClient", "DeleteImagePipelineCommand")
    .sc(schemas_0.DeleteImagePipeline$)
    .build() {
}

class DeleteImageRecipeCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteImageRecipe", {})
    .n("ImagebuilderClient", "DeleteImageRecipeCommand")
    .sc(schemas_0.DeleteImageRecipe$)
    .build() {
}

class DeleteInfrastructureConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteInfrastructureConfiguration", {})
    .n("ImagebuilderClient", "DeleteInfrastructureConfigurationCommand")
    .sc(schemas_0.DeleteInfrastructureConfiguration$)
    .build() {
}

class DeleteLifecyclePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteLifecyclePolicy", {})
    .n("ImagebuilderClient", "DeleteLifecyclePolicyCommand")
    .sc(schemas_0.DeleteLifecyclePolicy$)
    .build() {
}

class DeleteWorkflowCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DeleteWorkflow", {})
    .n("ImagebuilderClient", "DeleteWorkflowCommand")
    .sc(schemas_0.DeleteWorkflow$)
    .build() {
}

class DistributeImageCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "DistributeImage", {})
    .n("ImagebuilderClient", "DistributeImageCommand")
    .sc(schemas_0.DistributeImage$)
    .build() {
}

class GetComponentCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetComponent", {})
    .n("ImagebuilderClient", "GetComponentCommand")
    .sc(schemas_0.GetComponent$)
    .build() {
}

class GetComponentPolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetComponentPolicy", {})
    .n("ImagebuilderClient", "GetComponentPolicyCommand")
    .sc(schemas_0.GetComponentPolicy$)
    .build() {
}

class GetContainerRecipeCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetContainerRecipe", {})
    .n("ImagebuilderClient", "GetContainerRecipeCommand")
    .sc(schemas_0.GetContainerRecipe$)
    .build() {
}

class GetContainerRecipePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetContainerRecipePolicy", {})
    .n("ImagebuilderClient", "GetContainerRecipePolicyCommand")
    .sc(schemas_0.GetContainerRecipePolicy$)
    .build() {
}

class GetDistributionConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetDistributionConfiguration", {})
    .n("ImagebuilderClient", "GetDistributionConfigurationCommand")
    .sc(schemas_0.GetDistributionConfiguration$)
    .build() {
}

class GetImageCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetImage", {})
    .n("ImagebuilderClient", "GetImageCommand")
    .sc(schemas_0.GetImage$)
    .build() {
}

class GetImagePipelineCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetImagePipeline", {})
    .n("ImagebuilderClient", "GetImagePipelineCommand")
    .sc(schemas_0.GetImagePipeline$)
    .build() {
}

class GetImagePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetImagePolicy", {})
    .n("ImagebuilderClient", "GetImagePolicyCommand")
    .sc(schemas_0.GetImagePolicy$)
    .build() {
}

class GetImageRecipeCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetImageRecipe", {})
    .n("ImagebuilderClient", "GetImageRecipeCommand")
    .sc(schemas_0.GetImageRecipe$)
    .build() {
}

class GetImageRecipePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetImageRecipePolicy", {})
    .n("ImagebuilderClient", "GetImageRecipePolicyCommand")
    .sc(schemas_0.GetImageRecipePolicy$)
    .build() {
}

class GetInfrastructureConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetInfrastructureConfiguration", {})
    .n("ImagebuilderClient", "GetInfrastructureConfigurationCommand")
    .sc(schemas_0.GetInfrastructureConfiguration$)
    .build() {
}

class GetLifecycleExecutionCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetLifecycleExecution", {})
    .n("ImagebuilderClient", "GetLifecycleExecutionCommand")
    .sc(schemas_0.GetLifecycleExecution$)
    .build() {
}

class GetLifecyclePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetLifecyclePolicy", {})
    .n("ImagebuilderClient", "GetLifecyclePolicyCommand")
    .sc(schemas_0.GetLifecyclePolicy$)
    .build() {
}

class GetMarketplaceResourceCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetMarketplaceResource", {})
    .n("ImagebuilderClient", "GetMarketplaceResourceCommand")
    .sc(schemas_0.GetMarketplaceResource$)
    .build() {
}

class GetWorkflowCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetWorkflow", {})
    .n("ImagebuilderClient", "GetWorkflowCommand")
    .sc(schemas_0.GetWorkflow$)
    .build() {
}

class GetWorkflowExecutionCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetWorkflowExecution", {})
    .n("ImagebuilderClient", "GetWorkflowExecutionCommand")
    .sc(schemas_0.GetWorkflowExecution$)
    .build() {
}

class GetWorkflowStepExecutionCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "GetWorkflowStepExecution", {})
    .n("ImagebuilderClient", "GetWorkflowStepExecutionCommand")
    .sc(schemas_0.GetWorkflowStepExecution$)
    .build() {
}

class ImportComponentCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ImportComponent", {})
    .n("ImagebuilderClient", "ImportComponentCommand")
    .sc(schemas_0.ImportComponent$)
    .build() {
}

class ImportDiskImageCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ImportDiskImage", {})
    .n("ImagebuilderClient", "ImportDiskImageCommand")
    .sc(schemas_0.ImportDiskImage$)
    .build() {
}

class ImportVmImageCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ImportVmImage", {})
    .n("ImagebuilderClient", "ImportVmImageCommand")
    .sc(schemas_0.ImportVmImage$)
    .build() {
}

class ListComponentBuildVersionsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListComponentBuildVersions", {})
    .n("ImagebuilderClient", "ListComponentBuildVersionsCommand")
    .sc(schemas_0.ListComponentBuildVersions$)
    .build() {
}

class ListComponentsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListComponents", {})
    .n("ImagebuilderClient", "ListComponentsCommand")
    .sc(schemas_0.ListComponents$)
    .build() {
}

class ListContainerRecipesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListContainerRecipes", {})
    .n("ImagebuilderClient", "ListContainerRecipesCommand")
    .sc(schemas_0.ListContainerRecipes$)
    .build() {
}

class ListDistributionConfigurationsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListDistributionConfigurations", {})
    .n("ImagebuilderClient", "ListDistributionConfigurationsCommand")
    .sc(schemas_0.ListDistributionConfigurations$)
    .build() {
}

class ListImageBuildVersionsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImageBuildVersions", {})
    .n("ImagebuilderClient", "ListImageBuildVersionsCommand")
    .sc(schemas_0.ListImageBuildVersions$)
    .build() {
}

class ListImagePackagesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImagePackages", {})
    .n("ImagebuilderClient", "ListImagePackagesCommand")
    .sc(schemas_0.ListImagePackages$)
    .build() {
}

class ListImagePipelineImagesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImagePipelineImages", {})
    .n("ImagebuilderClient", "ListImagePipelineImagesCommand")
    .sc(schemas_0.ListImagePipelineImages$)
    .build() {
}

class ListImagePipelinesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImagePipelines", {})
    .n("ImagebuilderClient", "ListImagePipelinesCommand")
    .sc(schemas_0.ListImagePipelines$)
    .build() {
}

class ListImageRecipesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImageRecipes", {})
    .n("ImagebuilderClient", "ListImageRecipesCommand")
    .sc(schemas_0.ListImageRecipes$)
    .build() {
}

class ListImageScanFindingAggregationsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImageScanFindingAggregations", {})
    .n("ImagebuilderClient", "ListImageScanFindingAggregationsCommand")
    .sc(schemas_0.ListImageScanFindingAggregations$)
    .build() {
}

class ListImageScanFindingsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImageScanFindings", {})
    .n("ImagebuilderClient", "ListImageScanFindingsCommand")
    .sc(schemas_0.ListImageScanFindings$)
    .build() {
}

class ListImagesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListImages", {})
    .n("ImagebuilderClient", "ListImagesCommand")
    .sc(schemas_0.ListImages$)
    .build() {
}

class ListInfrastructureConfigurationsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListInfrastructureConfigurations", {})
    .n("ImagebuilderClient", "ListInfrastructureConfigurationsCommand")
    .sc(schemas_0.ListInfrastructureConfigurations$)
    .build() {
}

class ListLifecycleExecutionResourcesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListLifecycleExecutionResources", {})
    .n("ImagebuilderClient", "ListLifecycleExecutionResourcesCommand")
    .sc(schemas_0.ListLifecycleExecutionResources$)
    .build() {
}

class ListLifecycleExecutionsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListLifecycleExecutions", {})
    .n("ImagebuilderClient", "ListLifecycleExecutionsCommand")
    .sc(schemas_0.ListLifecycleExecutions$)
    .build() {
}

class ListLifecyclePoliciesCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListLifecyclePolicies", {})
    .n("ImagebuilderClient", "ListLifecyclePoliciesCommand")
    .sc(schemas_0.ListLifecyclePolicies$)
    .build() {
}

class ListTagsForResourceCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListTagsForResource", {})
    .n("ImagebuilderClient", "ListTagsForResourceCommand")
    .sc(schemas_0.ListTagsForResource$)
    .build() {
}

class ListWaitingWorkflowStepsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListWaitingWorkflowSteps", {})
    .n("ImagebuilderClient", "ListWaitingWorkflowStepsCommand")
    .sc(schemas_0.ListWaitingWorkflowSteps$)
    .build() {
}

class ListWorkflowBuildVersionsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListWorkflowBuildVersions", {})
    .n("ImagebuilderClient", "ListWorkflowBuildVersionsCommand")
    .sc(schemas_0.ListWorkflowBuildVersions$)
    .build() {
}

class ListWorkflowExecutionsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListWorkflowExecutions", {})
    .n("ImagebuilderClient", "ListWorkflowExecutionsCommand")
    .sc(schemas_0.ListWorkflowExecutions$)
    .build() {
}

class ListWorkflowsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListWorkflows", {})
    .n("ImagebuilderClient", "ListWorkflowsCommand")
    .sc(schemas_0.ListWorkflows$)
    .build() {
}

class ListWorkflowStepExecutionsCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "ListWorkflowStepExecutions", {})
    .n("ImagebuilderClient", "ListWorkflowStepExecutionsCommand")
    .sc(schemas_0.ListWorkflowStepExecutions$)
    .build() {
}

class PutComponentPolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "PutComponentPolicy", {})
    .n("ImagebuilderClient", "PutComponentPolicyCommand")
    .sc(schemas_0.PutComponentPolicy$)
    .build() {
}

class PutContainerRecipePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "PutContainerRecipePolicy", {})
    .n("ImagebuilderClient", "PutContainerRecipePolicyCommand")
    .sc(schemas_0.PutContainerRecipePolicy$)
    .build() {
}

class PutImagePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "PutImagePolicy", {})
    .n("ImagebuilderClient", "PutImagePolicyCommand")
    .sc(schemas_0.PutImagePolicy$)
    .build() {
}

class PutImageRecipePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "PutImageRecipePolicy", {})
    .n("ImagebuilderClient", "PutImageRecipePolicyCommand")
    .sc(schemas_0.PutImageRecipePolicy$)
    .build() {
}

class RetryImageCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "RetryImage", {})
    .n("ImagebuilderClient", "RetryImageCommand")
    .sc(schemas_0.RetryImage$)
    .build() {
}

class SendWorkflowStepActionCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "SendWorkflowStepAction", {})
    .n("ImagebuilderClient", "SendWorkflowStepActionCommand")
    .sc(schemas_0.SendWorkflowStepAction$)
    .build() {
}

class StartImagePipelineExecutionCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "StartImagePipelineExecution", {})
    .n("ImagebuilderClient", "StartImagePipelineExecutionCommand")
    .sc(schemas_0.StartImagePipelineExecution$)
    .build() {
}

class StartResourceStateUpdateCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "StartResourceStateUpdate", {})
    .n("ImagebuilderClient", "StartResourceStateUpdateCommand")
    .sc(schemas_0.StartResourceStateUpdate$)
    .build() {
}

class TagResourceCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "TagResource", {})
    .n("ImagebuilderClient", "TagResourceCommand")
    .sc(schemas_0.TagResource$)
    .build() {
}

class UntagResourceCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "UntagResource", {})
    .n("ImagebuilderClient", "UntagResourceCommand")
    .sc(schemas_0.UntagResource$)
    .build() {
}

class UpdateDistributionConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "UpdateDistributionConfiguration", {})
    .n("ImagebuilderClient", "UpdateDistributionConfigurationCommand")
    .sc(schemas_0.UpdateDistributionConfiguration$)
    .build() {
}

class UpdateImagePipelineCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "UpdateImagePipeline", {})
    .n("ImagebuilderClient", "UpdateImagePipelineCommand")
    .sc(schemas_0.UpdateImagePipeline$)
    .build() {
}

class UpdateInfrastructureConfigurationCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "UpdateInfrastructureConfiguration", {})
    .n("ImagebuilderClient", "UpdateInfrastructureConfigurationCommand")
    .sc(schemas_0.UpdateInfrastructureConfiguration$)
    .build() {
}

class UpdateLifecyclePolicyCommand extends client.Command
    .classBuilder()
    .ep(commonParams)
    .m(function (Command, cs, config, o) {
    return [endpoints.getEndpointPlugin(config, Command.getEndpointParameterInstructions())];
})
    .s("imagebuilder", "UpdateLifecyclePolicy", {})
    .n("ImagebuilderClient", "UpdateLifecyclePolicyCommand")
    .sc(schemas_0.UpdateLifecyclePolicy$)
    .build() {
}

const paginateListComponentBuildVersions = core.createPaginator(ImagebuilderClient, ListComponentBuildVersionsCommand, "nextToken", "nextToken", "maxResults");

const paginateListComponents = core.createPaginator(ImagebuilderClient, ListComponentsCommand, "nextToken", "nextToken", "maxResults");

const paginateListContainerRecipes = core.createPaginator(ImagebuilderClient, ListContainerRecipesCommand, "nextToken", "nextToken", "maxResults");

const paginateListDistributionConfigurations = core.createPaginator(ImagebuilderClient, ListDistributionConfigurationsCommand, "nextToken", "nextToken", "maxResults");

const paginateListImageBuildVersions = core.createPaginator(ImagebuilderClient, ListImageBuildVersionsCommand, "nextToken", "nextToken", "maxResults");

const paginateListImagePackages = core.createPaginator(ImagebuilderClient, ListImagePackagesCommand, "nextToken", "nextToken", "maxResults");

const paginateListImagePipelineImages = core.createPaginator(ImagebuilderClient, ListImagePipelineImagesCommand, "nextToken", "nextToken", "maxResults");

const paginateListImagePipelines = core.createPaginator(ImagebuilderClient, ListImagePipelinesCommand, "nextToken", "nextToken", "maxResults");

const paginateListImageRecipes = core.createPaginator(ImagebuilderClient, ListImageRecipesCommand, "nextToken", "nextToken", "maxResults");

const paginateListImageScanFindingAggregations = core.createPaginator(ImagebuilderClient, ListImageScanFindingAggregationsCommand, "nextToken", "nextToken", "");

const paginateListImageScanFindings = core.createPaginator(ImagebuilderClient, ListImageScanFindingsCommand, "nextToken", "nextToken", "maxResults");

const paginateListImages = core.createPaginator(ImagebuilderClient, ListImagesCommand, "nextToken", "nextToken", "maxResults");

const paginateListInfrastructureConfigurations = core.createPaginator(ImagebuilderClient, ListInfrastructureConfigurationsCommand, "nextToken", "nextToken", "maxResults");

const paginateListLifecycleExecutionResources = core.createPaginator(ImagebuilderClient, ListLifecycleExecutionResourcesCommand, "nextToken", "nextToken", "maxResults");

const paginateListLifecycleExecutions = core.createPaginator(ImagebuilderClient, ListLifecycleExecutionsCommand, "nextToken", "nextToken", "maxResults");

const paginateListLifecyclePolicies = core.createPaginator(ImagebuilderClient, ListLifecyclePoliciesCommand, "nextToken", "nextToken", "maxResults");

const paginateListWaitingWorkflowSteps = core.createPaginator(ImagebuilderClient, ListWaitingWorkflowStepsCommand, "nextToken", "nextToken", "maxResults");

const paginateListWorkflowBuildVersions = core.createPaginator(ImagebuilderClient, ListWorkflowBuildVersionsCommand, "nextToken", "nextToken", "maxResults");

const paginateListWorkflowExecutions = core.createPaginator(ImagebuilderClient, ListWorkflowExecutionsCommand, "nextToken", "nextToken", "maxResults");

const paginateListWorkflows = core.createPaginator(ImagebuilderClient, ListWorkflowsCommand, "nextToken", "nextToken", "maxResults");

const paginateListWorkflowStepExecutions = core.createPaginator(ImagebuilderClient, ListWorkflowStepExecutionsCommand, "nextToken", "nextToken", "maxResults");

const commands = {
    CancelImageCreationCommand,
    CancelLifecycleExecutionCommand,
    CreateComponentCommand,
    CreateContainerRecipeCommand,
    CreateDistributionConfigurationCommand,
    CreateImageCommand,
    CreateImagePipelineCommand,
    CreateImageRecipeCommand,
    CreateInfrastructureConfigurationCommand,
    CreateLifecyclePolicyCommand,
    CreateWorkflowCommand,
    DeleteComponentCommand,
    DeleteContainerRecipeCommand,
    DeleteDistributionConfigurationCommand,
    DeleteImageCommand,
    DeleteImagePipelineCommand,
    DeleteImageRecipeCommand,
    DeleteInfrastructureConfigurationCommand,
    DeleteLifecyclePolicyCommand,
    DeleteWorkflowCommand,
    DistributeImageCommand,
    GetComponentCommand,
    GetComponentPolicyCommand,
    GetContainerRecipeCommand,
    GetContainerRecipePolicyCommand,
    GetDistributionConfigurationCommand,
    GetImageCommand,
    GetImagePipelineCommand,
    GetImagePolicyCommand,
    GetImageRecipeCommand,
    GetImageRecipePolicyCommand,
    GetInfrastructureConfigurationCommand,
    GetLifecycleExecutionCommand,
    GetLifecyclePolicyCommand,
    GetMarketplaceResourceCommand,
    GetWorkflowCommand,
    GetWorkflowExecutionCommand,
    GetWorkflowStepExecutionCommand,
    ImportComponentCommand,
    ImportDiskImageCommand,
    ImportVmImageCommand,
    ListComponentBuildVersionsCommand,
    ListComponentsCommand,
    ListContainerRecipesCommand,
    ListDistributionConfigurationsCommand,
    ListImageBuildVersionsCommand,
    ListImagePackagesCommand,
    ListImagePipelineImagesCommand,
    ListImagePipelinesCommand,
    ListImageRecipesCommand,
    ListImagesCommand,
    ListImageScanFindingAggregationsCommand,
    ListImageScanFindingsCommand,
    ListInfrastructureConfigurationsCommand,
    ListLifecycleExecutionResourcesCommand,
    ListLifecycleExecutionsCommand,
    ListLifecyclePoliciesCommand,
    ListTagsForResourceCommand,
    ListWaitingWorkflowStepsCommand,
    ListWorkflowBuildVersionsCommand,
    ListWorkflowExecutionsCommand,
    ListWorkflowsCommand,
    ListWorkflowStepExecutionsCommand,
    PutComponentPolicyCommand,
    PutContainerRecipePolicyCommand,
    PutImagePolicyCommand,
    PutImageRecipePolicyCommand,
    RetryImageCommand,
    SendWorkflowStepActionCommand,
    StartImagePipelineExecutionCommand,
    StartResourceStateUpdateCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateDistributionConfigurationCommand,
    UpdateImagePipelineCommand,
    UpdateInfrastructureConfigurationCommand,
    UpdateLifecyclePolicyCommand,
};
const paginators = {
    paginateListComponentBuildVersions,
    paginateListComponents,
    paginateListContainerRecipes,
    paginateListDistributionConfigurations,
    paginateListImageBuildVersions,
    paginateListImagePackages,
    paginateListImagePipelineImages,
    paginateListImagePipelines,
    paginateListImageRecipes,
    paginateListImages,
    paginateListImageScanFindingAggregations,
    paginateListImageScanFindings,
    paginateListInfrastructureConfigurations,
    paginateListLifecycleExecutionResources,
    paginateListLifecycleExecutions,
    paginateListLifecyclePolicies,
    paginateListWaitingWorkflowSteps,
    paginateListWorkflowBuildVersions,
    paginateListWorkflowExecutions,
    paginateListWorkflows,
    paginateListWorkflowStepExecutions,
};
class Imagebuilder extends ImagebuilderClient {
}
client.createAggregatedClient(commands, Imagebuilder, { paginators });

const ImageStatus = {
    AVAILABLE: "AVAILABLE",
    BUILDING: "BUILDING",
    CANCELLED: "CANCELLED",
    CREATING: "CREATING",
    DELETED: "DELETED",
    DEPRECATED: "DEPRECATED",
    DISABLED: "DISABLED",
    DISTRIBUTING: "DISTRIBUTING",
    FAILED: "FAILED",
    INTEGRATING: "INTEGRATING",
    PENDING: "PENDING",
    TESTING: "TESTING",
};
const BuildType = {
    IMPORT: "IMPORT",
    IMPORT_ISO: "IMPORT_ISO",
    SCHEDULED: "SCHEDULED",
    USER_INITIATED: "USER_INITIATED",
};
const Platform = {
    LINUX: "Linux",
    MACOS: "macOS",
    WINDOWS: "Windows",
};
const ProductCodeType = {
    MARKETPLACE: "marketplace",
};
const ComponentStatus = {
    ACTIVE: "ACTIVE",
    DEPRECATED: "DEPRECATED",
    DISABLED: "DISABLED",
};
const ComponentType = {
    BUILD: "BUILD",
    TEST: "TEST",
};
const ComponentFormat = {
    SHELL: "SHELL",
};
const ContainerRepositoryService = {
    ECR: "ECR",
};
const ContainerType = {
    DOCKER: "DOCKER",
};
const EbsVolumeType = {
    GP2: "gp2",
    GP3: "gp3",
    IO1: "io1",
    IO2: "io2",
    SC1: "sc1",
    ST1: "st1",
    STANDARD: "standard",
};
const DiskImageFormat = {
    RAW: "RAW",
    VHD: "VHD",
    VMDK: "VMDK",
};
const SsmParameterDataType = {
    AWS_EC2_IMAGE: "aws:ec2:image",
    TEXT: "text",
};
const OnWorkflowFailure = {
    ABORT: "ABORT",
    CONTINUE: "CONTINUE",
};
const PipelineExecutionStartCondition = {
    EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE: "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE",
    EXPRESSION_MATCH_ONLY: "EXPRESSION_MATCH_ONLY",
};
const PipelineStatus = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const TenancyType = {
    DEDICATED: "dedicated",
    DEFAULT: "default",
    HOST: "host",
};
const LifecyclePolicyDetailActionType = {
    DELETE: "DELETE",
    DEPRECATE: "DEPRECATE",
    DISABLE: "DISABLE",
};
const LifecyclePolicyTimeUnit = {
    DAYS: "DAYS",
    MONTHS: "MONTHS",
    WEEKS: "WEEKS",
    YEARS: "YEARS",
};
const LifecyclePolicyDetailFilterType = {
    AGE: "AGE",
    COUNT: "COUNT",
};
const LifecyclePolicyResourceType = {
    AMI_IMAGE: "AMI_IMAGE",
    CONTAINER_IMAGE: "CONTAINER_IMAGE",
};
const LifecyclePolicyStatus = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const WorkflowType = {
    BUILD: "BUILD",
    DISTRIBUTION: "DISTRIBUTION",
    TEST: "TEST",
};
const ImageType = {
    AMI: "AMI",
    DOCKER: "DOCKER",
};
const ImageSource = {
    AMAZON_MANAGED: "AMAZON_MANAGED",
    AWS_MARKETPLACE: "AWS_MARKETPLACE",
    CUSTOM: "CUSTOM",
    IMPORTED: "IMPORTED",
};
const ImageScanStatus = {
    ABANDONED: "ABANDONED",
    COLLECTING: "COLLECTING",
    COMPLETED: "COMPLETED",
    FAILED: "FAILED",
    PENDING: "PENDING",
    SCANNING: "SCANNING",
    TIMED_OUT: "TIMED_OUT",
};
const LifecycleExecutionStatus = {
    CANCELLED: "CANCELLED",
    CANCELLING: "CANCELLING",
    FAILED: "FAILED",
    IN_PROGRESS: "IN_PROGRESS",
    PENDING: "PENDING",
    SUCCESS: "SUCCESS",
};
const MarketplaceResourceType = {
    COMPONENT_ARTIFACT: "COMPONENT_ARTIFACT",
    COMPONENT_DATA: "COMPONENT_DATA",
};
const WorkflowStatus = {
    DEPRECATED: "DEPRECATED",
};
const WorkflowExecutionStatus = {
    CANCELLED: "CANCELLED",
    COMPLETED: "COMPLETED",
    FAILED: "FAILED",
    PENDING: "PENDING",
    ROLLBACK_COMPLETED: "ROLLBACK_COMPLETED",
    ROLLBACK_IN_PROGRESS: "ROLLBACK_IN_PROGRESS",
    RUNNING: "RUNNING",
    SKIPPED: "SKIPPED",
};
const WorkflowStepExecutionRollbackStatus = {
    COMPLETED: "COMPLETED",
    FAILED: "FAILED",
    RUNNING: "RUNNING",
    SKIPPED: "SKIPPED",
};
const WorkflowStepExecutionStatus = {
    CANCELLED: "CANCELLED",
    COMPLETED: "COMPLETED",
    FAILED: "FAILED",
    PENDING: "PENDING",
    RUNNING: "RUNNING",
    SKIPPED: "SKIPPED",
};
const Ownership = {
    AMAZON: "Amazon",
    AWS_MARKETPLACE: "AWSMarketplace",
    SELF: "Self",
    SHARED: "Shared",
    THIRDPARTY: "ThirdParty",
};
const LifecycleExecutionResourceActionName = {
    AVAILABLE: "AVAILABLE",
    DELETE: "DELETE",
    DEPRECATE: "DEPRECATE",
    DISABLE: "DISABLE",
};
const LifecycleExecutionResourceStatus = {
    FAILED: "FAILED",
    IN_PROGRESS: "IN_PROGRESS",
    SKIPPED: "SKIPPED",
    SUCCESS: "SUCCESS",
};
const WorkflowStepActionType = {
    RESUME: "RESUME",
    STOP: "STOP",
};
const ResourceStatus = {
    AVAILABLE: "AVAILABLE",
    DELETED: "DELETED",
    DEPRECATED: "DEPRECATED",
    DISABLED: "DISABLED",
};

exports.$Command = client.Command;
exports.__Client = client.Client;
exports.ImagebuilderServiceException = ImagebuilderServiceException.ImagebuilderServiceException;
exports.BuildType = BuildType;
exports.CancelImageCreationCommand = CancelImageCreationCommand;
exports.CancelLifecycleExecutionCommand = CancelLifecycleExecutionCommand;
exports.ComponentFormat = ComponentFormat;
exports.ComponentStatus = ComponentStatus;
exports.ComponentType = ComponentType;
exports.ContainerRepositoryService = ContainerRepositoryService;
exports.ContainerType = ContainerType;
exports.CreateComponentCommand = CreateComponentCommand;
exports.CreateContainerRecipeCommand = CreateContainerRecipeCommand;
exports.CreateDistributionConfigurationCommand = CreateDistributionConfigurationCommand;
exports.CreateImageCommand = CreateImageCommand;
exports.CreateImagePipelineCommand = CreateImagePipelineCommand;
exports.CreateImageRecipeCommand = CreateImageRecipeCommand;
exports.CreateInfrastructureConfigurationCommand = CreateInfrastructureConfigurationCommand;
exports.CreateLifecyclePolicyCommand = CreateLifecyclePolicyCommand;
exports.CreateWorkflowCommand = CreateWorkflowCommand;
exports.DeleteComponentCommand = DeleteComponentCommand;
exports.DeleteContainerRecipeCommand = DeleteContainerRecipeCommand;
exports.DeleteDistributionConfigurationCommand = DeleteDistributionConfigurationCommand;
exports.DeleteImageCommand = DeleteImageCommand;
exports.DeleteImagePipelineCommand = DeleteImagePipelineCommand;
exports.DeleteImageRecipeCommand = DeleteImageRecipeCommand;
exports.DeleteInfrastructureConfigurationCommand = DeleteInfrastructureConfigurationCommand;
exports.DeleteLifecyclePolicyCommand = DeleteLifecyclePolicyCommand;
exports.DeleteWorkflowCommand = DeleteWorkflowCommand;
exports.DiskImageFormat = DiskImageFormat;
exports.DistributeImageCommand = DistributeImageCommand;
exports.EbsVolumeType = EbsVolumeType;
exports.GetComponentCommand = GetComponentCommand;
exports.GetComponentPolicyCommand = GetComponentPolicyCommand;
exports.GetContainerRecipeCommand = GetContainerRecipeCommand;
exports.GetContainerRecipePolicyCommand = GetContainerRecipePolicyCommand;
exports.GetDistributionConfigurationCommand = GetDistributionConfigurationCommand;
exports.GetImageCommand = GetImageCommand;
exports.GetImagePipelineCommand = GetImagePipelineCommand;
exports.GetImagePolicyCommand = GetImagePolicyCommand;
exports.GetImageRecipeCommand = GetImageRecipeCommand;
exports.GetImageRecipePolicyCommand = GetImageRecipePolicyCommand;
exports.GetInfrastructureConfigurationCommand = GetInfrastructureConfigurationCommand;
exports.GetLifecycleExecutionCommand = GetLifecycleExecutionCommand;
exports.GetLifecyclePolicyCommand = GetLifecyclePolicyCommand;
exports.GetMarketplaceResourceCommand = GetMarketplaceResourceCommand;
exports.GetWorkflowCommand = GetWorkflowCommand;
exports.GetWorkflowExecutionCommand = GetWorkflowExecutionCommand;
exports.GetWorkflowStepExecutionCommand = GetWorkflowStepExecutionCommand;
exports.ImageScanStatus = ImageScanStatus;
exports.ImageSource = ImageSource;
exports.ImageStatus = ImageStatus;
exports.ImageType = ImageType;
exports.Imagebuilder = Imagebuilder;
exports.ImagebuilderClient = ImagebuilderClient;
exports.ImportComponentCommand = ImportComponentCommand;
exports.ImportDiskImageCommand = ImportDiskImageCommand;
exports.ImportVmImageCommand = ImportVmImageCommand;
exports.LifecycleExecutionResourceActionName = LifecycleExecutionResourceActionName;
exports.LifecycleExecutionResourceStatus = LifecycleExecutionResourceStatus;
exports.LifecycleExecutionStatus = LifecycleExecutionStatus;
exports.LifecyclePolicyDetailActionType = LifecyclePolicyDetailActionType;
exports.LifecyclePolicyDetailFilterType = LifecyclePolicyDetailFilterType;
exports.LifecyclePolicyResourceType = LifecyclePolicyResourceType;
exports.LifecyclePolicyStatus = LifecyclePolicyStatus;
exports.LifecyclePolicyTimeUnit = LifecyclePolicyTimeUnit;
exports.ListComponentBuildVersionsCommand = ListComponentBuildVersionsCommand;
exports.ListComponentsCommand = ListComponentsCommand;
exports.ListContainerRecipesCommand = ListContainerRecipesCommand;
exports.ListDistributionConfigurationsCommand = ListDistributionConfigurationsCommand;
exports.ListImageBuildVersionsCommand = ListImageBuildVersionsCommand;
exports.ListImagePackagesCommand = ListImagePackagesCommand;
exports.ListImagePipelineImagesCommand = ListImagePipelineImagesCommand;
exports.ListImagePipelinesCommand = ListImagePipelinesCommand;
exports.ListImageRecipesCommand = ListImageRecipesCommand;
exports.ListImageScanFindingAggregationsCommand = ListImageScanFindingAggregationsCommand;
exports.ListImageScanFindingsCommand = ListImageScanFindingsCommand;
exports.ListImagesCommand = ListImagesCommand;
exports.ListInfrastructureConfigurationsCommand = ListInfrastructureConfigurationsCommand;
exports.ListLifecycleExecutionResourcesCommand = ListLifecycleExecutionResourcesCommand;
exports.ListLifecycleExecutionsCommand = ListLifecycleExecutionsCommand;
exports.ListLifecyclePoliciesCommand = ListLifecyclePoliciesCommand;
exports.ListTagsForResourceCommand = ListTagsForResourceCommand;
exports.ListWaitingWorkflowStepsCommand = ListWaitingWorkflowStepsCommand;
exports.ListWorkflowBuildVersionsCommand = ListWorkflowBuildVersionsCommand;
exports.ListWorkflowExecutionsCommand = ListWorkflowExecutionsCommand;
exports.ListWorkflowStepExecutionsCommand = ListWorkflowStepExecutionsCommand;
exports.ListWorkflowsCommand = ListWorkflowsCommand;
exports.MarketplaceResourceType = MarketplaceResourceType;
exports.OnWorkflowFailure = OnWorkflowFailure;
exports.Ownership = Ownership;
exports.PipelineExecutionStartCondition = PipelineExecutionStartCondition;
exports.PipelineStatus = PipelineStatus;
exports.Platform = Platform;
exports.ProductCodeType = ProductCodeType;
exports.PutComponentPolicyCommand = PutComponentPolicyCommand;
exports.PutContainerRecipePolicyCommand = PutContainerRecipePolicyCommand;
exports.PutImagePolicyCommand = PutImagePolicyCommand;
exports.PutImageRecipePolicyCommand = PutImageRecipePolicyCommand;
exports.ResourceStatus = ResourceStatus;
exports.RetryImageCommand = RetryImageCommand;
exports.SendWorkflowStepActionCommand = SendWorkflowStepActionCommand;
exports.SsmParameterDataType = SsmParameterDataType;
exports.StartImagePipelineExecutionCommand = StartImagePipelineExecutionCommand;
exports.StartResourceStateUpdateCommand = StartResourceStateUpdateCommand;
exports.TagResourceCommand = TagResourceCommand;
exports.TenancyType = TenancyType;
exports.UntagResourceCommand = UntagResourceCommand;
exports.UpdateDistributionConfigurationCommand = UpdateDistributionConfigurationCommand;
exports.UpdateImagePipelineCommand = UpdateImagePipelineCommand;
exports.UpdateInfrastructureConfigurationCommand = UpdateInfrastructureConfigurationCommand;
exports.UpdateLifecyclePolicyCommand = UpdateLifecyclePolicyCommand;
exports.WorkflowExecutionStatus = WorkflowExecutionStatus;
exports.WorkflowStatus = WorkflowStatus;
exports.WorkflowStepActionType = WorkflowStepActionType;
exports.WorkflowStepExecutionRollbackStatus = WorkflowStepExecutionRollbackStatus;
exports.WorkflowStepExecutionStatus = WorkflowStepExecutionStatus;
exports.WorkflowType = WorkflowType;
exports.paginateListComponentBuildVersions = paginateListComponentBuildVersions;
exports.paginateListComponents = paginateListComponents;
exports.paginateListContainerRecipes = paginateListContainerRecipes;
exports.paginateListDistributionConfigurations = paginateListDistributionConfigurations;
exports.paginateListImageBuildVersions = paginateListImageBuildVersions;
exports.paginateListImagePackages = paginateListImagePackages;
exports.paginateListImagePipelineImages = paginateListImagePipelineImages;
exports.paginateListImagePipelines = paginateListImagePipelines;
exports.paginateListImageRecipes = paginateListImageRecipes;
exports.paginateListImageScanFindingAggregations = paginateListImageScanFindingAggregations;
exports.paginateListImageScanFindings = paginateListImageScanFindings;
exports.paginateListImages = paginateListImages;
exports.paginateListInfrastructureConfigurations = paginateListInfrastructureConfigurations;
exports.paginateListLifecycleExecutionResources = paginateListLifecycleExecutionResources;
exports.paginateListLifecycleExecutions = paginateListLifecycleExecutions;
exports.paginateListLifecyclePolicies = paginateListLifecyclePolicies;
exports.paginateListWaitingWorkflowSteps = paginateListWaitingWorkflowSteps;
exports.paginateListWorkflowBuildVersions = paginateListWorkflowBuildVersions;
exports.paginateListWorkflowExecutions = paginateListWorkflowExecutions;
exports.paginateListWorkflowStepExecutions = paginateListWorkflowStepExecutions;
exports.paginateListWorkflows = paginateListWorkflows;
Object.prototype.hasOwnProperty.call(schemas_0, '__proto__') &&
    !Object.prototype.hasOwnProperty.call(exports, '__proto__') &&
    Object.defineProperty(exports, '__proto__', {
        enumerable: true,
        value: schemas_0['__proto__']
    });

Object.keys(schemas_0).forEach(function (k) {
    if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k)) exports[k] = schemas_0[k];
});
Object.prototype.hasOwnProperty.call(errors, '__proto__') &&
    !Object.prototype.hasOwnProperty.call(exports, '__proto__') &&
    Object.defineProperty(exports, '__proto__', {
        enumerable: true,
        value: errors['__proto__']
    });

Object.keys(errors).forEach(function (k) {
    if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k)) exports[k] = errors[k];
});


/***/ }),

/***/ 70318:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ImagebuilderServiceException = exports.__ServiceException = void 0;
const client_1 = __webpack_require__(92658);
Object.defineProperty(exports, "__ServiceException", ({ enumerable: true, get: function () { return client_1.ServiceException; } }));
class ImagebuilderServiceException extends client_1.ServiceException {
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, ImagebuilderServiceException.prototype);
    }
}
exports.ImagebuilderServiceException = ImagebuilderServiceException;


/***/ }),

/***/ 61233:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.InvalidParameterValueException = exports.InvalidParameterException = exports.InvalidPaginationTokenException = exports.TooManyRequestsException = exports.ResourceNotFoundException = exports.ResourceDependencyException = exports.ResourceAlreadyExistsException = exports.ServiceQuotaExceededException = exports.InvalidVersionNumberException = exports.InvalidParameterCombinationException = exports.DryRunOperationException = exports.ServiceUnavailableException = exports.ServiceException = exports.ResourceInUseException = exports.InvalidRequestException = exports.IdempotentParameterMismatchException = exports.ForbiddenException = exports.ClientException = exports.CallRateLimitExceededException = exports.AccessDeniedException = void 0;
const ImagebuilderServiceException_1 = __webpack_require__(70318);
class AccessDeniedException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "AccessDeniedException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "AccessDeniedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccessDeniedException.prototype);
    }
}
exports.AccessDeniedException = AccessDeniedException;
class CallRateLimitExceededException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "CallRateLimitExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "CallRateLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CallRateLimitExceededException.prototype);
    }
}
exports.CallRateLimitExceededException = CallRateLimitExceededException;
class ClientException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ClientException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ClientException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ClientException.prototype);
    }
}
exports.ClientException = ClientException;
class ForbiddenException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ForbiddenException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ForbiddenException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ForbiddenException.prototype);
    }
}
exports.ForbiddenException = ForbiddenException;
class IdempotentParameterMismatchException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "IdempotentParameterMismatchException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "IdempotentParameterMismatchException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, IdempotentParameterMismatchException.prototype);
    }
}
exports.IdempotentParameterMismatchException = IdempotentParameterMismatchException;
class InvalidRequestException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "InvalidRequestException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidRequestException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidRequestException.prototype);
    }
}
exports.InvalidRequestException = InvalidRequestException;
class ResourceInUseException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ResourceInUseException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ResourceInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceInUseException.prototype);
    }
}
exports.ResourceInUseException = ResourceInUseException;
class ServiceException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ServiceException";
    $fault = "server";
    constructor(opts) {
        super({
            name: "ServiceException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceException.prototype);
    }
}
exports.ServiceException = ServiceException;
class ServiceUnavailableException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ServiceUnavailableException";
    $fault = "server";
    constructor(opts) {
        super({
            name: "ServiceUnavailableException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceUnavailableException.prototype);
    }
}
exports.ServiceUnavailableException = ServiceUnavailableException;
class DryRunOperationException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "DryRunOperationException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "DryRunOperationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DryRunOperationException.prototype);
    }
}
exports.DryRunOperationException = DryRunOperationException;
class InvalidParameterCombinationException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "InvalidParameterCombinationException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidParameterCombinationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidParameterCombinationException.prototype);
    }
}
exports.InvalidParameterCombinationException = InvalidParameterCombinationException;
class InvalidVersionNumberException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "InvalidVersionNumberException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidVersionNumberException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidVersionNumberException.prototype);
    }
}
exports.InvalidVersionNumberException = InvalidVersionNumberException;
class ServiceQuotaExceededException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ServiceQuotaExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ServiceQuotaExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceQuotaExceededException.prototype);
    }
}
exports.ServiceQuotaExceededException = ServiceQuotaExceededException;
class ResourceAlreadyExistsException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ResourceAlreadyExistsException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ResourceAlreadyExistsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceAlreadyExistsException.prototype);
    }
}
exports.ResourceAlreadyExistsException = ResourceAlreadyExistsException;
class ResourceDependencyException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ResourceDependencyException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ResourceDependencyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceDependencyException.prototype);
    }
}
exports.ResourceDependencyException = ResourceDependencyException;
class ResourceNotFoundException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "ResourceNotFoundException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
    }
}
exports.ResourceNotFoundException = ResourceNotFoundException;
class TooManyRequestsException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "TooManyRequestsException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "TooManyRequestsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyRequestsException.prototype);
    }
}
exports.TooManyRequestsException = TooManyRequestsException;
class InvalidPaginationTokenException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "InvalidPaginationTokenException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidPaginationTokenException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidPaginationTokenException.prototype);
    }
}
exports.InvalidPaginationTokenException = InvalidPaginationTokenException;
class InvalidParameterException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "InvalidParameterException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidParameterException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidParameterException.prototype);
    }
}
exports.InvalidParameterException = InvalidParameterException;
class InvalidParameterValueException extends ImagebuilderServiceException_1.ImagebuilderServiceException {
    name = "InvalidParameterValueException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidParameterValueException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidParameterValueException.prototype);
    }
}
exports.InvalidParameterValueException = InvalidParameterValueException;


/***/ }),

/***/ 1367:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.getRuntimeConfig = void 0;
const tslib_1 = __webpack_require__(61860);
const package_json_1 = tslib_1.__importDefault(__webpack_require__(9939));
const client_1 = __webpack_require__(5152);
const httpAuthSchemes_1 = __webpack_require__(97523);
const credential_provider_node_1 = __webpack_require__(5861);
const util_user_agent_node_1 = __webpack_require__(51656);
const client_2 = __webpack_require__(92658);
const config_1 = __webpack_require__(47291);
const retry_1 = __webpack_require__(23609);
const serde_1 = __webpack_require__(92430);
const node_http_handler_1 = __webpack_require__(61279);
const runtimeConfig_shared_1 = __webpack_require__(62612);
const getRuntimeConfig = (config) => {
    (0, client_2.emitWarningIfUnsupportedVersion)(process.version);
    const defaultsMode = (0, config_1.resolveDefaultsModeConfig)(config);
    const defaultConfigProvider = () => defaultsMode().then(client_2.loadConfigsForDefaultMode);
    const clientSharedValues = (0, runtimeConfig_shared_1.getRuntimeConfig)(config);
    (0, client_1.emitWarningIfUnsupportedVersion)(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? (0, config_1.loadConfig)(httpAuthSchemes_1.NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? serde_1.calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? credential_provider_node_1.defaultProvider,
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? (0, util_user_agent_node_1.createDefaultUserAgentProvider)({ serviceId: clientSharedValues.serviceId, clientVersion: package_json_1.default.version }),
        maxAttempts: config?.maxAttempts ?? (0, config_1.loadConfig)(retry_1.NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? (0, config_1.loadConfig)(config_1.NODE_REGION_CONFIG_OPTIONS, { ...config_1.NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: node_http_handler_1.NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            (0, config_1.loadConfig)({
                ...retry_1.NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || retry_1.DEFAULT_RETRY_MODE,
            }, config),
        sha256: config?.sha256 ?? serde_1.Hash.bind(null, "sha256"),
        streamCollector: config?.streamCollector ?? node_http_handler_1.streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? (0, config_1.loadConfig)(config_1.NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? (0, config_1.loadConfig)(config_1.NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? (0, config_1.loadConfig)(util_user_agent_node_1.NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};
exports.getRuntimeConfig = getRuntimeConfig;


/***/ }),

/***/ 62612:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.getRuntimeConfig = void 0;
const httpAuthSchemes_1 = __webpack_require__(97523);
const protocols_1 = __webpack_require__(37288);
const client_1 = __webpack_require__(92658);
const protocols_2 = __webpack_require__(93422);
const serde_1 = __webpack_require__(92430);
const httpAuthSchemeProvider_1 = __webpack_require__(40702);
const endpointResolver_1 = __webpack_require__(63208);
const schemas_0_1 = __webpack_require__(4045);
const getRuntimeConfig = (config) => {
    return {
        apiVersion: "2019-12-02",
        base64Decoder: config?.base64Decoder ?? serde_1.fromBase64,
        base64Encoder: config?.base64Encoder ?? serde_1.toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? endpointResolver_1.defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? httpAuthSchemeProvider_1.defaultImagebuilderHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new httpAuthSchemes_1.AwsSdkSigV4Signer(),
            },
        ],
        logger: config?.logger ?? new client_1.NoOpLogger(),
        protocol: config?.protocol ?? protocols_1.AwsRestJsonProtocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.imagebuilder",
            errorTypeRegistries: schemas_0_1.errorTypeRegistries,
            version: "2019-12-02",
            serviceTarget: "imagebuilder",
        },
        serviceId: config?.serviceId ?? "imagebuilder",
        urlParser: config?.urlParser ?? protocols_2.parseUrl,
        utf8Decoder: config?.utf8Decoder ?? serde_1.fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? serde_1.toUtf8,
    };
};
exports.getRuntimeConfig = getRuntimeConfig;


/***/ }),

/***/ 4045:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.CreateImagePipelineResponse$ = exports.CreateImagePipelineRequest$ = exports.CreateDistributionConfigurationResponse$ = exports.CreateDistributionConfigurationRequest$ = exports.CreateContainerRecipeResponse$ = exports.CreateContainerRecipeRequest$ = exports.CreateComponentResponse$ = exports.CreateComponentRequest$ = exports.ContainerRecipeSummary$ = exports.ContainerRecipe$ = exports.ContainerDistributionConfiguration$ = exports.Container$ = exports.ComponentVersion$ = exports.ComponentSummary$ = exports.ComponentState$ = exports.ComponentParameterDetail$ = exports.ComponentParameter$ = exports.ComponentConfiguration$ = exports.Component$ = exports.CancelLifecycleExecutionResponse$ = exports.CancelLifecycleExecutionRequest$ = exports.CancelImageCreationResponse$ = exports.CancelImageCreationRequest$ = exports.AutoDisablePolicy$ = exports.AmiDistributionConfiguration$ = exports.Ami$ = exports.AdditionalInstanceConfiguration$ = exports.AccountAggregation$ = exports.errorTypeRegistries = exports.TooManyRequestsException$ = exports.ServiceUnavailableException$ = exports.ServiceQuotaExceededException$ = exports.ServiceException$ = exports.ResourceNotFoundException$ = exports.ResourceInUseException$ = exports.ResourceDependencyException$ = exports.ResourceAlreadyExistsException$ = exports.InvalidVersionNumberException$ = exports.InvalidRequestException$ = exports.InvalidParameterValueException$ = exports.InvalidParameterException$ = exports.InvalidParameterCombinationException$ = exports.InvalidPaginationTokenException$ = exports.IdempotentParameterMismatchException$ = exports.ForbiddenException$ = exports.DryRunOperationException$ = exports.ClientException$ = exports.CallRateLimitExceededException$ = exports.AccessDeniedException$ = exports.ImagebuilderServiceException$ = void 0;
exports.GetContainerRecipeResponse$ = exports.GetContainerRecipeRequest$ = exports.GetContainerRecipePolicyResponse$ = exports.GetContainerRecipePolicyRequest$ = exports.GetComponentResponse$ = exports.GetComponentRequest$ = exports.GetComponentPolicyResponse$ = exports.GetComponentPolicyRequest$ = exports.Filter$ = exports.FastLaunchSnapshotConfiguration$ = exports.FastLaunchLaunchTemplateSpecification$ = exports.FastLaunchConfiguration$ = exports.EcrConfiguration$ = exports.EbsInstanceBlockDeviceSpecification$ = exports.DistributionConfigurationSummary$ = exports.DistributionConfiguration$ = exports.Distribution$ = exports.DistributeImageResponse$ = exports.DistributeImageRequest$ = exports.DeleteWorkflowResponse$ = exports.DeleteWorkflowRequest$ = exports.DeleteLifecyclePolicyResponse$ = exports.DeleteLifecyclePolicyRequest$ = exports.DeleteInfrastructureConfigurationResponse$ = exports.DeleteInfrastructureConfigurationRequest$ = exports.DeleteImageResponse$ = exports.DeleteImageRequest$ = exports.DeleteImageRecipeResponse$ = exports.DeleteImageRecipeRequest$ = exports.DeleteImagePipelineResponse$ = exports.DeleteImagePipelineRequest$ = exports.DeleteDistributionConfigurationResponse$ = exports.DeleteDistributionConfigurationRequest$ = exports.DeleteContainerRecipeResponse$ = exports.DeleteContainerRecipeRequest$ = exports.DeleteComponentResponse$ = exports.DeleteComponentRequest$ = exports.CvssScoreDetails$ = exports.CvssScoreAdjustment$ = exports.CvssScore$ = exports.CreateWorkflowResponse$ = exports.CreateWorkflowRequest$ = exports.CreateLifecyclePolicyResponse$ = exports.CreateLifecyclePolicyRequest$ = exports.CreateInfrastructureConfigurationResponse$ = exports.CreateInfrastructureConfigurationRequest$ = exports.CreateImageResponse$ = exports.CreateImageRequest$ = exports.CreateImageRecipeResponse$ = exports.CreateImageRecipeRequest$ = void 0;
exports.InfrastructureConfiguration$ = exports.ImportVmImageResponse$ = exports.ImportVmImageRequest$ = exports.ImportDiskImageResponse$ = exports.ImportDiskImageRequest$ = exports.ImportComponentResponse$ = exports.ImportComponentRequest$ = exports.ImageVersion$ = exports.ImageTestsConfiguration$ = exports.ImageSummary$ = exports.ImageState$ = exports.ImageScanState$ = exports.ImageScanningConfiguration$ = exports.ImageScanFindingsFilter$ = exports.ImageScanFindingAggregation$ = exports.ImageScanFinding$ = exports.ImageRecipeSummary$ = exports.ImageRecipe$ = exports.ImagePipelineAggregation$ = exports.ImagePipeline$ = exports.ImagePackage$ = exports.ImageLoggingConfiguration$ = exports.ImageAggregation$ = exports.Image$ = exports.GetWorkflowStepExecutionResponse$ = exports.GetWorkflowStepExecutionRequest$ = exports.GetWorkflowResponse$ = exports.GetWorkflowRequest$ = exports.GetWorkflowExecutionResponse$ = exports.GetWorkflowExecutionRequest$ = exports.GetMarketplaceResourceResponse$ = exports.GetMarketplaceResourceRequest$ = exports.GetLifecyclePolicyResponse$ = exports.GetLifecyclePolicyRequest$ = exports.GetLifecycleExecutionResponse$ = exports.GetLifecycleExecutionRequest$ = exports.GetInfrastructureConfigurationResponse$ = exports.GetInfrastructureConfigurationRequest$ = exports.GetImageResponse$ = exports.GetImageRequest$ = exports.GetImageRecipeResponse$ = exports.GetImageRecipeRequest$ = exports.GetImageRecipePolicyResponse$ = exports.GetImageRecipePolicyRequest$ = exports.GetImagePolicyResponse$ = exports.GetImagePolicyRequest$ = exports.GetImagePipelineResponse$ = exports.GetImagePipelineRequest$ = exports.GetDistributionConfigurationResponse$ = exports.GetDistributionConfigurationRequest$ = void 0;
exports.ListImagesResponse$ = exports.ListImagesRequest$ = exports.ListImageScanFindingsResponse$ = exports.ListImageScanFindingsRequest$ = exports.ListImageScanFindingAggregationsResponse$ = exports.ListImageScanFindingAggregationsRequest$ = exports.ListImageRecipesResponse$ = exports.ListImageRecipesRequest$ = exports.ListImagePipelinesResponse$ = exports.ListImagePipelinesRequest$ = exports.ListImagePipelineImagesResponse$ = exports.ListImagePipelineImagesRequest$ = exports.ListImagePackagesResponse$ = exports.ListImagePackagesRequest$ = exports.ListImageBuildVersionsResponse$ = exports.ListImageBuildVersionsRequest$ = exports.ListDistributionConfigurationsResponse$ = exports.ListDistributionConfigurationsRequest$ = exports.ListContainerRecipesResponse$ = exports.ListContainerRecipesRequest$ = exports.ListComponentsResponse$ = exports.ListComponentsRequest$ = exports.ListComponentBuildVersionsResponse$ = exports.ListComponentBuildVersionsRequest$ = exports.LifecyclePolicySummary$ = exports.LifecyclePolicyResourceSelectionRecipe$ = exports.LifecyclePolicyResourceSelection$ = exports.LifecyclePolicyDetailFilter$ = exports.LifecyclePolicyDetailExclusionRulesAmisLastLaunched$ = exports.LifecyclePolicyDetailExclusionRulesAmis$ = exports.LifecyclePolicyDetailExclusionRules$ = exports.LifecyclePolicyDetailActionIncludeResources$ = exports.LifecyclePolicyDetailAction$ = exports.LifecyclePolicyDetail$ = exports.LifecyclePolicy$ = exports.LifecycleExecutionState$ = exports.LifecycleExecutionSnapshotResource$ = exports.LifecycleExecutionResourceState$ = exports.LifecycleExecutionResourcesImpactedSummary$ = exports.LifecycleExecutionResourceAction$ = exports.LifecycleExecutionResource$ = exports.LifecycleExecution$ = exports.LaunchTemplateConfiguration$ = exports.LaunchPermissionConfiguration$ = exports.LatestVersionReferences$ = exports.InstanceMetadataOptions$ = exports.InstanceConfiguration$ = exports.InstanceBlockDeviceMapping$ = exports.InspectorScoreDetails$ = exports.InfrastructureConfigurationSummary$ = void 0;
exports.StartImagePipelineExecutionRequest$ = exports.SsmParameterConfiguration$ = exports.SeverityCounts$ = exports.SendWorkflowStepActionResponse$ = exports.SendWorkflowStepActionRequest$ = exports.Schedule$ = exports.S3Logs$ = exports.S3ExportConfiguration$ = exports.RetryImageResponse$ = exports.RetryImageRequest$ = exports.ResourceStateUpdateIncludeResources$ = exports.ResourceStateUpdateExclusionRules$ = exports.ResourceState$ = exports.RemediationRecommendation$ = exports.Remediation$ = exports.RegisterImageOptions$ = exports.PutImageRecipePolicyResponse$ = exports.PutImageRecipePolicyRequest$ = exports.PutImagePolicyResponse$ = exports.PutImagePolicyRequest$ = exports.PutContainerRecipePolicyResponse$ = exports.PutContainerRecipePolicyRequest$ = exports.PutComponentPolicyResponse$ = exports.PutComponentPolicyRequest$ = exports.ProductCodeListItem$ = exports.Placement$ = exports.PipelineLoggingConfiguration$ = exports.PackageVulnerabilityDetails$ = exports.OutputResources$ = exports.Logging$ = exports.ListWorkflowStepExecutionsResponse$ = exports.ListWorkflowStepExecutionsRequest$ = exports.ListWorkflowsResponse$ = exports.ListWorkflowsRequest$ = exports.ListWorkflowExecutionsResponse$ = exports.ListWorkflowExecutionsRequest$ = exports.ListWorkflowBuildVersionsResponse$ = exports.ListWorkflowBuildVersionsRequest$ = exports.ListWaitingWorkflowStepsResponse$ = exports.ListWaitingWorkflowStepsRequest$ = exports.ListTagsForResourceResponse$ = exports.ListTagsForResourceRequest$ = exports.ListLifecyclePoliciesResponse$ = exports.ListLifecyclePoliciesRequest$ = exports.ListLifecycleExecutionsResponse$ = exports.ListLifecycleExecutionsRequest$ = exports.ListLifecycleExecutionResourcesResponse$ = exports.ListLifecycleExecutionResourcesRequest$ = exports.ListInfrastructureConfigurationsResponse$ = exports.ListInfrastructureConfigurationsRequest$ = void 0;
exports.DeleteWorkflow$ = exports.DeleteLifecyclePolicy$ = exports.DeleteInfrastructureConfiguration$ = exports.DeleteImageRecipe$ = exports.DeleteImagePipeline$ = exports.DeleteImage$ = exports.DeleteDistributionConfiguration$ = exports.DeleteContainerRecipe$ = exports.DeleteComponent$ = exports.CreateWorkflow$ = exports.CreateLifecyclePolicy$ = exports.CreateInfrastructureConfiguration$ = exports.CreateImageRecipe$ = exports.CreateImagePipeline$ = exports.CreateImage$ = exports.CreateDistributionConfiguration$ = exports.CreateContainerRecipe$ = exports.CreateComponent$ = exports.CancelLifecycleExecution$ = exports.CancelImageCreation$ = exports.WorkflowVersion$ = exports.WorkflowSummary$ = exports.WorkflowStepMetadata$ = exports.WorkflowStepExecution$ = exports.WorkflowState$ = exports.WorkflowParameterDetail$ = exports.WorkflowParameter$ = exports.WorkflowExecutionMetadata$ = exports.WorkflowConfiguration$ = exports.Workflow$ = exports.WindowsConfiguration$ = exports.VulnerablePackage$ = exports.VulnerabilityIdAggregation$ = exports.UpdateLifecyclePolicyResponse$ = exports.UpdateLifecyclePolicyRequest$ = exports.UpdateInfrastructureConfigurationResponse$ = exports.UpdateInfrastructureConfigurationRequest$ = exports.UpdateImagePipelineResponse$ = exports.UpdateImagePipelineRequest$ = exports.UpdateDistributionConfigurationResponse$ = exports.UpdateDistributionConfigurationRequest$ = exports.UntagResourceResponse$ = exports.UntagResourceRequest$ = exports.TargetContainerRepository$ = exports.TagResourceResponse$ = exports.TagResourceRequest$ = exports.SystemsManagerAgent$ = exports.StartResourceStateUpdateResponse$ = exports.StartResourceStateUpdateRequest$ = exports.StartImagePipelineExecutionResponse$ = void 0;
exports.StartImagePipelineExecution$ = exports.SendWorkflowStepAction$ = exports.RetryImage$ = exports.PutImageRecipePolicy$ = exports.PutImagePolicy$ = exports.PutContainerRecipePolicy$ = exports.PutComponentPolicy$ = exports.ListWorkflowStepExecutions$ = exports.ListWorkflows$ = exports.ListWorkflowExecutions$ = exports.ListWorkflowBuildVersions$ = exports.ListWaitingWorkflowSteps$ = exports.ListTagsForResource$ = exports.ListLifecyclePolicies$ = exports.ListLifecycleExecutions$ = exports.ListLifecycleExecutionResources$ = exports.ListInfrastructureConfigurations$ = exports.ListImageScanFindings$ = exports.ListImageScanFindingAggregations$ = exports.ListImages$ = exports.ListImageRecipes$ = exports.ListImagePipelines$ = exports.ListImagePipelineImages$ = exports.ListImagePackages$ = exports.ListImageBuildVersions$ = exports.ListDistributionConfigurations$ = exports.ListContainerRecipes$ = exports.ListComponents$ = exports.ListComponentBuildVersions$ = exports.ImportVmImage$ = exports.ImportDiskImage$ = exports.ImportComponent$ = exports.GetWorkflowStepExecution$ = exports.GetWorkflowExecution$ = exports.GetWorkflow$ = exports.GetMarketplaceResource$ = exports.GetLifecyclePolicy$ = exports.GetLifecycleExecution$ = exports.GetInfrastructureConfiguration$ = exports.GetImageRecipePolicy$ = exports.GetImageRecipe$ = exports.GetImagePolicy$ = exports.GetImagePipeline$ = exports.GetImage$ = exports.GetDistributionConfiguration$ = exports.GetContainerRecipePolicy$ = exports.GetContainerRecipe$ = exports.GetComponentPolicy$ = exports.GetComponent$ = exports.DistributeImage$ = void 0;
exports.UpdateLifecyclePolicy$ = exports.UpdateInfrastructureConfiguration$ = exports.UpdateImagePipeline$ = exports.UpdateDistributionConfiguration$ = exports.UntagResource$ = exports.TagResource$ = exports.StartResourceStateUpdate$ = void 0;
const _A = "Ami";
const _AA = "AccountAggregation";
const _ADC = "AmiDistributionConfiguration";
const _ADE = "AccessDeniedException";
const _ADP = "AutoDisablePolicy";
const _AIC = "AdditionalInstanceConfiguration";
const _AL = "AmiList";
const _C = "Component";
const _CC = "ComponentConfiguration";
const _CCL = "ComponentConfigurationList";
const _CCR = "CreateComponentRequest";
const _CCRR = "CreateContainerRecipeRequest";
const _CCRRr = "CreateContainerRecipeResponse";
const _CCRr = "CreateComponentResponse";
const _CCRre = "CreateContainerRecipe";
const _CCr = "CreateComponent";
const _CDC = "ContainerDistributionConfiguration";
const _CDCR = "CreateDistributionConfigurationRequest";
const _CDCRr = "CreateDistributionConfigurationResponse";
const _CDCr = "CreateDistributionConfiguration";
const _CE = "ClientException";
const _CI = "CreateImage";
const _CIC = "CancelImageCreation";
const _CICR = "CancelImageCreationRequest";
const _CICRa = "CancelImageCreationResponse";
const _CICRr = "CreateInfrastructureConfigurationRequest";
const _CICRre = "CreateInfrastructureConfigurationResponse";
const _CICr = "CreateInfrastructureConfiguration";
const _CIP = "CreateImagePipeline";
const _CIPR = "CreateImagePipelineRequest";
const _CIPRr = "CreateImagePipelineResponse";
const _CIR = "CreateImageRequest";
const _CIRR = "CreateImageRecipeRequest";
const _CIRRr = "CreateImageRecipeResponse";
const _CIRr = "CreateImageResponse";
const _CIRre = "CreateImageRecipe";
const _CL = "ContainerList";
const _CLE = "CancelLifecycleExecution";
const _CLER = "CancelLifecycleExecutionRequest";
const _CLERa = "CancelLifecycleExecutionResponse";
const _CLP = "CreateLifecyclePolicy";
const _CLPR = "CreateLifecyclePolicyRequest";
const _CLPRr = "CreateLifecyclePolicyResponse";
const _CP = "ComponentParameter";
const _CPD = "ComponentParameterDetail";
const _CPDL = "ComponentParameterDetailList";
const _CPL = "ComponentParameterList";
const _CR = "ContainerRecipe";
const _CRLEE = "CallRateLimitExceededException";
const _CRS = "ContainerRecipeSummary";
const _CRSL = "ContainerRecipeSummaryList";
const _CS = "ComponentState";
const _CSA = "CvssScoreAdjustment";
const _CSAL = "CvssScoreAdjustmentList";
const _CSD = "CvssScoreDetails";
const _CSL = "ComponentSummaryList";
const _CSLv = "CvssScoreList";
const _CSo = "ComponentSummary";
const _CSv = "CvssScore";
const _CV = "ComponentVersion";
const _CVL = "ComponentVersionList";
const _CW = "CreateWorkflow";
const _CWR = "CreateWorkflowRequest";
const _CWRr = "CreateWorkflowResponse";
const _Co = "Container";
const _D = "Distribution";
const _DC = "DistributionConfiguration";
const _DCR = "DeleteComponentRequest";
const _DCRR = "DeleteContainerRecipeRequest";
const _DCRRe = "DeleteContainerRecipeResponse";
const _DCRe = "DeleteComponentResponse";
const _DCRel = "DeleteContainerRecipe";
const _DCS = "DistributionConfigurationSummary";
const _DCSL = "DistributionConfigurationSummaryList";
const _DCe = "DeleteComponent";
const _DDC = "DeleteDistributionConfiguration";
const _DDCR = "DeleteDistributionConfigurationRequest";
const _DDCRe = "DeleteDistributionConfigurationResponse";
const _DI = "DeleteImage";
const _DIC = "DeleteInfrastructureConfiguration";
const _DICR = "DeleteInfrastructureConfigurationRequest";
const _DICRe = "DeleteInfrastructureConfigurationResponse";
const _DIP = "DeleteImagePipeline";
const _DIPR = "DeleteImagePipelineRequest";
const _DIPRe = "DeleteImagePipelineResponse";
const _DIR = "DeleteImageRequest";
const _DIRR = "DeleteImageRecipeRequest";
const _DIRRe = "DeleteImageRecipeResponse";
const _DIRe = "DeleteImageResponse";
const _DIRel = "DeleteImageRecipe";
const _DIRi = "DistributeImageRequest";
const _DIRis = "DistributeImageResponse";
const _DIi = "DistributeImage";
const _DL = "DistributionList";
const _DLP = "DeleteLifecyclePolicy";
const _DLPR = "DeleteLifecyclePolicyRequest";
const _DLPRe = "DeleteLifecyclePolicyResponse";
const _DROE = "DryRunOperationException";
const _DW = "DeleteWorkflow";
const _DWR = "DeleteWorkflowRequest";
const _DWRe = "DeleteWorkflowResponse";
const _EC = "EcrConfiguration";
const _EIBDS = "EbsInstanceBlockDeviceSpecification";
const _F = "Filter";
const _FE = "ForbiddenException";
const _FL = "FilterList";
const _FLC = "FastLaunchConfiguration";
const _FLCL = "FastLaunchConfigurationList";
const _FLLTS = "FastLaunchLaunchTemplateSpecification";
const _FLSC = "FastLaunchSnapshotConfiguration";
const _GC = "GetComponent";
const _GCP = "GetComponentPolicy";
const _GCPR = "GetComponentPolicyRequest";
const _GCPRe = "GetComponentPolicyResponse";
const _GCR = "GetComponentRequest";
const _GCRP = "GetContainerRecipePolicy";
const _GCRPR = "GetContainerRecipePolicyRequest";
const _GCRPRe = "GetContainerRecipePolicyResponse";
const _GCRR = "GetContainerRecipeRequest";
const _GCRRe = "GetContainerRecipeResponse";
const _GCRe = "GetComponentResponse";
const _GCRet = "GetContainerRecipe";
const _GDC = "GetDistributionConfiguration";
const _GDCR = "GetDistributionConfigurationRequest";
const _GDCRe = "GetDistributionConfigurationResponse";
const _GI = "GetImage";
const _GIC = "GetInfrastructureConfiguration";
const _GICR = "GetInfrastructureConfigurationRequest";
const _GICRe = "GetInfrastructureConfigurationResponse";
const _GIP = "GetImagePipeline";
const _GIPR = "GetImagePipelineRequest";
const _GIPRe = "GetImagePipelineResponse";
const _GIPRet = "GetImagePolicyRequest";
const _GIPRetm = "GetImagePolicyResponse";
const _GIPe = "GetImagePolicy";
const _GIR = "GetImageRequest";
const _GIRP = "GetImageRecipePolicy";
const _GIRPR = "GetImageRecipePolicyRequest";
const _GIRPRe = "GetImageRecipePolicyResponse";
const _GIRR = "GetImageRecipeRequest";
const _GIRRe = "GetImageRecipeResponse";
const _GIRe = "GetImageResponse";
const _GIRet = "GetImageRecipe";
const _GLE = "GetLifecycleExecution";
const _GLER = "GetLifecycleExecutionRequest";
const _GLERe = "GetLifecycleExecutionResponse";
const _GLP = "GetLifecyclePolicy";
const _GLPR = "GetLifecyclePolicyRequest";
const _GLPRe = "GetLifecyclePolicyResponse";
const _GMR = "GetMarketplaceResource";
const _GMRR = "GetMarketplaceResourceRequest";
const _GMRRe = "GetMarketplaceResourceResponse";
const _GW = "GetWorkflow";
const _GWE = "GetWorkflowExecution";
const _GWER = "GetWorkflowExecutionRequest";
const _GWERe = "GetWorkflowExecutionResponse";
const _GWR = "GetWorkflowRequest";
const _GWRe = "GetWorkflowResponse";
const _GWSE = "GetWorkflowStepExecution";
const _GWSER = "GetWorkflowStepExecutionRequest";
const _GWSERe = "GetWorkflowStepExecutionResponse";
const _I = "Image";
const _IA = "ImageAggregation";
const _IBDM = "InstanceBlockDeviceMapping";
const _IBDMn = "InstanceBlockDeviceMappings";
const _IC = "InfrastructureConfiguration";
const _ICR = "ImportComponentRequest";
const _ICRm = "ImportComponentResponse";
const _ICS = "InfrastructureConfigurationSummary";
const _ICSL = "InfrastructureConfigurationSummaryList";
const _ICm = "ImportComponent";
const _ICn = "InstanceConfiguration";
const _IDI = "ImportDiskImage";
const _IDIR = "ImportDiskImageRequest";
const _IDIRm = "ImportDiskImageResponse";
const _ILC = "ImageLoggingConfiguration";
const _IMO = "InstanceMetadataOptions";
const _IP = "ImagePackage";
const _IPA = "ImagePipelineAggregation";
const _IPCE = "InvalidParameterCombinationException";
const _IPE = "InvalidParameterException";
const _IPL = "ImagePackageList";
const _IPLm = "ImagePipelineList";
const _IPME = "IdempotentParameterMismatchException";
const _IPTE = "InvalidPaginationTokenException";
const _IPVE = "InvalidParameterValueException";
const _IPm = "ImagePipeline";
const _IR = "ImageRecipe";
const _IRE = "InvalidRequestException";
const _IRS = "ImageRecipeSummary";
const _IRSL = "ImageRecipeSummaryList";
const _IS = "ImageState";
const _ISC = "ImageScanningConfiguration";
const _ISD = "InspectorScoreDetails";
const _ISF = "ImageScanFinding";
const _ISFA = "ImageScanFindingAggregation";
const _ISFAL = "ImageScanFindingAggregationsList";
const _ISFF = "ImageScanFindingsFilter";
const _ISFFL = "ImageScanFindingsFilterList";
const _ISFL = "ImageScanFindingsList";
const _ISL = "ImageSummaryList";
const _ISS = "ImageScanState";
const _ISm = "ImageSummary";
const _ITC = "ImageTestsConfiguration";
const _IV = "ImageVersion";
const _IVI = "ImportVmImage";
const _IVIR = "ImportVmImageRequest";
const _IVIRm = "ImportVmImageResponse";
const _IVL = "ImageVersionList";
const _IVNE = "InvalidVersionNumberException";
const _L = "Logging";
const _LC = "ListComponents";
const _LCBV = "ListComponentBuildVersions";
const _LCBVR = "ListComponentBuildVersionsRequest";
const _LCBVRi = "ListComponentBuildVersionsResponse";
const _LCR = "ListComponentsRequest";
const _LCRR = "ListContainerRecipesRequest";
const _LCRRi = "ListContainerRecipesResponse";
const _LCRi = "ListComponentsResponse";
const _LCRis = "ListContainerRecipes";
const _LDC = "ListDistributionConfigurations";
const _LDCR = "ListDistributionConfigurationsRequest";
const _LDCRi = "ListDistributionConfigurationsResponse";
const _LE = "LifecycleExecution";
const _LEL = "LifecycleExecutionsList";
const _LER = "LifecycleExecutionResource";
const _LERA = "LifecycleExecutionResourceAction";
const _LERIS = "LifecycleExecutionResourcesImpactedSummary";
const _LERL = "LifecycleExecutionResourceList";
const _LERS = "LifecycleExecutionResourceState";
const _LES = "LifecycleExecutionState";
const _LESR = "LifecycleExecutionSnapshotResource";
const _LESRL = "LifecycleExecutionSnapshotResourceList";
const _LI = "ListImages";
const _LIBV = "ListImageBuildVersions";
const _LIBVR = "ListImageBuildVersionsRequest";
const _LIBVRi = "ListImageBuildVersionsResponse";
const _LIC = "ListInfrastructureConfigurations";
const _LICR = "ListInfrastructureConfigurationsRequest";
const _LICRi = "ListInfrastructureConfigurationsResponse";
const _LIP = "ListImagePackages";
const _LIPI = "ListImagePipelineImages";
const _LIPIR = "ListImagePipelineImagesRequest";
const _LIPIRi = "ListImagePipelineImagesResponse";
const _LIPR = "ListImagePackagesRequest";
const _LIPRi = "ListImagePackagesResponse";
const _LIPRis = "ListImagePipelinesRequest";
const _LIPRist = "ListImagePipelinesResponse";
const _LIPi = "ListImagePipelines";
const _LIR = "ListImagesRequest";
const _LIRR = "ListImageRecipesRequest";
const _LIRRi = "ListImageRecipesResponse";
const _LIRi = "ListImagesResponse";
const _LIRis = "ListImageRecipes";
const _LISF = "ListImageScanFindings";
const _LISFA = "ListImageScanFindingAggregations";
const _LISFAR = "ListImageScanFindingAggregationsRequest";
const _LISFARi = "ListImageScanFindingAggregationsResponse";
const _LISFR = "ListImageScanFindingsRequest";
const _LISFRi = "ListImageScanFindingsResponse";
const _LLE = "ListLifecycleExecutions";
const _LLER = "ListLifecycleExecutionsRequest";
const _LLERR = "ListLifecycleExecutionResourcesRequest";
const _LLERRi = "ListLifecycleExecutionResourcesResponse";
const _LLERi = "ListLifecycleExecutionsResponse";
const _LLERis = "ListLifecycleExecutionResources";
const _LLP = "ListLifecyclePolicies";
const _LLPR = "ListLifecyclePoliciesRequest";
const _LLPRi = "ListLifecyclePoliciesResponse";
const _LP = "LifecyclePolicy";
const _LPC = "LaunchPermissionConfiguration";
const _LPD = "LifecyclePolicyDetail";
const _LPDA = "LifecyclePolicyDetailAction";
const _LPDAIR = "LifecyclePolicyDetailActionIncludeResources";
const _LPDER = "LifecyclePolicyDetailExclusionRules";
const _LPDERA = "LifecyclePolicyDetailExclusionRulesAmis";
const _LPDERALL = "LifecyclePolicyDetailExclusionRulesAmisLastLaunched";
const _LPDF = "LifecyclePolicyDetailFilter";
const _LPDi = "LifecyclePolicyDetails";
const _LPRS = "LifecyclePolicyResourceSelection";
const _LPRSR = "LifecyclePolicyResourceSelectionRecipe";
const _LPRSRi = "LifecyclePolicyResourceSelectionRecipes";
const _LPS = "LifecyclePolicySummary";
const _LPSL = "LifecyclePolicySummaryList";
const _LTC = "LaunchTemplateConfiguration";
const _LTCL = "LaunchTemplateConfigurationList";
const _LTFR = "ListTagsForResource";
const _LTFRR = "ListTagsForResourceRequest";
const _LTFRRi = "ListTagsForResourceResponse";
const _LVR = "LatestVersionReferences";
const _LW = "ListWorkflows";
const _LWBV = "ListWorkflowBuildVersions";
const _LWBVR = "ListWorkflowBuildVersionsRequest";
const _LWBVRi = "ListWorkflowBuildVersionsResponse";
const _LWE = "ListWorkflowExecutions";
const _LWER = "ListWorkflowExecutionsRequest";
const _LWERi = "ListWorkflowExecutionsResponse";
const _LWR = "ListWorkflowsRequest";
const _LWRi = "ListWorkflowsResponse";
const _LWSE = "ListWorkflowStepExecutions";
const _LWSER = "ListWorkflowStepExecutionsRequest";
const _LWSERi = "ListWorkflowStepExecutionsResponse";
const _LWWS = "ListWaitingWorkflowSteps";
const _LWWSR = "ListWaitingWorkflowStepsRequest";
const _LWWSRi = "ListWaitingWorkflowStepsResponse";
const _OR = "OutputResources";
const _P = "Placement";
const _PCL = "ProductCodeList";
const _PCLI = "ProductCodeListItem";
const _PCP = "PutComponentPolicy";
const _PCPR = "PutComponentPolicyRequest";
const _PCPRu = "PutComponentPolicyResponse";
const _PCRP = "PutContainerRecipePolicy";
const _PCRPR = "PutContainerRecipePolicyRequest";
const _PCRPRu = "PutContainerRecipePolicyResponse";
const _PIP = "PutImagePolicy";
const _PIPR = "PutImagePolicyRequest";
const _PIPRu = "PutImagePolicyResponse";
const _PIRP = "PutImageRecipePolicy";
const _PIRPR = "PutImageRecipePolicyRequest";
const _PIRPRu = "PutImageRecipePolicyResponse";
const _PLC = "PipelineLoggingConfiguration";
const _PVD = "PackageVulnerabilityDetails";
const _R = "Remediation";
const _RAEE = "ResourceAlreadyExistsException";
const _RDE = "ResourceDependencyException";
const _RI = "RetryImage";
const _RIO = "RegisterImageOptions";
const _RIR = "RetryImageRequest";
const _RIRe = "RetryImageResponse";
const _RIUE = "ResourceInUseException";
const _RNFE = "ResourceNotFoundException";
const _RR = "RemediationRecommendation";
const _RS = "ResourceState";
const _RSUER = "ResourceStateUpdateExclusionRules";
const _RSUIR = "ResourceStateUpdateIncludeResources";
const _S = "Schedule";
const _SC = "SeverityCounts";
const _SE = "ServiceException";
const _SEC = "S3ExportConfiguration";
const _SIPE = "StartImagePipelineExecution";
const _SIPER = "StartImagePipelineExecutionRequest";
const _SIPERt = "StartImagePipelineExecutionResponse";
const _SL = "S3Logs";
const _SMA = "SystemsManagerAgent";
const _SPC = "SsmParameterConfiguration";
const _SPCL = "SsmParameterConfigurationList";
const _SQEE = "ServiceQuotaExceededException";
const _SRSU = "StartResourceStateUpdate";
const _SRSUR = "StartResourceStateUpdateRequest";
const _SRSURt = "StartResourceStateUpdateResponse";
const _SUE = "ServiceUnavailableException";
const _SWSA = "SendWorkflowStepAction";
const _SWSAR = "SendWorkflowStepActionRequest";
const _SWSARe = "SendWorkflowStepActionResponse";
const _TCR = "TargetContainerRepository";
const _TMRE = "TooManyRequestsException";
const _TR = "TagResource";
const _TRR = "TagResourceRequest";
const _TRRa = "TagResourceResponse";
const _UDC = "UpdateDistributionConfiguration";
const _UDCR = "UpdateDistributionConfigurationRequest";
const _UDCRp = "UpdateDistributionConfigurationResponse";
const _UIC = "UpdateInfrastructureConfiguration";
const _UICR = "UpdateInfrastructureConfigurationRequest";
const _UICRp = "UpdateInfrastructureConfigurationResponse";
const _UIP = "UpdateImagePipeline";
const _UIPR = "UpdateImagePipelineRequest";
const _UIPRp = "UpdateImagePipelineResponse";
const _ULP = "UpdateLifecyclePolicy";
const _ULPR = "UpdateLifecyclePolicyRequest";
const _ULPRp = "UpdateLifecyclePolicyResponse";
const _UR = "UntagResource";
const _URR = "UntagResourceRequest";
const _URRn = "UntagResourceResponse";
const _VIA = "VulnerabilityIdAggregation";
const _VP = "VulnerablePackage";
const _VPL = "VulnerablePackageList";
const _W = "Workflow";
const _WC = "WindowsConfiguration";
const _WCL = "WorkflowConfigurationList";
const _WCo = "WorkflowConfiguration";
const _WEL = "WorkflowExecutionsList";
const _WEM = "WorkflowExecutionMetadata";
const _WP = "WorkflowParameter";
const _WPD = "WorkflowParameterDetail";
const _WPDL = "WorkflowParameterDetailList";
const _WPL = "WorkflowParameterList";
const _WS = "WorkflowState";
const _WSE = "WorkflowStepExecution";
const _WSEL = "WorkflowStepExecutionList";
const _WSELo = "WorkflowStepExecutionsList";
const _WSL = "WorkflowSummaryList";
const _WSM = "WorkflowStepMetadata";
const _WSo = "WorkflowSummary";
const _WV = "WorkflowVersion";
const _WVL = "WorkflowVersionList";
const _a = "arn";
const _aA = "accountAggregation";
const _aAI = "awsAccountId";
const _aAIm = "amiAccountId";
const _aC = "adjustedCvss";
const _aDC = "amiDistributionConfiguration";
const _aDP = "autoDisablePolicy";
const _aI = "accountId";
const _aIC = "additionalInstanceConfiguration";
const _aT = "amiTags";
const _aTg = "aggregationType";
const _aZ = "availabilityZone";
const _ac = "action";
const _ad = "adjustments";
const _al = "all";
const _am = "amis";
const _ar = "arch";
const _bDM = "blockDeviceMappings";
const _bN = "byName";
const _bS = "baseScore";
const _bT = "buildType";
const _c = "client";
const _cA = "componentArn";
const _cBVA = "componentBuildVersionArn";
const _cD = "changeDescription";
const _cDC = "containerDistributionConfiguration";
const _cF = "consecutiveFailures";
const _cR = "containerRecipe";
const _cRA = "containerRecipeArn";
const _cRSL = "containerRecipeSummaryList";
const _cS = "cvssSource";
const _cSL = "componentSummaryList";
const _cT = "clientToken";
const _cTo = "containerTags";
const _cTon = "containerType";
const _cVA = "componentVersionArn";
const _cVL = "componentVersionList";
const _co = "components";
const _com = "component";
const _con = "containers";
const _cr = "critical";
const _cv = "cvss";
const _d = "description";
const _dC = "dateCreated";
const _dCA = "distributionConfigurationArn";
const _dCSL = "distributionConfigurationSummaryList";
const _dCi = "distributionConfiguration";
const _dIF = "diskImageFormat";
const _dLR = "dateLastRun";
const _dN = "deviceName";
const _dNR = "dateNextRun";
const _dOT = "deleteOnTermination";
const _dR = "dryRun";
const _dT = "deprecationTime";
const _dTD = "dockerfileTemplateData";
const _dTU = "dockerfileTemplateUri";
const _dTa = "dataType";
const _dU = "dateUpdated";
const _dV = "defaultValue";
const _da = "data";
const _di = "distributions";
const _e = "error";
const _eC = "ecrConfiguration";
const _eIME = "enhancedImageMetadataEnabled";
const _eR = "executionRole";
const _eRx = "exclusionRules";
const _eT = "endTime";
const _eb = "ebs";
const _en = "encrypted";
const _ena = "enabled";
const _ep = "epoch";
const _f = "format";
const _fA = "fixAvailable";
const _fC = "failureCount";
const _fIV = "fixedInVersion";
const _fLC = "fastLaunchConfigurations";
const _fOA = "firstObservedAt";
const _fP = "filePath";
const _fi = "filter";
const _fil = "filters";
const _fin = "findings";
const _h = "high";
const _hE = "httpError";
const _hI = "hostId";
const _hIR = "hasImpactedResources";
const _hPRHL = "httpPutResponseHopLimit";
const _hQ = "httpQuery";
const _hRGA = "hostResourceGroupArn";
const _hT = "httpTokens";
const _ht = "http";
const _i = "image";
const _iA = "imageArn";
const _iAm = "imageAggregation";
const _iBVA = "imageBuildVersionArn";
const _iC = "instanceConfiguration";
const _iCA = "infrastructureConfigurationArn";
const _iCSL = "infrastructureConfigurationSummaryList";
const _iCn = "infrastructureConfiguration";
const _iD = "includeDeprecated";
const _iI = "instanceImage";
const _iIm = "imageIndex";
const _iLGN = "imageLogGroupName";
const _iMO = "instanceMetadataOptions";
const _iOVO = "imageOsVersionOverride";
const _iP = "imagePipeline";
const _iPA = "imagePipelineArn";
const _iPAm = "imagePipelineAggregation";
const _iPL = "imagePackageList";
const _iPLm = "imagePipelineList";
const _iPN = "instanceProfileName";
const _iPs = "isPublic";
const _iR = "imageRecipe";
const _iRA = "imageRecipeArn";
const _iRSL = "imageRecipeSummaryList";
const _iRn = "includeResources";
const _iS = "imageSource";
const _iSC = "imageScanningConfiguration";
const _iSD = "inspectorScoreDetails";
const _iSE = "imageScanningEnabled";
const _iSL = "imageSummaryList";
const _iSn = "inspectorScore";
const _iT = "imageTags";
const _iTC = "imageTestsConfiguration";
const _iTE = "imageTestsEnabled";
const _iTn = "instanceTypes";
const _iU = "imageUris";
const _iVA = "imageVersionArn";
const _iVL = "imageVersionList";
const _in = "inputs";
const _io = "iops";
const _kKI = "kmsKeyId";
const _kP = "keyPair";
const _l = "logging";
const _lC = "loggingConfiguration";
const _lCA = "licenseConfigurationArns";
const _lE = "lifecycleExecution";
const _lEI = "lifecycleExecutionId";
const _lES = "lifecycleExecutionState";
const _lEi = "lifecycleExecutions";
const _lGN = "logGroupName";
const _lL = "lastLaunched";
const _lMVA = "latestMajorVersionArn";
const _lMVAa = "latestMinorVersionArn";
const _lP = "launchPermission";
const _lPA = "lifecyclePolicyArn";
const _lPSL = "lifecyclePolicySummaryList";
const _lPVA = "latestPatchVersionArn";
const _lPi = "lifecyclePolicy";
const _lRS = "lastRunStatus";
const _lT = "launchTemplate";
const _lTC = "launchTemplateConfigurations";
const _lTI = "launchTemplateId";
const _lTN = "launchTemplateName";
const _lTV = "launchTemplateVersion";
const _lVA = "latestVersionArn";
const _lVR = "latestVersionReferences";
const _m = "message";
const _mPL = "maxParallelLaunches";
const _mR = "maxResults";
const _me = "metric";
const _med = "medium";
const _n = "name";
const _nD = "noDevice";
const _nT = "nextToken";
const _o = "owner";
const _oA = "organizationArns";
const _oF = "onFailure";
const _oR = "outputResources";
const _oUA = "organizationalUnitArns";
const _oV = "osVersion";
const _ob = "obfuscate";
const _ou = "outputs";
const _p = "platform";
const _pC = "productCodes";
const _pCI = "productCodeId";
const _pCT = "productCodeType";
const _pD = "policyDetails";
const _pESC = "pipelineExecutionStartCondition";
const _pG = "parallelGroup";
const _pI = "parentImage";
const _pLGN = "pipelineLogGroupName";
const _pM = "packageManager";
const _pN = "packageName";
const _pNa = "parameterName";
const _pO = "platformOverride";
const _pRI = "parentResourceId";
const _pV = "packageVersion";
const _pVD = "packageVulnerabilityDetails";
const _pa = "parameters";
const _pl = "placement";
const _po = "policy";
const _pu = "publisher";
const _r = "region";
const _rA = "resourceArn";
const _rAL = "retainAtLeast";
const _rI = "requestId";
const _rIO = "registerImageOptions";
const _rIS = "resourcesImpactedSummary";
const _rIe = "resourceId";
const _rL = "resourceLocation";
const _rN = "repositoryName";
const _rNo = "roleName";
const _rS = "resourceSelection";
const _rSo = "rollbackStatus";
const _rT = "resourceTags";
const _rTe = "resourceType";
const _rU = "referenceUrls";
const _rV = "relatedVulnerabilities";
const _re = "reason";
const _rec = "recipes";
const _reco = "recommendation";
const _reg = "regions";
const _rel = "release";
const _rem = "remediation";
const _res = "responses";
const _reso = "resources";
const _ret = "retried";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.imagebuilder";
const _sA = "sharedAccounts";
const _sB = "s3Bucket";
const _sBE = "secureBootEnabled";
const _sBN = "s3BucketName";
const _sC = "severityCounts";
const _sCn = "snapshotConfiguration";
const _sDV = "setDefaultVersion";
const _sE = "scheduleExpression";
const _sEC = "s3ExportConfiguration";
const _sEI = "stepExecutionId";
const _sGI = "securityGroupIds";
const _sI = "subnetId";
const _sIn = "snapshotId";
const _sIo = "sourceImage";
const _sKP = "s3KeyPrefix";
const _sL = "s3Logs";
const _sLH = "sourceLayerHash";
const _sMA = "systemsManagerAgent";
const _sOV = "supportedOsVersions";
const _sP = "s3Prefix";
const _sPA = "sourcePipelineArn";
const _sPC = "ssmParameterConfigurations";
const _sPN = "sourcePipelineName";
const _sS = "scoreSource";
const _sSc = "scanState";
const _sT = "startTime";
const _sTA = "snsTopicArn";
const _sU = "sourceUrl";
const _sV = "semanticVersion";
const _sVc = "scoringVector";
const _sc = "schedule";
const _sco = "score";
const _se = "server";
const _ser = "service";
const _sev = "severity";
const _sn = "snapshots";
const _so = "source";
const _st = "state";
const _sta = "status";
const _ste = "steps";
const _t = "type";
const _tAI = "targetAccountIds";
const _tIOF = "terminateInstanceOnFailure";
const _tK = "tagKeys";
const _tM = "timeoutMinutes";
const _tMa = "tagMap";
const _tR = "targetRepository";
const _tRC = "targetResourceCount";
const _tS = "timeoutSeconds";
const _tSC = "totalStepCount";
const _tSF = "totalStepsFailed";
const _tSS = "totalStepsSucceeded";
const _tSSo = "totalStepsSkipped";
const _ta = "tags";
const _te = "tenancy";
const _tex = "text";
const _th = "throughput";
const _ti = "title";
const _tim = "timezone";
const _u = "uri";
const _uA = "updatedAt";
const _uAB = "uninstallAfterBuild";
const _uAp = "updateAt";
const _uD = "uefiData";
const _uDO = "userDataOverride";
const _uG = "userGroups";
const _uI = "userIds";
const _un = "unit";
const _ur = "url";
const _v = "version";
const _vCA = "vendorCreatedAt";
const _vI = "vulnerabilityId";
const _vIA = "vulnerabilityIdAggregation";
const _vITI = "vmImportTaskId";
const _vN = "virtualName";
const _vP = "vulnerablePackages";
const _vS = "volumeSize";
const _vSe = "vendorSeverity";
const _vT = "volumeType";
const _vUA = "vendorUpdatedAt";
const _va = "value";
const _val = "values";
const _w = "workflows";
const _wA = "workflowArn";
const _wBVA = "workflowBuildVersionArn";
const _wC = "windowsConfiguration";
const _wD = "workingDirectory";
const _wE = "workflowExecutions";
const _wEI = "workflowExecutionId";
const _wSL = "workflowSummaryList";
const _wVA = "workflowVersionArn";
const _wVL = "workflowVersionList";
const _wo = "workflow";
const n0 = "com.amazonaws.imagebuilder";
const schema_1 = __webpack_require__(26890);
const errors_1 = __webpack_require__(61233);
const ImagebuilderServiceException_1 = __webpack_require__(70318);
const _s_registry = schema_1.TypeRegistry.for(_s);
exports.ImagebuilderServiceException$ = [-3, _s, "ImagebuilderServiceException", 0, [], []];
_s_registry.registerError(exports.ImagebuilderServiceException$, ImagebuilderServiceException_1.ImagebuilderServiceException);
const n0_registry = schema_1.TypeRegistry.for(n0);
exports.AccessDeniedException$ = [-3, n0, _ADE,
    { [_e]: _c, [_hE]: 403 },
    [_m],
    [0]
];
n0_registry.registerError(exports.AccessDeniedException$, errors_1.AccessDeniedException);
exports.CallRateLimitExceededException$ = [-3, n0, _CRLEE,
    { [_e]: _c, [_hE]: 429 },
    [_m],
    [0]
];
n0_registry.registerError(exports.CallRateLimitExceededException$, errors_1.CallRateLimitExceededException);
exports.ClientException$ = [-3, n0, _CE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ClientException$, errors_1.ClientException);
exports.DryRunOperationException$ = [-3, n0, _DROE,
    { [_e]: _c, [_hE]: 412 },
    [_m],
    [0]
];
n0_registry.registerError(exports.DryRunOperationException$, errors_1.DryRunOperationException);
exports.ForbiddenException$ = [-3, n0, _FE,
    { [_e]: _c, [_hE]: 403 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ForbiddenException$, errors_1.ForbiddenException);
exports.IdempotentParameterMismatchException$ = [-3, n0, _IPME,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.IdempotentParameterMismatchException$, errors_1.IdempotentParameterMismatchException);
exports.InvalidPaginationTokenException$ = [-3, n0, _IPTE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.InvalidPaginationTokenException$, errors_1.InvalidPaginationTokenException);
exports.InvalidParameterCombinationException$ = [-3, n0, _IPCE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.InvalidParameterCombinationException$, errors_1.InvalidParameterCombinationException);
exports.InvalidParameterException$ = [-3, n0, _IPE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.InvalidParameterException$, errors_1.InvalidParameterException);
exports.InvalidParameterValueException$ = [-3, n0, _IPVE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.InvalidParameterValueException$, errors_1.InvalidParameterValueException);
exports.InvalidRequestException$ = [-3, n0, _IRE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.InvalidRequestException$, errors_1.InvalidRequestException);
exports.InvalidVersionNumberException$ = [-3, n0, _IVNE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.InvalidVersionNumberException$, errors_1.InvalidVersionNumberException);
exports.ResourceAlreadyExistsException$ = [-3, n0, _RAEE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ResourceAlreadyExistsException$, errors_1.ResourceAlreadyExistsException);
exports.ResourceDependencyException$ = [-3, n0, _RDE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ResourceDependencyException$, errors_1.ResourceDependencyException);
exports.ResourceInUseException$ = [-3, n0, _RIUE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ResourceInUseException$, errors_1.ResourceInUseException);
exports.ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_e]: _c, [_hE]: 404 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ResourceNotFoundException$, errors_1.ResourceNotFoundException);
exports.ServiceException$ = [-3, n0, _SE,
    { [_e]: _se, [_hE]: 500 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ServiceException$, errors_1.ServiceException);
exports.ServiceQuotaExceededException$ = [-3, n0, _SQEE,
    { [_e]: _c, [_hE]: 402 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ServiceQuotaExceededException$, errors_1.ServiceQuotaExceededException);
exports.ServiceUnavailableException$ = [-3, n0, _SUE,
    { [_e]: _se, [_hE]: 503 },
    [_m],
    [0]
];
n0_registry.registerError(exports.ServiceUnavailableException$, errors_1.ServiceUnavailableException);
exports.TooManyRequestsException$ = [-3, n0, _TMRE,
    { [_e]: _c, [_hE]: 429 },
    [_m],
    [0]
];
n0_registry.registerError(exports.TooManyRequestsException$, errors_1.TooManyRequestsException);
exports.errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
exports.AccountAggregation$ = [3, n0, _AA,
    0,
    [_aI, _sC],
    [0, () => exports.SeverityCounts$]
];
exports.AdditionalInstanceConfiguration$ = [3, n0, _AIC,
    0,
    [_sMA, _uDO],
    [() => exports.SystemsManagerAgent$, 0]
];
exports.Ami$ = [3, n0, _A,
    0,
    [_r, _i, _n, _d, _st, _aI],
    [0, 0, 0, 0, () => exports.ImageState$, 0]
];
exports.AmiDistributionConfiguration$ = [3, n0, _ADC,
    0,
    [_n, _d, _tAI, _aT, _kKI, _lP],
    [0, 0, 64 | 0, 128 | 0, 0, () => exports.LaunchPermissionConfiguration$]
];
exports.AutoDisablePolicy$ = [3, n0, _ADP,
    0,
    [_fC],
    [1], 1
];
exports.CancelImageCreationRequest$ = [3, n0, _CICR,
    0,
    [_iBVA, _cT],
    [0, [0, 4]], 1
];
exports.CancelImageCreationResponse$ = [3, n0, _CICRa,
    0,
    [_rI, _cT, _iBVA],
    [0, 0, 0]
];
exports.CancelLifecycleExecutionRequest$ = [3, n0, _CLER,
    0,
    [_lEI, _cT],
    [0, [0, 4]], 1
];
exports.CancelLifecycleExecutionResponse$ = [3, n0, _CLERa,
    0,
    [_lEI],
    [0]
];
exports.Component$ = [3, n0, _C,
    0,
    [_a, _n, _v, _d, _cD, _t, _p, _sOV, _st, _pa, _o, _da, _kKI, _en, _dC, _ta, _pu, _ob, _pC],
    [0, 0, 0, 0, 0, 0, 0, 64 | 0, () => exports.ComponentState$, () => ComponentParameterDetailList, 0, 0, 0, 2, 0, 128 | 0, 0, 2, () => ProductCodeList]
];
exports.ComponentConfiguration$ = [3, n0, _CC,
    0,
    [_cA, _pa],
    [0, () => ComponentParameterList], 1
];
exports.ComponentParameter$ = [3, n0, _CP,
    0,
    [_n, _va],
    [0, 64 | 0], 2
];
exports.ComponentParameterDetail$ = [3, n0, _CPD,
    0,
    [_n, _t, _dV, _d],
    [0, 0, 64 | 0, 0], 2
];
exports.ComponentState$ = [3, n0, _CS,
    0,
    [_sta, _re],
    [0, 0]
];
exports.ComponentSummary$ = [3, n0, _CSo,
    0,
    [_a, _n, _v, _p, _sOV, _st, _t, _o, _d, _cD, _dC, _ta, _pu, _ob],
    [0, 0, 0, 0, 64 | 0, () => exports.ComponentState$, 0, 0, 0, 0, 0, 128 | 0, 0, 2]
];
exports.ComponentVersion$ = [3, n0, _CV,
    0,
    [_a, _n, _v, _d, _p, _sOV, _t, _o, _dC, _sta, _pC],
    [0, 0, 0, 0, 0, 64 | 0, 0, 0, 0, 0, () => ProductCodeList]
];
exports.Container$ = [3, n0, _Co,
    0,
    [_r, _iU],
    [0, 64 | 0]
];
exports.ContainerDistributionConfiguration$ = [3, n0, _CDC,
    0,
    [_tR, _d, _cTo],
    [() => exports.TargetContainerRepository$, 0, 64 | 0], 1
];
exports.ContainerRecipe$ = [3, n0, _CR,
    0,
    [_a, _cTon, _n, _d, _p, _o, _v, _co, _iC, _dTD, _kKI, _en, _pI, _dC, _ta, _wD, _tR],
    [0, 0, 0, 0, 0, 0, 0, () => ComponentConfigurationList, () => exports.InstanceConfiguration$, 0, 0, 2, 0, 0, 128 | 0, 0, () => exports.TargetContainerRepository$]
];
exports.ContainerRecipeSummary$ = [3, n0, _CRS,
    0,
    [_a, _cTon, _n, _p, _o, _pI, _dC, _iI, _ta],
    [0, 0, 0, 0, 0, 0, 0, 0, 128 | 0]
];
exports.CreateComponentRequest$ = [3, n0, _CCR,
    0,
    [_n, _sV, _p, _d, _cD, _sOV, _da, _u, _kKI, _ta, _cT, _dR],
    [0, 0, 0, 0, 0, 64 | 0, 0, 0, 0, 128 | 0, [0, 4], 2], 3
];
exports.CreateComponentResponse$ = [3, n0, _CCRr,
    0,
    [_rI, _cT, _cBVA, _lVR],
    [0, 0, 0, () => exports.LatestVersionReferences$]
];
exports.CreateContainerRecipeRequest$ = [3, n0, _CCRR,
    0,
    [_cTon, _n, _sV, _pI, _tR, _d, _co, _iC, _dTD, _dTU, _pO, _iOVO, _ta, _wD, _kKI, _cT],
    [0, 0, 0, 0, () => exports.TargetContainerRepository$, 0, () => ComponentConfigurationList, () => exports.InstanceConfiguration$, 0, 0, 0, 0, 128 | 0, 0, 0, [0, 4]], 5
];
exports.CreateContainerRecipeResponse$ = [3, n0, _CCRRr,
    0,
    [_rI, _cT, _cRA, _lVR],
    [0, 0, 0, () => exports.LatestVersionReferences$]
];
exports.CreateDistributionConfigurationRequest$ = [3, n0, _CDCR,
    0,
    [_n, _di, _d, _ta, _cT],
    [0, () => DistributionList, 0, 128 | 0, [0, 4]], 2
];
exports.CreateDistributionConfigurationResponse$ = [3, n0, _CDCRr,
    0,
    [_rI, _cT, _dCA],
    [0, 0, 0]
];
exports.CreateImagePipelineRequest$ = [3, n0, _CIPR,
    0,
    [_n, _iCA, _d, _iRA, _cRA, _dCA, _iTC, _eIME, _sc, _sta, _ta, _iT, _cT, _iSC, _w, _eR, _lC],
    [0, 0, 0, 0, 0, 0, () => exports.ImageTestsConfiguration$, 2, () => exports.Schedule$, 0, 128 | 0, 128 | 0, [0, 4], () => exports.ImageScanningConfiguration$, () => WorkflowConfigurationList, 0, () => exports.PipelineLoggingConfiguration$], 2
];
exports.CreateImagePipelineResponse$ = [3, n0, _CIPRr,
    0,
    [_rI, _cT, _iPA],
    [0, 0, 0]
];
exports.CreateImageRecipeRequest$ = [3, n0, _CIRR,
    0,
    [_n, _sV, _pI, _d, _co, _bDM, _ta, _wD, _aIC, _aT, _cT],
    [0, 0, 0, 0, () => ComponentConfigurationList, () => InstanceBlockDeviceMappings, 128 | 0, 0, () => exports.AdditionalInstanceConfiguration$, 128 | 0, [0, 4]], 3
];
exports.CreateImageRecipeResponse$ = [3, n0, _CIRRr,
    0,
    [_rI, _cT, _iRA, _lVR],
    [0, 0, 0, () => exports.LatestVersionReferences$]
];
exports.CreateImageRequest$ = [3, n0, _CIR,
    0,
    [_iCA, _iRA, _cRA, _dCA, _iTC, _eIME, _ta, _cT, _iSC, _w, _eR, _lC],
    [0, 0, 0, 0, () => exports.ImageTestsConfiguration$, 2, 128 | 0, [0, 4], () => exports.ImageScanningConfiguration$, () => WorkflowConfigurationList, 0, () => exports.ImageLoggingConfiguration$], 1
];
exports.CreateImageResponse$ = [3, n0, _CIRr,
    0,
    [_rI, _cT, _iBVA, _lVR],
    [0, 0, 0, () => exports.LatestVersionReferences$]
];
exports.CreateInfrastructureConfigurationRequest$ = [3, n0, _CICRr,
    0,
    [_n, _iPN, _d, _iTn, _sGI, _sI, _l, _kP, _tIOF, _sTA, _rT, _iMO, _ta, _pl, _cT],
    [0, 0, 0, 64 | 0, 64 | 0, 0, () => exports.Logging$, 0, 2, 0, 128 | 0, () => exports.InstanceMetadataOptions$, 128 | 0, () => exports.Placement$, [0, 4]], 2
];
exports.CreateInfrastructureConfigurationResponse$ = [3, n0, _CICRre,
    0,
    [_rI, _cT, _iCA],
    [0, 0, 0]
];
exports.CreateLifecyclePolicyRequest$ = [3, n0, _CLPR,
    0,
    [_n, _eR, _rTe, _pD, _rS, _d, _sta, _ta, _cT],
    [0, 0, 0, () => LifecyclePolicyDetails, () => exports.LifecyclePolicyResourceSelection$, 0, 0, 128 | 0, [0, 4]], 5
];
exports.CreateLifecyclePolicyResponse$ = [3, n0, _CLPRr,
    0,
    [_cT, _lPA],
    [0, 0]
];
exports.CreateWorkflowRequest$ = [3, n0, _CWR,
    0,
    [_n, _sV, _t, _d, _cD, _da, _u, _kKI, _ta, _cT, _dR],
    [0, 0, 0, 0, 0, 0, 0, 0, 128 | 0, [0, 4], 2], 3
];
exports.CreateWorkflowResponse$ = [3, n0, _CWRr,
    0,
    [_cT, _wBVA, _lVR],
    [0, 0, () => exports.LatestVersionReferences$]
];
exports.CvssScore$ = [3, n0, _CSv,
    0,
    [_bS, _sVc, _v, _so],
    [1, 0, 0, 0]
];
exports.CvssScoreAdjustment$ = [3, n0, _CSA,
    0,
    [_me, _re],
    [0, 0]
];
exports.CvssScoreDetails$ = [3, n0, _CSD,
    0,
    [_sS, _cS, _v, _sco, _sVc, _ad],
    [0, 0, 0, 1, 0, () => CvssScoreAdjustmentList]
];
exports.DeleteComponentRequest$ = [3, n0, _DCR,
    0,
    [_cBVA],
    [[0, { [_hQ]: _cBVA }]], 1
];
exports.DeleteComponentResponse$ = [3, n0, _DCRe,
    0,
    [_rI, _cBVA],
    [0, 0]
];
exports.DeleteContainerRecipeRequest$ = [3, n0, _DCRR,
    0,
    [_cRA],
    [[0, { [_hQ]: _cRA }]], 1
];
exports.DeleteContainerRecipeResponse$ = [3, n0, _DCRRe,
    0,
    [_rI, _cRA],
    [0, 0]
];
exports.DeleteDistributionConfigurationRequest$ = [3, n0, _DDCR,
    0,
    [_dCA],
    [[0, { [_hQ]: _dCA }]], 1
];
exports.DeleteDistributionConfigurationResponse$ = [3, n0, _DDCRe,
    0,
    [_rI, _dCA],
    [0, 0]
];
exports.DeleteImagePipelineRequest$ = [3, n0, _DIPR,
    0,
    [_iPA],
    [[0, { [_hQ]: _iPA }]], 1
];
exports.DeleteImagePipelineResponse$ = [3, n0, _DIPRe,
    0,
    [_rI, _iPA],
    [0, 0]
];
exports.DeleteImageRecipeRequest$ = [3, n0, _DIRR,
    0,
    [_iRA],
    [[0, { [_hQ]: _iRA }]], 1
];
exports.DeleteImageRecipeResponse$ = [3, n0, _DIRRe,
    0,
    [_rI, _iRA],
    [0, 0]
];
exports.DeleteImageRequest$ = [3, n0, _DIR,
    0,
    [_iBVA],
    [[0, { [_hQ]: _iBVA }]], 1
];
exports.DeleteImageResponse$ = [3, n0, _DIRe,
    0,
    [_rI, _iBVA],
    [0, 0]
];
exports.DeleteInfrastructureConfigurationRequest$ = [3, n0, _DICR,
    0,
    [_iCA],
    [[0, { [_hQ]: _iCA }]], 1
];
exports.DeleteInfrastructureConfigurationResponse$ = [3, n0, _DICRe,
    0,
    [_rI, _iCA],
    [0, 0]
];
exports.DeleteLifecyclePolicyRequest$ = [3, n0, _DLPR,
    0,
    [_lPA],
    [[0, { [_hQ]: _lPA }]], 1
];
exports.DeleteLifecyclePolicyResponse$ = [3, n0, _DLPRe,
    0,
    [_lPA],
    [0]
];
exports.DeleteWorkflowRequest$ = [3, n0, _DWR,
    0,
    [_wBVA],
    [[0, { [_hQ]: _wBVA }]], 1
];
exports.DeleteWorkflowResponse$ = [3, n0, _DWRe,
    0,
    [_wBVA],
    [0]
];
exports.DistributeImageRequest$ = [3, n0, _DIRi,
    0,
    [_sIo, _dCA, _eR, _ta, _cT, _lC],
    [0, 0, 0, 128 | 0, [0, 4], () => exports.ImageLoggingConfiguration$], 3
];
exports.DistributeImageResponse$ = [3, n0, _DIRis,
    0,
    [_cT, _iBVA],
    [0, 0]
];
exports.Distribution$ = [3, n0, _D,
    0,
    [_r, _aDC, _cDC, _lCA, _lTC, _sEC, _fLC, _sPC],
    [0, () => exports.AmiDistributionConfiguration$, () => exports.ContainerDistributionConfiguration$, 64 | 0, () => LaunchTemplateConfigurationList, () => exports.S3ExportConfiguration$, () => FastLaunchConfigurationList, () => SsmParameterConfigurationList], 1
];
exports.DistributionConfiguration$ = [3, n0, _DC,
    0,
    [_tM, _a, _n, _d, _di, _dC, _dU, _ta],
    [1, 0, 0, 0, () => DistributionList, 0, 0, 128 | 0], 1
];
exports.DistributionConfigurationSummary$ = [3, n0, _DCS,
    0,
    [_a, _n, _d, _dC, _dU, _ta, _reg],
    [0, 0, 0, 0, 0, 128 | 0, 64 | 0]
];
exports.EbsInstanceBlockDeviceSpecification$ = [3, n0, _EIBDS,
    0,
    [_en, _dOT, _io, _kKI, _sIn, _vS, _vT, _th],
    [2, 2, 1, 0, 0, 1, 0, 1]
];
exports.EcrConfiguration$ = [3, n0, _EC,
    0,
    [_rN, _cTo],
    [0, 64 | 0]
];
exports.FastLaunchConfiguration$ = [3, n0, _FLC,
    0,
    [_ena, _sCn, _mPL, _lT, _aI],
    [2, () => exports.FastLaunchSnapshotConfiguration$, 1, () => exports.FastLaunchLaunchTemplateSpecification$, 0], 1
];
exports.FastLaunchLaunchTemplateSpecification$ = [3, n0, _FLLTS,
    0,
    [_lTI, _lTN, _lTV],
    [0, 0, 0]
];
exports.FastLaunchSnapshotConfiguration$ = [3, n0, _FLSC,
    0,
    [_tRC],
    [1]
];
exports.Filter$ = [3, n0, _F,
    0,
    [_n, _val],
    [0, 64 | 0]
];
exports.GetComponentPolicyRequest$ = [3, n0, _GCPR,
    0,
    [_cA],
    [[0, { [_hQ]: _cA }]], 1
];
exports.GetComponentPolicyResponse$ = [3, n0, _GCPRe,
    0,
    [_rI, _po],
    [0, 0]
];
exports.GetComponentRequest$ = [3, n0, _GCR,
    0,
    [_cBVA],
    [[0, { [_hQ]: _cBVA }]], 1
];
exports.GetComponentResponse$ = [3, n0, _GCRe,
    0,
    [_rI, _com, _lVR],
    [0, () => exports.Component$, () => exports.LatestVersionReferences$]
];
exports.GetContainerRecipePolicyRequest$ = [3, n0, _GCRPR,
    0,
    [_cRA],
    [[0, { [_hQ]: _cRA }]], 1
];
exports.GetContainerRecipePolicyResponse$ = [3, n0, _GCRPRe,
    0,
    [_rI, _po],
    [0, 0]
];
exports.GetContainerRecipeRequest$ = [3, n0, _GCRR,
    0,
    [_cRA],
    [[0, { [_hQ]: _cRA }]], 1
];
exports.GetContainerRecipeResponse$ = [3, n0, _GCRRe,
    0,
    [_rI, _cR, _lVR],
    [0, () => exports.ContainerRecipe$, () => exports.LatestVersionReferences$]
];
exports.GetDistributionConfigurationRequest$ = [3, n0, _GDCR,
    0,
    [_dCA],
    [[0, { [_hQ]: _dCA }]], 1
];
exports.GetDistributionConfigurationResponse$ = [3, n0, _GDCRe,
    0,
    [_rI, _dCi],
    [0, () => exports.DistributionConfiguration$]
];
exports.GetImagePipelineRequest$ = [3, n0, _GIPR,
    0,
    [_iPA],
    [[0, { [_hQ]: _iPA }]], 1
];
exports.GetImagePipelineResponse$ = [3, n0, _GIPRe,
    0,
    [_rI, _iP],
    [0, () => exports.ImagePipeline$]
];
exports.GetImagePolicyRequest$ = [3, n0, _GIPRet,
    0,
    [_iA],
    [[0, { [_hQ]: _iA }]], 1
];
exports.GetImagePolicyResponse$ = [3, n0, _GIPRetm,
    0,
    [_rI, _po],
    [0, 0]
];
exports.GetImageRecipePolicyRequest$ = [3, n0, _GIRPR,
    0,
    [_iRA],
    [[0, { [_hQ]: _iRA }]], 1
];
exports.GetImageRecipePolicyResponse$ = [3, n0, _GIRPRe,
    0,
    [_rI, _po],
    [0, 0]
];
exports.GetImageRecipeRequest$ = [3, n0, _GIRR,
    0,
    [_iRA],
    [[0, { [_hQ]: _iRA }]], 1
];
exports.GetImageRecipeResponse$ = [3, n0, _GIRRe,
    0,
    [_rI, _iR, _lVR],
    [0, () => exports.ImageRecipe$, () => exports.LatestVersionReferences$]
];
exports.GetImageRequest$ = [3, n0, _GIR,
    0,
    [_iBVA],
    [[0, { [_hQ]: _iBVA }]], 1
];
exports.GetImageResponse$ = [3, n0, _GIRe,
    0,
    [_rI, _i, _lVR],
    [0, () => exports.Image$, () => exports.LatestVersionReferences$]
];
exports.GetInfrastructureConfigurationRequest$ = [3, n0, _GICR,
    0,
    [_iCA],
    [[0, { [_hQ]: _iCA }]], 1
];
exports.GetInfrastructureConfigurationResponse$ = [3, n0, _GICRe,
    0,
    [_rI, _iCn],
    [0, () => exports.InfrastructureConfiguration$]
];
exports.GetLifecycleExecutionRequest$ = [3, n0, _GLER,
    0,
    [_lEI],
    [[0, { [_hQ]: _lEI }]], 1
];
exports.GetLifecycleExecutionResponse$ = [3, n0, _GLERe,
    0,
    [_lE],
    [() => exports.LifecycleExecution$]
];
exports.GetLifecyclePolicyRequest$ = [3, n0, _GLPR,
    0,
    [_lPA],
    [[0, { [_hQ]: _lPA }]], 1
];
exports.GetLifecyclePolicyResponse$ = [3, n0, _GLPRe,
    0,
    [_lPi],
    [() => exports.LifecyclePolicy$]
];
exports.GetMarketplaceResourceRequest$ = [3, n0, _GMRR,
    0,
    [_rTe, _rA, _rL],
    [0, 0, 0], 2
];
exports.GetMarketplaceResourceResponse$ = [3, n0, _GMRRe,
    0,
    [_rA, _ur, _da],
    [0, 0, 0]
];
exports.GetWorkflowExecutionRequest$ = [3, n0, _GWER,
    0,
    [_wEI],
    [[0, { [_hQ]: _wEI }]], 1
];
exports.GetWorkflowExecutionResponse$ = [3, n0, _GWERe,
    0,
    [_rI, _wBVA, _wEI, _iBVA, _t, _sta, _m, _tSC, _tSS, _tSF, _tSSo, _sT, _eT, _pG],
    [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0]
];
exports.GetWorkflowRequest$ = [3, n0, _GWR,
    0,
    [_wBVA],
    [[0, { [_hQ]: _wBVA }]], 1
];
exports.GetWorkflowResponse$ = [3, n0, _GWRe,
    0,
    [_wo, _lVR],
    [() => exports.Workflow$, () => exports.LatestVersionReferences$]
];
exports.GetWorkflowStepExecutionRequest$ = [3, n0, _GWSER,
    0,
    [_sEI],
    [[0, { [_hQ]: _sEI }]], 1
];
exports.GetWorkflowStepExecutionResponse$ = [3, n0, _GWSERe,
    0,
    [_rI, _sEI, _wBVA, _wEI, _iBVA, _n, _d, _ac, _sta, _rSo, _m, _in, _ou, _sT, _eT, _oF, _tS],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
];
exports.Image$ = [3, n0, _I,
    0,
    [_a, _t, _n, _v, _p, _eIME, _oV, _st, _iR, _cR, _sPN, _sPA, _iCn, _dCi, _iTC, _dC, _oR, _ta, _bT, _iS, _sSc, _iSC, _dT, _lEI, _eR, _w, _lC],
    [0, 0, 0, 0, 0, 2, 0, () => exports.ImageState$, () => exports.ImageRecipe$, () => exports.ContainerRecipe$, 0, 0, () => exports.InfrastructureConfiguration$, () => exports.DistributionConfiguration$, () => exports.ImageTestsConfiguration$, 0, () => exports.OutputResources$, 128 | 0, 0, 0, () => exports.ImageScanState$, () => exports.ImageScanningConfiguration$, 4, 0, 0, () => WorkflowConfigurationList, () => exports.ImageLoggingConfiguration$]
];
exports.ImageAggregation$ = [3, n0, _IA,
    0,
    [_iBVA, _sC],
    [0, () => exports.SeverityCounts$]
];
exports.ImageLoggingConfiguration$ = [3, n0, _ILC,
    0,
    [_lGN],
    [0]
];
exports.ImagePackage$ = [3, n0, _IP,
    0,
    [_pN, _pV],
    [0, 0]
];
exports.ImagePipeline$ = [3, n0, _IPm,
    0,
    [_a, _n, _d, _p, _eIME, _iRA, _cRA, _iCA, _dCA, _iTC, _sc, _sta, _dC, _dU, _dLR, _lRS, _dNR, _ta, _iSC, _iT, _eR, _w, _lC, _cF],
    [0, 0, 0, 0, 2, 0, 0, 0, 0, () => exports.ImageTestsConfiguration$, () => exports.Schedule$, 0, 0, 0, 0, 0, 0, 128 | 0, () => exports.ImageScanningConfiguration$, 128 | 0, 0, () => WorkflowConfigurationList, () => exports.PipelineLoggingConfiguration$, 1]
];
exports.ImagePipelineAggregation$ = [3, n0, _IPA,
    0,
    [_iPA, _sC],
    [0, () => exports.SeverityCounts$]
];
exports.ImageRecipe$ = [3, n0, _IR,
    0,
    [_a, _t, _n, _d, _p, _o, _v, _co, _pI, _bDM, _dC, _ta, _wD, _aIC, _aT],
    [0, 0, 0, 0, 0, 0, 0, () => ComponentConfigurationList, 0, () => InstanceBlockDeviceMappings, 0, 128 | 0, 0, () => exports.AdditionalInstanceConfiguration$, 128 | 0]
];
exports.ImageRecipeSummary$ = [3, n0, _IRS,
    0,
    [_a, _n, _p, _o, _pI, _dC, _ta],
    [0, 0, 0, 0, 0, 0, 128 | 0]
];
exports.ImageScanFinding$ = [3, n0, _ISF,
    0,
    [_aAI, _iBVA, _iPA, _t, _d, _ti, _rem, _sev, _fOA, _uA, _iSn, _iSD, _pVD, _fA],
    [0, 0, 0, 0, 0, 0, () => exports.Remediation$, 0, 4, 4, 1, () => exports.InspectorScoreDetails$, () => exports.PackageVulnerabilityDetails$, 0]
];
exports.ImageScanFindingAggregation$ = [3, n0, _ISFA,
    0,
    [_aA, _iAm, _iPAm, _vIA],
    [() => exports.AccountAggregation$, () => exports.ImageAggregation$, () => exports.ImagePipelineAggregation$, () => exports.VulnerabilityIdAggregation$]
];
exports.ImageScanFindingsFilter$ = [3, n0, _ISFF,
    0,
    [_n, _val],
    [0, 64 | 0]
];
exports.ImageScanningConfiguration$ = [3, n0, _ISC,
    0,
    [_iSE, _eC],
    [2, () => exports.EcrConfiguration$]
];
exports.ImageScanState$ = [3, n0, _ISS,
    0,
    [_sta, _re],
    [0, 0]
];
exports.ImageState$ = [3, n0, _IS,
    0,
    [_sta, _re],
    [0, 0]
];
exports.ImageSummary$ = [3, n0, _ISm,
    0,
    [_a, _n, _t, _v, _p, _oV, _st, _o, _dC, _oR, _ta, _bT, _iS, _dT, _lEI, _lC],
    [0, 0, 0, 0, 0, 0, () => exports.ImageState$, 0, 0, () => exports.OutputResources$, 128 | 0, 0, 0, 4, 0, () => exports.ImageLoggingConfiguration$]
];
exports.ImageTestsConfiguration$ = [3, n0, _ITC,
    0,
    [_iTE, _tM],
    [2, 1]
];
exports.ImageVersion$ = [3, n0, _IV,
    0,
    [_a, _n, _t, _v, _p, _oV, _o, _dC, _bT, _iS],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
exports.ImportComponentRequest$ = [3, n0, _ICR,
    0,
    [_n, _sV, _t, _f, _p, _d, _cD, _da, _u, _kKI, _ta, _cT],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128 | 0, [0, 4]], 5
];
exports.ImportComponentResponse$ = [3, n0, _ICRm,
    0,
    [_rI, _cT, _cBVA],
    [0, 0, 0]
];
exports.ImportDiskImageRequest$ = [3, n0, _IDIR,
    0,
    [_n, _sV, _p, _oV, _iCA, _u, _d, _eR, _lC, _ta, _rIO, _wC, _cT],
    [0, 0, 0, 0, 0, 0, 0, 0, () => exports.ImageLoggingConfiguration$, 128 | 0, () => exports.RegisterImageOptions$, () => exports.WindowsConfiguration$, [0, 4]], 6
];
exports.ImportDiskImageResponse$ = [3, n0, _IDIRm,
    0,
    [_cT, _iBVA],
    [0, 0]
];
exports.ImportVmImageRequest$ = [3, n0, _IVIR,
    0,
    [_n, _sV, _p, _vITI, _d, _oV, _lC, _ta, _cT],
    [0, 0, 0, 0, 0, 0, () => exports.ImageLoggingConfiguration$, 128 | 0, [0, 4]], 4
];
exports.ImportVmImageResponse$ = [3, n0, _IVIRm,
    0,
    [_rI, _iA, _cT],
    [0, 0, 0]
];
exports.InfrastructureConfiguration$ = [3, n0, _IC,
    0,
    [_a, _n, _d, _iTn, _iPN, _sGI, _sI, _l, _kP, _tIOF, _sTA, _dC, _dU, _rT, _iMO, _ta, _pl],
    [0, 0, 0, 64 | 0, 0, 64 | 0, 0, () => exports.Logging$, 0, 2, 0, 0, 0, 128 | 0, () => exports.InstanceMetadataOptions$, 128 | 0, () => exports.Placement$]
];
exports.InfrastructureConfigurationSummary$ = [3, n0, _ICS,
    0,
    [_a, _n, _d, _dC, _dU, _rT, _ta, _iTn, _iPN, _pl],
    [0, 0, 0, 0, 0, 128 | 0, 128 | 0, 64 | 0, 0, () => exports.Placement$]
];
exports.InspectorScoreDetails$ = [3, n0, _ISD,
    0,
    [_aC],
    [() => exports.CvssScoreDetails$]
];
exports.InstanceBlockDeviceMapping$ = [3, n0, _IBDM,
    0,
    [_dN, _eb, _vN, _nD],
    [0, () => exports.EbsInstanceBlockDeviceSpecification$, 0, 0]
];
exports.InstanceConfiguration$ = [3, n0, _ICn,
    0,
    [_i, _bDM],
    [0, () => InstanceBlockDeviceMappings]
];
exports.InstanceMetadataOptions$ = [3, n0, _IMO,
    0,
    [_hT, _hPRHL],
    [0, 1]
];
exports.LatestVersionReferences$ = [3, n0, _LVR,
    0,
    [_lVA, _lMVA, _lMVAa, _lPVA],
    [0, 0, 0, 0]
];
exports.LaunchPermissionConfiguration$ = [3, n0, _LPC,
    0,
    [_uI, _uG, _oA, _oUA],
    [64 | 0, 64 | 0, 64 | 0, 64 | 0]
];
exports.LaunchTemplateConfiguration$ = [3, n0, _LTC,
    0,
    [_lTI, _aI, _sDV],
    [0, 0, 2], 1
];
exports.LifecycleExecution$ = [3, n0, _LE,
    0,
    [_lEI, _lPA, _rIS, _st, _sT, _eT],
    [0, 0, () => exports.LifecycleExecutionResourcesImpactedSummary$, () => exports.LifecycleExecutionState$, 4, 4]
];
exports.LifecycleExecutionResource$ = [3, n0, _LER,
    0,
    [_aI, _rIe, _st, _ac, _r, _sn, _iU, _sT, _eT],
    [0, 0, () => exports.LifecycleExecutionResourceState$, () => exports.LifecycleExecutionResourceAction$, 0, () => LifecycleExecutionSnapshotResourceList, 64 | 0, 4, 4]
];
exports.LifecycleExecutionResourceAction$ = [3, n0, _LERA,
    0,
    [_n, _re],
    [0, 0]
];
exports.LifecycleExecutionResourcesImpactedSummary$ = [3, n0, _LERIS,
    0,
    [_hIR],
    [2]
];
exports.LifecycleExecutionResourceState$ = [3, n0, _LERS,
    0,
    [_sta, _re],
    [0, 0]
];
exports.LifecycleExecutionSnapshotResource$ = [3, n0, _LESR,
    0,
    [_sIn, _st],
    [0, () => exports.LifecycleExecutionResourceState$]
];
exports.LifecycleExecutionState$ = [3, n0, _LES,
    0,
    [_sta, _re],
    [0, 0]
];
exports.LifecyclePolicy$ = [3, n0, _LP,
    0,
    [_a, _n, _d, _sta, _eR, _rTe, _pD, _rS, _dC, _dU, _dLR, _ta],
    [0, 0, 0, 0, 0, 0, () => LifecyclePolicyDetails, () => exports.LifecyclePolicyResourceSelection$, 4, 4, 4, 128 | 0]
];
exports.LifecyclePolicyDetail$ = [3, n0, _LPD,
    0,
    [_ac, _fi, _eRx],
    [() => exports.LifecyclePolicyDetailAction$, () => exports.LifecyclePolicyDetailFilter$, () => exports.LifecyclePolicyDetailExclusionRules$], 2
];
exports.LifecyclePolicyDetailAction$ = [3, n0, _LPDA,
    0,
    [_t, _iRn],
    [0, () => exports.LifecyclePolicyDetailActionIncludeResources$], 1
];
exports.LifecyclePolicyDetailActionIncludeResources$ = [3, n0, _LPDAIR,
    0,
    [_am, _sn, _con],
    [2, 2, 2]
];
exports.LifecyclePolicyDetailExclusionRules$ = [3, n0, _LPDER,
    0,
    [_tMa, _am],
    [128 | 0, () => exports.LifecyclePolicyDetailExclusionRulesAmis$]
];
exports.LifecyclePolicyDetailExclusionRulesAmis$ = [3, n0, _LPDERA,
    0,
    [_iPs, _reg, _sA, _lL, _tMa],
    [2, 64 | 0, 64 | 0, () => exports.LifecyclePolicyDetailExclusionRulesAmisLastLaunched$, 128 | 0]
];
exports.LifecyclePolicyDetailExclusionRulesAmisLastLaunched$ = [3, n0, _LPDERALL,
    0,
    [_va, _un],
    [1, 0], 2
];
exports.LifecyclePolicyDetailFilter$ = [3, n0, _LPDF,
    0,
    [_t, _va, _un, _rAL],
    [0, 1, 0, 1], 2
];
exports.LifecyclePolicyResourceSelection$ = [3, n0, _LPRS,
    0,
    [_rec, _tMa],
    [() => LifecyclePolicyResourceSelectionRecipes, 128 | 0]
];
exports.LifecyclePolicyResourceSelectionRecipe$ = [3, n0, _LPRSR,
    0,
    [_n, _sV],
    [0, 0], 2
];
exports.LifecyclePolicySummary$ = [3, n0, _LPS,
    0,
    [_a, _n, _d, _sta, _eR, _rTe, _dC, _dU, _dLR, _ta],
    [0, 0, 0, 0, 0, 0, 4, 4, 4, 128 | 0]
];
exports.ListComponentBuildVersionsRequest$ = [3, n0, _LCBVR,
    0,
    [_cVA, _mR, _nT],
    [0, 1, 0]
];
exports.ListComponentBuildVersionsResponse$ = [3, n0, _LCBVRi,
    0,
    [_rI, _cSL, _nT],
    [0, () => ComponentSummaryList, 0]
];
exports.ListComponentsRequest$ = [3, n0, _LCR,
    0,
    [_o, _fil, _bN, _mR, _nT],
    [0, () => FilterList, 2, 1, 0]
];
exports.ListComponentsResponse$ = [3, n0, _LCRi,
    0,
    [_rI, _cVL, _nT],
    [0, () => ComponentVersionList, 0]
];
exports.ListContainerRecipesRequest$ = [3, n0, _LCRR,
    0,
    [_o, _fil, _mR, _nT],
    [0, () => FilterList, 1, 0]
];
exports.ListContainerRecipesResponse$ = [3, n0, _LCRRi,
    0,
    [_rI, _cRSL, _nT],
    [0, () => ContainerRecipeSummaryList, 0]
];
exports.ListDistributionConfigurationsRequest$ = [3, n0, _LDCR,
    0,
    [_fil, _mR, _nT],
    [() => FilterList, 1, 0]
];
exports.ListDistributionConfigurationsResponse$ = [3, n0, _LDCRi,
    0,
    [_rI, _dCSL, _nT],
    [0, () => DistributionConfigurationSummaryList, 0]
];
exports.ListImageBuildVersionsRequest$ = [3, n0, _LIBVR,
    0,
    [_iVA, _fil, _mR, _nT],
    [0, () => FilterList, 1, 0]
];
exports.ListImageBuildVersionsResponse$ = [3, n0, _LIBVRi,
    0,
    [_rI, _iSL, _nT],
    [0, () => ImageSummaryList, 0]
];
exports.ListImagePackagesRequest$ = [3, n0, _LIPR,
    0,
    [_iBVA, _mR, _nT],
    [0, 1, 0], 1
];
exports.ListImagePackagesResponse$ = [3, n0, _LIPRi,
    0,
    [_rI, _iPL, _nT],
    [0, () => ImagePackageList, 0]
];
exports.ListImagePipelineImagesRequest$ = [3, n0, _LIPIR,
    0,
    [_iPA, _fil, _mR, _nT],
    [0, () => FilterList, 1, 0], 1
];
exports.ListImagePipelineImagesResponse$ = [3, n0, _LIPIRi,
    0,
    [_rI, _iSL, _nT],
    [0, () => ImageSummaryList, 0]
];
exports.ListImagePipelinesRequest$ = [3, n0, _LIPRis,
    0,
    [_fil, _mR, _nT],
    [() => FilterList, 1, 0]
];
exports.ListImagePipelinesResponse$ = [3, n0, _LIPRist,
    0,
    [_rI, _iPLm, _nT],
    [0, () => ImagePipelineList, 0]
];
exports.ListImageRecipesRequest$ = [3, n0, _LIRR,
    0,
    [_o, _fil, _mR, _nT],
    [0, () => FilterList, 1, 0]
];
exports.ListImageRecipesResponse$ = [3, n0, _LIRRi,
    0,
    [_rI, _iRSL, _nT],
    [0, () => ImageRecipeSummaryList, 0]
];
exports.ListImageScanFindingAggregationsRequest$ = [3, n0, _LISFAR,
    0,
    [_fi, _nT],
    [() => exports.Filter$, 0]
];
exports.ListImageScanFindingAggregationsResponse$ = [3, n0, _LISFARi,
    0,
    [_rI, _aTg, _res, _nT],
    [0, 0, () => ImageScanFindingAggregationsList, 0]
];
exports.ListImageScanFindingsRequest$ = [3, n0, _LISFR,
    0,
    [_fil, _mR, _nT],
    [() => ImageScanFindingsFilterList, 1, 0]
];
exports.ListImageScanFindingsResponse$ = [3, n0, _LISFRi,
    0,
    [_rI, _fin, _nT],
    [0, () => ImageScanFindingsList, 0]
];
exports.ListImagesRequest$ = [3, n0, _LIR,
    0,
    [_o, _fil, _bN, _mR, _nT, _iD],
    [0, () => FilterList, 2, 1, 0, 2]
];
exports.ListImagesResponse$ = [3, n0, _LIRi,
    0,
    [_rI, _iVL, _nT],
    [0, () => ImageVersionList, 0]
];
exports.ListInfrastructureConfigurationsRequest$ = [3, n0, _LICR,
    0,
    [_fil, _mR, _nT],
    [() => FilterList, 1, 0]
];
exports.ListInfrastructureConfigurationsResponse$ = [3, n0, _LICRi,
    0,
    [_rI, _iCSL, _nT],
    [0, () => InfrastructureConfigurationSummaryList, 0]
];
exports.ListLifecycleExecutionResourcesRequest$ = [3, n0, _LLERR,
    0,
    [_lEI, _pRI, _mR, _nT],
    [0, 0, 1, 0], 1
];
exports.ListLifecycleExecutionResourcesResponse$ = [3, n0, _LLERRi,
    0,
    [_lEI, _lES, _reso, _nT],
    [0, () => exports.LifecycleExecutionState$, () => LifecycleExecutionResourceList, 0]
];
exports.ListLifecycleExecutionsRequest$ = [3, n0, _LLER,
    0,
    [_rA, _mR, _nT],
    [0, 1, 0], 1
];
exports.ListLifecycleExecutionsResponse$ = [3, n0, _LLERi,
    0,
    [_lEi, _nT],
    [() => LifecycleExecutionsList, 0]
];
exports.ListLifecyclePoliciesRequest$ = [3, n0, _LLPR,
    0,
    [_fil, _mR, _nT],
    [() => FilterList, 1, 0]
];
exports.ListLifecyclePoliciesResponse$ = [3, n0, _LLPRi,
    0,
    [_lPSL, _nT],
    [() => LifecyclePolicySummaryList, 0]
];
exports.ListTagsForResourceRequest$ = [3, n0, _LTFRR,
    0,
    [_rA],
    [[0, 1]], 1
];
exports.ListTagsForResourceResponse$ = [3, n0, _LTFRRi,
    0,
    [_ta],
    [128 | 0]
];
exports.ListWaitingWorkflowStepsRequest$ = [3, n0, _LWWSR,
    0,
    [_mR, _nT],
    [1, 0]
];
exports.ListWaitingWorkflowStepsResponse$ = [3, n0, _LWWSRi,
    0,
    [_ste, _nT],
    [() => WorkflowStepExecutionList, 0]
];
exports.ListWorkflowBuildVersionsRequest$ = [3, n0, _LWBVR,
    0,
    [_wVA, _mR, _nT],
    [0, 1, 0]
];
exports.ListWorkflowBuildVersionsResponse$ = [3, n0, _LWBVRi,
    0,
    [_wSL, _nT],
    [() => WorkflowSummaryList, 0]
];
exports.ListWorkflowExecutionsRequest$ = [3, n0, _LWER,
    0,
    [_iBVA, _mR, _nT],
    [0, 1, 0], 1
];
exports.ListWorkflowExecutionsResponse$ = [3, n0, _LWERi,
    0,
    [_rI, _wE, _iBVA, _m, _nT],
    [0, () => WorkflowExecutionsList, 0, 0, 0]
];
exports.ListWorkflowsRequest$ = [3, n0, _LWR,
    0,
    [_o, _fil, _bN, _mR, _nT],
    [0, () => FilterList, 2, 1, 0]
];
exports.ListWorkflowsResponse$ = [3, n0, _LWRi,
    0,
    [_wVL, _nT],
    [() => WorkflowVersionList, 0]
];
exports.ListWorkflowStepExecutionsRequest$ = [3, n0, _LWSER,
    0,
    [_wEI, _mR, _nT],
    [0, 1, 0], 1
];
exports.ListWorkflowStepExecutionsResponse$ = [3, n0, _LWSERi,
    0,
    [_rI, _ste, _wBVA, _wEI, _iBVA, _m, _nT],
    [0, () => WorkflowStepExecutionsList, 0, 0, 0, 0, 0]
];
exports.Logging$ = [3, n0, _L,
    0,
    [_sL],
    [() => exports.S3Logs$]
];
exports.OutputResources$ = [3, n0, _OR,
    0,
    [_am, _con],
    [() => AmiList, () => ContainerList]
];
exports.PackageVulnerabilityDetails$ = [3, n0, _PVD,
    0,
    [_vI, _vP, _so, _cv, _rV, _sU, _vSe, _vCA, _vUA, _rU],
    [0, () => VulnerablePackageList, 0, () => CvssScoreList, 64 | 0, 0, 0, 4, 4, 64 | 0], 1
];
exports.PipelineLoggingConfiguration$ = [3, n0, _PLC,
    0,
    [_iLGN, _pLGN],
    [0, 0]
];
exports.Placement$ = [3, n0, _P,
    0,
    [_aZ, _te, _hI, _hRGA],
    [0, 0, 0, 0]
];
exports.ProductCodeListItem$ = [3, n0, _PCLI,
    0,
    [_pCI, _pCT],
    [0, 0], 2
];
exports.PutComponentPolicyRequest$ = [3, n0, _PCPR,
    0,
    [_cA, _po],
    [0, 0], 2
];
exports.PutComponentPolicyResponse$ = [3, n0, _PCPRu,
    0,
    [_rI, _cA],
    [0, 0]
];
exports.PutContainerRecipePolicyRequest$ = [3, n0, _PCRPR,
    0,
    [_cRA, _po],
    [0, 0], 2
];
exports.PutContainerRecipePolicyResponse$ = [3, n0, _PCRPRu,
    0,
    [_rI, _cRA],
    [0, 0]
];
exports.PutImagePolicyRequest$ = [3, n0, _PIPR,
    0,
    [_iA, _po],
    [0, 0], 2
];
exports.PutImagePolicyResponse$ = [3, n0, _PIPRu,
    0,
    [_rI, _iA],
    [0, 0]
];
exports.PutImageRecipePolicyRequest$ = [3, n0, _PIRPR,
    0,
    [_iRA, _po],
    [0, 0], 2
];
exports.PutImageRecipePolicyResponse$ = [3, n0, _PIRPRu,
    0,
    [_rI, _iRA],
    [0, 0]
];
exports.RegisterImageOptions$ = [3, n0, _RIO,
    0,
    [_sBE, _uD],
    [2, 0]
];
exports.Remediation$ = [3, n0, _R,
    0,
    [_reco],
    [() => exports.RemediationRecommendation$]
];
exports.RemediationRecommendation$ = [3, n0, _RR,
    0,
    [_tex, _ur],
    [0, 0]
];
exports.ResourceState$ = [3, n0, _RS,
    0,
    [_sta],
    [0]
];
exports.ResourceStateUpdateExclusionRules$ = [3, n0, _RSUER,
    0,
    [_am],
    [() => exports.LifecyclePolicyDetailExclusionRulesAmis$]
];
exports.ResourceStateUpdateIncludeResources$ = [3, n0, _RSUIR,
    0,
    [_am, _sn, _con],
    [2, 2, 2]
];
exports.RetryImageRequest$ = [3, n0, _RIR,
    0,
    [_iBVA, _cT],
    [0, [0, 4]], 1
];
exports.RetryImageResponse$ = [3, n0, _RIRe,
    0,
    [_cT, _iBVA],
    [0, 0]
];
exports.S3ExportConfiguration$ = [3, n0, _SEC,
    0,
    [_rNo, _dIF, _sB, _sP],
    [0, 0, 0, 0], 3
];
exports.S3Logs$ = [3, n0, _SL,
    0,
    [_sBN, _sKP],
    [0, 0]
];
exports.Schedule$ = [3, n0, _S,
    0,
    [_sE, _tim, _pESC, _aDP],
    [0, 0, 0, () => exports.AutoDisablePolicy$]
];
exports.SendWorkflowStepActionRequest$ = [3, n0, _SWSAR,
    0,
    [_sEI, _iBVA, _ac, _re, _cT],
    [0, 0, 0, 0, [0, 4]], 3
];
exports.SendWorkflowStepActionResponse$ = [3, n0, _SWSARe,
    0,
    [_sEI, _iBVA, _cT],
    [0, 0, 0]
];
exports.SeverityCounts$ = [3, n0, _SC,
    0,
    [_al, _cr, _h, _med],
    [1, 1, 1, 1]
];
exports.SsmParameterConfiguration$ = [3, n0, _SPC,
    0,
    [_pNa, _aAIm, _dTa],
    [0, 0, 0], 1
];
exports.StartImagePipelineExecutionRequest$ = [3, n0, _SIPER,
    0,
    [_iPA, _cT, _ta],
    [0, [0, 4], 128 | 0], 1
];
exports.StartImagePipelineExecutionResponse$ = [3, n0, _SIPERt,
    0,
    [_rI, _cT, _iBVA],
    [0, 0, 0]
];
exports.StartResourceStateUpdateRequest$ = [3, n0, _SRSUR,
    0,
    [_rA, _st, _eR, _iRn, _eRx, _uAp, _cT],
    [0, () => exports.ResourceState$, 0, () => exports.ResourceStateUpdateIncludeResources$, () => exports.ResourceStateUpdateExclusionRules$, 4, [0, 4]], 2
];
exports.StartResourceStateUpdateResponse$ = [3, n0, _SRSURt,
    0,
    [_lEI, _rA],
    [0, 0]
];
exports.SystemsManagerAgent$ = [3, n0, _SMA,
    0,
    [_uAB],
    [2]
];
exports.TagResourceRequest$ = [3, n0, _TRR,
    0,
    [_rA, _ta],
    [[0, 1], 128 | 0], 2
];
exports.TagResourceResponse$ = [3, n0, _TRRa,
    0,
    [],
    []
];
exports.TargetContainerRepository$ = [3, n0, _TCR,
    0,
    [_ser, _rN],
    [0, 0], 2
];
exports.UntagResourceRequest$ = [3, n0, _URR,
    0,
    [_rA, _tK],
    [[0, 1], [64 | 0, { [_hQ]: _tK }]], 2
];
exports.UntagResourceResponse$ = [3, n0, _URRn,
    0,
    [],
    []
];
exports.UpdateDistributionConfigurationRequest$ = [3, n0, _UDCR,
    0,
    [_dCA, _di, _d, _cT],
    [0, () => DistributionList, 0, [0, 4]], 2
];
exports.UpdateDistributionConfigurationResponse$ = [3, n0, _UDCRp,
    0,
    [_rI, _cT, _dCA],
    [0, 0, 0]
];
exports.UpdateImagePipelineRequest$ = [3, n0, _UIPR,
    0,
    [_iPA, _iCA, _d, _iRA, _cRA, _dCA, _iTC, _eIME, _sc, _sta, _cT, _iSC, _w, _lC, _eR, _iT],
    [0, 0, 0, 0, 0, 0, () => exports.ImageTestsConfiguration$, 2, () => exports.Schedule$, 0, [0, 4], () => exports.ImageScanningConfiguration$, () => WorkflowConfigurationList, () => exports.PipelineLoggingConfiguration$, 0, 128 | 0], 2
];
exports.UpdateImagePipelineResponse$ = [3, n0, _UIPRp,
    0,
    [_rI, _cT, _iPA],
    [0, 0, 0]
];
exports.UpdateInfrastructureConfigurationRequest$ = [3, n0, _UICR,
    0,
    [_iCA, _iPN, _d, _iTn, _sGI, _sI, _l, _kP, _tIOF, _sTA, _rT, _iMO, _pl, _cT],
    [0, 0, 0, 64 | 0, 64 | 0, 0, () => exports.Logging$, 0, 2, 0, 128 | 0, () => exports.InstanceMetadataOptions$, () => exports.Placement$, [0, 4]], 2
];
exports.UpdateInfrastructureConfigurationResponse$ = [3, n0, _UICRp,
    0,
    [_rI, _cT, _iCA],
    [0, 0, 0]
];
exports.UpdateLifecyclePolicyRequest$ = [3, n0, _ULPR,
    0,
    [_lPA, _eR, _rTe, _pD, _rS, _d, _sta, _cT],
    [0, 0, 0, () => LifecyclePolicyDetails, () => exports.LifecyclePolicyResourceSelection$, 0, 0, [0, 4]], 5
];
exports.UpdateLifecyclePolicyResponse$ = [3, n0, _ULPRp,
    0,
    [_lPA],
    [0]
];
exports.VulnerabilityIdAggregation$ = [3, n0, _VIA,
    0,
    [_vI, _sC],
    [0, () => exports.SeverityCounts$]
];
exports.VulnerablePackage$ = [3, n0, _VP,
    0,
    [_n, _v, _sLH, _ep, _rel, _ar, _pM, _fP, _fIV, _rem],
    [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
];
exports.WindowsConfiguration$ = [3, n0, _WC,
    0,
    [_iIm],
    [1], 1
];
exports.Workflow$ = [3, n0, _W,
    0,
    [_a, _n, _v, _d, _cD, _t, _st, _o, _da, _kKI, _dC, _ta, _pa],
    [0, 0, 0, 0, 0, 0, () => exports.WorkflowState$, 0, 0, 0, 0, 128 | 0, () => WorkflowParameterDetailList]
];
exports.WorkflowConfiguration$ = [3, n0, _WCo,
    0,
    [_wA, _pa, _pG, _oF],
    [0, () => WorkflowParameterList, 0, 0], 1
];
exports.WorkflowExecutionMetadata$ = [3, n0, _WEM,
    0,
    [_wBVA, _wEI, _t, _sta, _m, _tSC, _tSS, _tSF, _tSSo, _sT, _eT, _pG, _ret],
    [0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 2]
];
exports.WorkflowParameter$ = [3, n0, _WP,
    0,
    [_n, _va],
    [0, 64 | 0], 2
];
exports.WorkflowParameterDetail$ = [3, n0, _WPD,
    0,
    [_n, _t, _dV, _d],
    [0, 0, 64 | 0, 0], 2
];
exports.WorkflowState$ = [3, n0, _WS,
    0,
    [_sta, _re],
    [0, 0]
];
exports.WorkflowStepExecution$ = [3, n0, _WSE,
    0,
    [_sEI, _iBVA, _wEI, _wBVA, _n, _ac, _sT],
    [0, 0, 0, 0, 0, 0, 0]
];
exports.WorkflowStepMetadata$ = [3, n0, _WSM,
    0,
    [_sEI, _n, _d, _ac, _sta, _rSo, _m, _in, _ou, _sT, _eT],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
exports.WorkflowSummary$ = [3, n0, _WSo,
    0,
    [_a, _n, _v, _d, _cD, _t, _o, _st, _dC, _ta],
    [0, 0, 0, 0, 0, 0, 0, () => exports.WorkflowState$, 0, 128 | 0]
];
exports.WorkflowVersion$ = [3, n0, _WV,
    0,
    [_a, _n, _v, _d, _t, _o, _dC],
    [0, 0, 0, 0, 0, 0, 0]
];
var AccountList = (/* unused pure expression or super */ null && (64 | 0));
var AmiList = [1, n0, _AL,
    0, () => exports.Ami$
];
var ComponentConfigurationList = [1, n0, _CCL,
    0, () => exports.ComponentConfiguration$
];
var ComponentParameterDetailList = [1, n0, _CPDL,
    0, () => exports.ComponentParameterDetail$
];
var ComponentParameterList = [1, n0, _CPL,
    0, () => exports.ComponentParameter$
];
var ComponentParameterValueList = (/* unused pure expression or super */ null && (64 | 0));
var ComponentSummaryList = [1, n0, _CSL,
    0, () => exports.ComponentSummary$
];
var ComponentVersionList = [1, n0, _CVL,
    0, () => exports.ComponentVersion$
];
var ContainerList = [1, n0, _CL,
    0, () => exports.Container$
];
var ContainerRecipeSummaryList = [1, n0, _CRSL,
    0, () => exports.ContainerRecipeSummary$
];
var CvssScoreAdjustmentList = [1, n0, _CSAL,
    0, () => exports.CvssScoreAdjustment$
];
var CvssScoreList = [1, n0, _CSLv,
    0, () => exports.CvssScore$
];
var DistributionConfigurationSummaryList = [1, n0, _DCSL,
    0, () => exports.DistributionConfigurationSummary$
];
var DistributionList = [1, n0, _DL,
    0, () => exports.Distribution$
];
var FastLaunchConfigurationList = [1, n0, _FLCL,
    0, () => exports.FastLaunchConfiguration$
];
var FilterList = [1, n0, _FL,
    0, () => exports.Filter$
];
var FilterValues = (/* unused pure expression or super */ null && (64 | 0));
var ImagePackageList = [1, n0, _IPL,
    0, () => exports.ImagePackage$
];
var ImagePipelineList = [1, n0, _IPLm,
    0, () => exports.ImagePipeline$
];
var ImageRecipeSummaryList = [1, n0, _IRSL,
    0, () => exports.ImageRecipeSummary$
];
var ImageScanFindingAggregationsList = [1, n0, _ISFAL,
    0, () => exports.ImageScanFindingAggregation$
];
var ImageScanFindingsFilterList = [1, n0, _ISFFL,
    0, () => exports.ImageScanFindingsFilter$
];
var ImageScanFindingsFilterValues = (/* unused pure expression or super */ null && (64 | 0));
var ImageScanFindingsList = [1, n0, _ISFL,
    0, () => exports.ImageScanFinding$
];
var ImageSummaryList = [1, n0, _ISL,
    0, () => exports.ImageSummary$
];
var ImageVersionList = [1, n0, _IVL,
    0, () => exports.ImageVersion$
];
var InfrastructureConfigurationSummaryList = [1, n0, _ICSL,
    0, () => exports.InfrastructureConfigurationSummary$
];
var InstanceBlockDeviceMappings = [1, n0, _IBDMn,
    0, () => exports.InstanceBlockDeviceMapping$
];
var InstanceTypeList = (/* unused pure expression or super */ null && (64 | 0));
var LaunchTemplateConfigurationList = [1, n0, _LTCL,
    0, () => exports.LaunchTemplateConfiguration$
];
var LicenseConfigurationArnList = (/* unused pure expression or super */ null && (64 | 0));
var LifecycleExecutionResourceList = [1, n0, _LERL,
    0, () => exports.LifecycleExecutionResource$
];
var LifecycleExecutionsList = [1, n0, _LEL,
    0, () => exports.LifecycleExecution$
];
var LifecycleExecutionSnapshotResourceList = [1, n0, _LESRL,
    0, () => exports.LifecycleExecutionSnapshotResource$
];
var LifecyclePolicyDetails = [1, n0, _LPDi,
    0, () => exports.LifecyclePolicyDetail$
];
var LifecyclePolicyResourceSelectionRecipes = [1, n0, _LPRSRi,
    0, () => exports.LifecyclePolicyResourceSelectionRecipe$
];
var LifecyclePolicySummaryList = [1, n0, _LPSL,
    0, () => exports.LifecyclePolicySummary$
];
var NonEmptyStringList = (/* unused pure expression or super */ null && (64 | 0));
var OrganizationalUnitArnList = (/* unused pure expression or super */ null && (64 | 0));
var OrganizationArnList = (/* unused pure expression or super */ null && (64 | 0));
var OsVersionList = (/* unused pure expression or super */ null && (64 | 0));
var ProductCodeList = [1, n0, _PCL,
    0, () => exports.ProductCodeListItem$
];
var RegionList = (/* unused pure expression or super */ null && (64 | 0));
var SecurityGroupIds = (/* unused pure expression or super */ null && (64 | 0));
var SsmParameterConfigurationList = [1, n0, _SPCL,
    0, () => exports.SsmParameterConfiguration$
];
var StringList = (/* unused pure expression or super */ null && (64 | 0));
var TagKeyList = (/* unused pure expression or super */ null && (64 | 0));
var VulnerabilityIdList = (/* unused pure expression or super */ null && (64 | 0));
var VulnerablePackageList = [1, n0, _VPL,
    0, () => exports.VulnerablePackage$
];
var WorkflowConfigurationList = [1, n0, _WCL,
    0, () => exports.WorkflowConfiguration$
];
var WorkflowExecutionsList = [1, n0, _WEL,
    0, () => exports.WorkflowExecutionMetadata$
];
var WorkflowParameterDetailList = [1, n0, _WPDL,
    0, () => exports.WorkflowParameterDetail$
];
var WorkflowParameterList = [1, n0, _WPL,
    0, () => exports.WorkflowParameter$
];
var WorkflowParameterValueList = (/* unused pure expression or super */ null && (64 | 0));
var WorkflowStepExecutionList = [1, n0, _WSEL,
    0, () => exports.WorkflowStepExecution$
];
var WorkflowStepExecutionsList = [1, n0, _WSELo,
    0, () => exports.WorkflowStepMetadata$
];
var WorkflowSummaryList = [1, n0, _WSL,
    0, () => exports.WorkflowSummary$
];
var WorkflowVersionList = [1, n0, _WVL,
    0, () => exports.WorkflowVersion$
];
var ResourceTagMap = (/* unused pure expression or super */ null && (128 | 0));
var TagMap = (/* unused pure expression or super */ null && (128 | 0));
exports.CancelImageCreation$ = [9, n0, _CIC,
    { [_ht]: ["PUT", "/CancelImageCreation", 200] }, () => exports.CancelImageCreationRequest$, () => exports.CancelImageCreationResponse$
];
exports.CancelLifecycleExecution$ = [9, n0, _CLE,
    { [_ht]: ["PUT", "/CancelLifecycleExecution", 200] }, () => exports.CancelLifecycleExecutionRequest$, () => exports.CancelLifecycleExecutionResponse$
];
exports.CreateComponent$ = [9, n0, _CCr,
    { [_ht]: ["PUT", "/CreateComponent", 200] }, () => exports.CreateComponentRequest$, () => exports.CreateComponentResponse$
];
exports.CreateContainerRecipe$ = [9, n0, _CCRre,
    { [_ht]: ["PUT", "/CreateContainerRecipe", 200] }, () => exports.CreateContainerRecipeRequest$, () => exports.CreateContainerRecipeResponse$
];
exports.CreateDistributionConfiguration$ = [9, n0, _CDCr,
    { [_ht]: ["PUT", "/CreateDistributionConfiguration", 200] }, () => exports.CreateDistributionConfigurationRequest$, () => exports.CreateDistributionConfigurationResponse$
];
exports.CreateImage$ = [9, n0, _CI,
    { [_ht]: ["PUT", "/CreateImage", 200] }, () => exports.CreateImageRequest$, () => exports.CreateImageResponse$
];
exports.CreateImagePipeline$ = [9, n0, _CIP,
    { [_ht]: ["PUT", "/CreateImagePipeline", 200] }, () => exports.CreateImagePipelineRequest$, () => exports.CreateImagePipelineResponse$
];
exports.CreateImageRecipe$ = [9, n0, _CIRre,
    { [_ht]: ["PUT", "/CreateImageRecipe", 200] }, () => exports.CreateImageRecipeRequest$, () => exports.CreateImageRecipeResponse$
];
exports.CreateInfrastructureConfiguration$ = [9, n0, _CICr,
    { [_ht]: ["PUT", "/CreateInfrastructureConfiguration", 200] }, () => exports.CreateInfrastructureConfigurationRequest$, () => exports.CreateInfrastructureConfigurationResponse$
];
exports.CreateLifecyclePolicy$ = [9, n0, _CLP,
    { [_ht]: ["PUT", "/CreateLifecyclePolicy", 200] }, () => exports.CreateLifecyclePolicyRequest$, () => exports.CreateLifecyclePolicyResponse$
];
exports.CreateWorkflow$ = [9, n0, _CW,
    { [_ht]: ["PUT", "/CreateWorkflow", 200] }, () => exports.CreateWorkflowRequest$, () => exports.CreateWorkflowResponse$
];
exports.DeleteComponent$ = [9, n0, _DCe,
    { [_ht]: ["DELETE", "/DeleteComponent", 200] }, () => exports.DeleteComponentRequest$, () => exports.DeleteComponentResponse$
];
exports.DeleteContainerRecipe$ = [9, n0, _DCRel,
    { [_ht]: ["DELETE", "/DeleteContainerRecipe", 200] }, () => exports.DeleteContainerRecipeRequest$, () => exports.DeleteContainerRecipeResponse$
];
exports.DeleteDistributionConfiguration$ = [9, n0, _DDC,
    { [_ht]: ["DELETE", "/DeleteDistributionConfiguration", 200] }, () => exports.DeleteDistributionConfigurationRequest$, () => exports.DeleteDistributionConfigurationResponse$
];
exports.DeleteImage$ = [9, n0, _DI,
    { [_ht]: ["DELETE", "/DeleteImage", 200] }, () => exports.DeleteImageRequest$, () => exports.DeleteImageResponse$
];
exports.DeleteImagePipeline$ = [9, n0, _DIP,
    { [_ht]: ["DELETE", "/DeleteImagePipeline", 200] }, () => exports.DeleteImagePipelineRequest$, () => exports.DeleteImagePipelineResponse$
];
exports.DeleteImageRecipe$ = [9, n0, _DIRel,
    { [_ht]: ["DELETE", "/DeleteImageRecipe", 200] }, () => exports.DeleteImageRecipeRequest$, () => exports.DeleteImageRecipeResponse$
];
exports.DeleteInfrastructureConfiguration$ = [9, n0, _DIC,
    { [_ht]: ["DELETE", "/DeleteInfrastructureConfiguration", 200] }, () => exports.DeleteInfrastructureConfigurationRequest$, () => exports.DeleteInfrastructureConfigurationResponse$
];
exports.DeleteLifecyclePolicy$ = [9, n0, _DLP,
    { [_ht]: ["DELETE", "/DeleteLifecyclePolicy", 200] }, () => exports.DeleteLifecyclePolicyRequest$, () => exports.DeleteLifecyclePolicyResponse$
];
exports.DeleteWorkflow$ = [9, n0, _DW,
    { [_ht]: ["DELETE", "/DeleteWorkflow", 200] }, () => exports.DeleteWorkflowRequest$, () => exports.DeleteWorkflowResponse$
];
exports.DistributeImage$ = [9, n0, _DIi,
    { [_ht]: ["PUT", "/DistributeImage", 200] }, () => exports.DistributeImageRequest$, () => exports.DistributeImageResponse$
];
exports.GetComponent$ = [9, n0, _GC,
    { [_ht]: ["GET", "/GetComponent", 200] }, () => exports.GetComponentRequest$, () => exports.GetComponentResponse$
];
exports.GetComponentPolicy$ = [9, n0, _GCP,
    { [_ht]: ["GET", "/GetComponentPolicy", 200] }, () => exports.GetComponentPolicyRequest$, () => exports.GetComponentPolicyResponse$
];
exports.GetContainerRecipe$ = [9, n0, _GCRet,
    { [_ht]: ["GET", "/GetContainerRecipe", 200] }, () => exports.GetContainerRecipeRequest$, () => exports.GetContainerRecipeResponse$
];
exports.GetContainerRecipePolicy$ = [9, n0, _GCRP,
    { [_ht]: ["GET", "/GetContainerRecipePolicy", 200] }, () => exports.GetContainerRecipePolicyRequest$, () => exports.GetContainerRecipePolicyResponse$
];
exports.GetDistributionConfiguration$ = [9, n0, _GDC,
    { [_ht]: ["GET", "/GetDistributionConfiguration", 200] }, () => exports.GetDistributionConfigurationRequest$, () => exports.GetDistributionConfigurationResponse$
];
exports.GetImage$ = [9, n0, _GI,
    { [_ht]: ["GET", "/GetImage", 200] }, () => exports.GetImageRequest$, () => exports.GetImageResponse$
];
exports.GetImagePipeline$ = [9, n0, _GIP,
    { [_ht]: ["GET", "/GetImagePipeline", 200] }, () => exports.GetImagePipelineRequest$, () => exports.GetImagePipelineResponse$
];
exports.GetImagePolicy$ = [9, n0, _GIPe,
    { [_ht]: ["GET", "/GetImagePolicy", 200] }, () => exports.GetImagePolicyRequest$, () => exports.GetImagePolicyResponse$
];
exports.GetImageRecipe$ = [9, n0, _GIRet,
    { [_ht]: ["GET", "/GetImageRecipe", 200] }, () => exports.GetImageRecipeRequest$, () => exports.GetImageRecipeResponse$
];
exports.GetImageRecipePolicy$ = [9, n0, _GIRP,
    { [_ht]: ["GET", "/GetImageRecipePolicy", 200] }, () => exports.GetImageRecipePolicyRequest$, () => exports.GetImageRecipePolicyResponse$
];
exports.GetInfrastructureConfiguration$ = [9, n0, _GIC,
    { [_ht]: ["GET", "/GetInfrastructureConfiguration", 200] }, () => exports.GetInfrastructureConfigurationRequest$, () => exports.GetInfrastructureConfigurationResponse$
];
exports.GetLifecycleExecution$ = [9, n0, _GLE,
    { [_ht]: ["GET", "/GetLifecycleExecution", 200] }, () => exports.GetLifecycleExecutionRequest$, () => exports.GetLifecycleExecutionResponse$
];
exports.GetLifecyclePolicy$ = [9, n0, _GLP,
    { [_ht]: ["GET", "/GetLifecyclePolicy", 200] }, () => exports.GetLifecyclePolicyRequest$, () => exports.GetLifecyclePolicyResponse$
];
exports.GetMarketplaceResource$ = [9, n0, _GMR,
    { [_ht]: ["POST", "/GetMarketplaceResource", 200] }, () => exports.GetMarketplaceResourceRequest$, () => exports.GetMarketplaceResourceResponse$
];
exports.GetWorkflow$ = [9, n0, _GW,
    { [_ht]: ["GET", "/GetWorkflow", 200] }, () => exports.GetWorkflowRequest$, () => exports.GetWorkflowResponse$
];
exports.GetWorkflowExecution$ = [9, n0, _GWE,
    { [_ht]: ["GET", "/GetWorkflowExecution", 200] }, () => exports.GetWorkflowExecutionRequest$, () => exports.GetWorkflowExecutionResponse$
];
exports.GetWorkflowStepExecution$ = [9, n0, _GWSE,
    { [_ht]: ["GET", "/GetWorkflowStepExecution", 200] }, () => exports.GetWorkflowStepExecutionRequest$, () => exports.GetWorkflowStepExecutionResponse$
];
exports.ImportComponent$ = [9, n0, _ICm,
    { [_ht]: ["PUT", "/ImportComponent", 200] }, () => exports.ImportComponentRequest$, () => exports.ImportComponentResponse$
];
exports.ImportDiskImage$ = [9, n0, _IDI,
    { [_ht]: ["PUT", "/ImportDiskImage", 200] }, () => exports.ImportDiskImageRequest$, () => exports.ImportDiskImageResponse$
];
exports.ImportVmImage$ = [9, n0, _IVI,
    { [_ht]: ["PUT", "/ImportVmImage", 200] }, () => exports.ImportVmImageRequest$, () => exports.ImportVmImageResponse$
];
exports.ListComponentBuildVersions$ = [9, n0, _LCBV,
    { [_ht]: ["POST", "/ListComponentBuildVersions", 200] }, () => exports.ListComponentBuildVersionsRequest$, () => exports.ListComponentBuildVersionsResponse$
];
exports.ListComponents$ = [9, n0, _LC,
    { [_ht]: ["POST", "/ListComponents", 200] }, () => exports.ListComponentsRequest$, () => exports.ListComponentsResponse$
];
exports.ListContainerRecipes$ = [9, n0, _LCRis,
    { [_ht]: ["POST", "/ListContainerRecipes", 200] }, () => exports.ListContainerRecipesRequest$, () => exports.ListContainerRecipesResponse$
];
exports.ListDistributionConfigurations$ = [9, n0, _LDC,
    { [_ht]: ["POST", "/ListDistributionConfigurations", 200] }, () => exports.ListDistributionConfigurationsRequest$, () => exports.ListDistributionConfigurationsResponse$
];
exports.ListImageBuildVersions$ = [9, n0, _LIBV,
    { [_ht]: ["POST", "/ListImageBuildVersions", 200] }, () => exports.ListImageBuildVersionsRequest$, () => exports.ListImageBuildVersionsResponse$
];
exports.ListImagePackages$ = [9, n0, _LIP,
    { [_ht]: ["POST", "/ListImagePackages", 200] }, () => exports.ListImagePackagesRequest$, () => exports.ListImagePackagesResponse$
];
exports.ListImagePipelineImages$ = [9, n0, _LIPI,
    { [_ht]: ["POST", "/ListImagePipelineImages", 200] }, () => exports.ListImagePipelineImagesRequest$, () => exports.ListImagePipelineImagesResponse$
];
exports.ListImagePipelines$ = [9, n0, _LIPi,
    { [_ht]: ["POST", "/ListImagePipelines", 200] }, () => exports.ListImagePipelinesRequest$, () => exports.ListImagePipelinesResponse$
];
exports.ListImageRecipes$ = [9, n0, _LIRis,
    { [_ht]: ["POST", "/ListImageRecipes", 200] }, () => exports.ListImageRecipesRequest$, () => exports.ListImageRecipesResponse$
];
exports.ListImages$ = [9, n0, _LI,
    { [_ht]: ["POST", "/ListImages", 200] }, () => exports.ListImagesRequest$, () => exports.ListImagesResponse$
];
exports.ListImageScanFindingAggregations$ = [9, n0, _LISFA,
    { [_ht]: ["POST", "/ListImageScanFindingAggregations", 200] }, () => exports.ListImageScanFindingAggregationsRequest$, () => exports.ListImageScanFindingAggregationsResponse$
];
exports.ListImageScanFindings$ = [9, n0, _LISF,
    { [_ht]: ["POST", "/ListImageScanFindings", 200] }, () => exports.ListImageScanFindingsRequest$, () => exports.ListImageScanFindingsResponse$
];
exports.ListInfrastructureConfigurations$ = [9, n0, _LIC,
    { [_ht]: ["POST", "/ListInfrastructureConfigurations", 200] }, () => exports.ListInfrastructureConfigurationsRequest$, () => exports.ListInfrastructureConfigurationsResponse$
];
exports.ListLifecycleExecutionResources$ = [9, n0, _LLERis,
    { [_ht]: ["POST", "/ListLifecycleExecutionResources", 200] }, () => exports.ListLifecycleExecutionResourcesRequest$, () => exports.ListLifecycleExecutionResourcesResponse$
];
exports.ListLifecycleExecutions$ = [9, n0, _LLE,
    { [_ht]: ["POST", "/ListLifecycleExecutions", 200] }, () => exports.ListLifecycleExecutionsRequest$, () => exports.ListLifecycleExecutionsResponse$
];
exports.ListLifecyclePolicies$ = [9, n0, _LLP,
    { [_ht]: ["POST", "/ListLifecyclePolicies", 200] }, () => exports.ListLifecyclePoliciesRequest$, () => exports.ListLifecyclePoliciesResponse$
];
exports.ListTagsForResource$ = [9, n0, _LTFR,
    { [_ht]: ["GET", "/tags/{resourceArn}", 200] }, () => exports.ListTagsForResourceRequest$, () => exports.ListTagsForResourceResponse$
];
exports.ListWaitingWorkflowSteps$ = [9, n0, _LWWS,
    { [_ht]: ["POST", "/ListWaitingWorkflowSteps", 200] }, () => exports.ListWaitingWorkflowStepsRequest$, () => exports.ListWaitingWorkflowStepsResponse$
];
exports.ListWorkflowBuildVersions$ = [9, n0, _LWBV,
    { [_ht]: ["POST", "/ListWorkflowBuildVersions", 200] }, () => exports.ListWorkflowBuildVersionsRequest$, () => exports.ListWorkflowBuildVersionsResponse$
];
exports.ListWorkflowExecutions$ = [9, n0, _LWE,
    { [_ht]: ["POST", "/ListWorkflowExecutions", 200] }, () => exports.ListWorkflowExecutionsRequest$, () => exports.ListWorkflowExecutionsResponse$
];
exports.ListWorkflows$ = [9, n0, _LW,
    { [_ht]: ["POST", "/ListWorkflows", 200] }, () => exports.ListWorkflowsRequest$, () => exports.ListWorkflowsResponse$
];
exports.ListWorkflowStepExecutions$ = [9, n0, _LWSE,
    { [_ht]: ["POST", "/ListWorkflowStepExecutions", 200] }, () => exports.ListWorkflowStepExecutionsRequest$, () => exports.ListWorkflowStepExecutionsResponse$
];
exports.PutComponentPolicy$ = [9, n0, _PCP,
    { [_ht]: ["PUT", "/PutComponentPolicy", 200] }, () => exports.PutComponentPolicyRequest$, () => exports.PutComponentPolicyResponse$
];
exports.PutContainerRecipePolicy$ = [9, n0, _PCRP,
    { [_ht]: ["PUT", "/PutContainerRecipePolicy", 200] }, () => exports.PutContainerRecipePolicyRequest$, () => exports.PutContainerRecipePolicyResponse$
];
exports.PutImagePolicy$ = [9, n0, _PIP,
    { [_ht]: ["PUT", "/PutImagePolicy", 200] }, () => exports.PutImagePolicyRequest$, () => exports.PutImagePolicyResponse$
];
exports.PutImageRecipePolicy$ = [9, n0, _PIRP,
    { [_ht]: ["PUT", "/PutImageRecipePolicy", 200] }, () => exports.PutImageRecipePolicyRequest$, () => exports.PutImageRecipePolicyResponse$
];
exports.RetryImage$ = [9, n0, _RI,
    { [_ht]: ["PUT", "/RetryImage", 200] }, () => exports.RetryImageRequest$, () => exports.RetryImageResponse$
];
exports.SendWorkflowStepAction$ = [9, n0, _SWSA,
    { [_ht]: ["PUT", "/SendWorkflowStepAction", 200] }, () => exports.SendWorkflowStepActionRequest$, () => exports.SendWorkflowStepActionResponse$
];
exports.StartImagePipelineExecution$ = [9, n0, _SIPE,
    { [_ht]: ["PUT", "/StartImagePipelineExecution", 200] }, () => exports.StartImagePipelineExecutionRequest$, () => exports.StartImagePipelineExecutionResponse$
];
exports.StartResourceStateUpdate$ = [9, n0, _SRSU,
    { [_ht]: ["PUT", "/StartResourceStateUpdate", 200] }, () => exports.StartResourceStateUpdateRequest$, () => exports.StartResourceStateUpdateResponse$
];
exports.TagResource$ = [9, n0, _TR,
    { [_ht]: ["POST", "/tags/{resourceArn}", 200] }, () => exports.TagResourceRequest$, () => exports.TagResourceResponse$
];
exports.UntagResource$ = [9, n0, _UR,
    { [_ht]: ["DELETE", "/tags/{resourceArn}", 200] }, () => exports.UntagResourceRequest$, () => exports.UntagResourceResponse$
];
exports.UpdateDistributionConfiguration$ = [9, n0, _UDC,
    { [_ht]: ["PUT", "/UpdateDistributionConfiguration", 200] }, () => exports.UpdateDistributionConfigurationRequest$, () => exports.UpdateDistributionConfigurationResponse$
];
exports.UpdateImagePipeline$ = [9, n0, _UIP,
    { [_ht]: ["PUT", "/UpdateImagePipeline", 200] }, () => exports.UpdateImagePipelineRequest$, () => exports.UpdateImagePipelineResponse$
];
exports.UpdateInfrastructureConfiguration$ = [9, n0, _UIC,
    { [_ht]: ["PUT", "/UpdateInfrastructureConfiguration", 200] }, () => exports.UpdateInfrastructureConfigurationRequest$, () => exports.UpdateInfrastructureConfigurationResponse$
];
exports.UpdateLifecyclePolicy$ = [9, n0, _ULP,
    { [_ht]: ["PUT", "/UpdateLifecyclePolicy", 200] }, () => exports.UpdateLifecyclePolicyRequest$, () => exports.UpdateLifecyclePolicyResponse$
];


/***/ }),

/***/ 34736:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;
const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, getDefaultSocketTimeout, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(5152);
const { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = __webpack_require__(90402);
const { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createWaiter, checkExceptions, WaiterState, createAggregatedClient } = __webpack_require__(92658);
const { Command: $Command } = __webpack_require__(92658);
__webpack_unused_export__ = $Command;
__webpack_unused_export__ = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(47291);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(62085);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(93422);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(23609);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(26890);
const { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(97523);
const { defaultProvider } = __webpack_require__(5861);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(92430);
const { streamCollector, NodeHttpHandler } = __webpack_require__(61279);
const { AwsJson1_1Protocol } = __webpack_require__(37288);
const { Sha256 } = __webpack_require__(99542);

const defaultSSMHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "ssm",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const defaultSSMHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
    }
    return options;
};
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = resolveAwsSdkSigV4Config(config);
    return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "ssm",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1168.0";
var packageInfo = {
	version: version};

const k = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = { [k]: "Endpoint" }, h = { [k]: d }, i = {}, j = [{ [k]: "Region" }];
const _data = {
    conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]],
        ["stringEquals", [{ fn: f, argv: [h, "name"] }, "aws-us-gov"]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://ssm-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://ssm.{Region}.amazonaws.com", i],
        ["https://ssm-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://ssm.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://ssm.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 13, 3,
    1, 4, r + 12,
    2, 5, r + 12,
    3, 8, 6,
    4, 7, r + 11,
    5, r + 9, r + 10,
    4, 11, 9,
    6, 10, r + 8,
    7, r + 6, r + 7,
    5, 12, r + 5,
    6, r + 4, r + 5,
    3, r + 1, 14,
    4, r + 2, r + 3,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

class SSMServiceException extends ServiceException {
    static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.ssm#SSMServiceException";
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, SSMServiceException.prototype);
    }
}

class AccessDeniedException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AccessDeniedException";
    name = "AccessDeniedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AccessDeniedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccessDeniedException.prototype);
        this.Message = opts.Message;
    }
}
class InternalServerError extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InternalServerError";
    name = "InternalServerError";
    $fault = "server";
    Message;
    constructor(opts) {
        super({
            name: "InternalServerError",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, InternalServerError.prototype);
        this.Message = opts.Message;
    }
}
class InvalidResourceId extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidResourceId";
    name = "InvalidResourceId";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidResourceId",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidResourceId.prototype);
    }
}
class InvalidResourceType extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidResourceType";
    name = "InvalidResourceType";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidResourceType",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidResourceType.prototype);
    }
}
class TooManyTagsError extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#TooManyTagsError";
    name = "TooManyTagsError";
    $fault = "client";
    constructor(opts) {
        super({
            name: "TooManyTagsError",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyTagsError.prototype);
    }
}
class TooManyUpdates extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#TooManyUpdates";
    name = "TooManyUpdates";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyUpdates",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyUpdates.prototype);
        this.Message = opts.Message;
    }
}
class AlreadyExistsException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AlreadyExistsException";
    name = "AlreadyExistsException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AlreadyExistsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AlreadyExistsException.prototype);
        this.Message = opts.Message;
    }
}
class OpsItemConflictException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemConflictException";
    name = "OpsItemConflictException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OpsItemConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemConflictException.prototype);
        this.Message = opts.Message;
    }
}
class OpsItemInvalidParameterException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemInvalidParameterException";
    name = "OpsItemInvalidParameterException";
    $fault = "client";
    ParameterNames;
    Message;
    constructor(opts) {
        super({
            name: "OpsItemInvalidParameterException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemInvalidParameterException.prototype);
        this.ParameterNames = opts.ParameterNames;
        this.Message = opts.Message;
    }
}
class OpsItemLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemLimitExceededException";
    name = "OpsItemLimitExceededException";
    $fault = "client";
    ResourceTypes;
    Limit;
    LimitType;
    Message;
    constructor(opts) {
        super({
            name: "OpsItemLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemLimitExceededException.prototype);
        this.ResourceTypes = opts.ResourceTypes;
        this.Limit = opts.Limit;
        this.LimitType = opts.LimitType;
        this.Message = opts.Message;
    }
}
class OpsItemNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemNotFoundException";
    name = "OpsItemNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OpsItemNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class OpsItemRelatedItemAlreadyExistsException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemRelatedItemAlreadyExistsException";
    name = "OpsItemRelatedItemAlreadyExistsException";
    $fault = "client";
    Message;
    ResourceUri;
    OpsItemId;
    constructor(opts) {
        super({
            name: "OpsItemRelatedItemAlreadyExistsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemRelatedItemAlreadyExistsException.prototype);
        this.Message = opts.Message;
        this.ResourceUri = opts.ResourceUri;
        this.OpsItemId = opts.OpsItemId;
    }
}
class DuplicateInstanceId extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DuplicateInstanceId";
    name = "DuplicateInstanceId";
    $fault = "client";
    constructor(opts) {
        super({
            name: "DuplicateInstanceId",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateInstanceId.prototype);
    }
}
class InvalidCommandId extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidCommandId";
    name = "InvalidCommandId";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidCommandId",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidCommandId.prototype);
    }
}
class InvalidInstanceId extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidInstanceId";
    name = "InvalidInstanceId";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidInstanceId",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidInstanceId.prototype);
        this.Message = opts.Message;
    }
}
class DoesNotExistException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DoesNotExistException";
    name = "DoesNotExistException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DoesNotExistException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DoesNotExistException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidParameters extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidParameters";
    name = "InvalidParameters";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidParameters",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidParameters.prototype);
        this.Message = opts.Message;
    }
}
class AssociationAlreadyExists extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AssociationAlreadyExists";
    name = "AssociationAlreadyExists";
    $fault = "client";
    constructor(opts) {
        super({
            name: "AssociationAlreadyExists",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AssociationAlreadyExists.prototype);
    }
}
class AssociationLimitExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AssociationLimitExceeded";
    name = "AssociationLimitExceeded";
    $fault = "client";
    constructor(opts) {
        super({
            name: "AssociationLimitExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AssociationLimitExceeded.prototype);
    }
}
class InvalidDocument extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDocument";
    name = "InvalidDocument";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDocument",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDocument.prototype);
        this.Message = opts.Message;
    }
}
class InvalidDocumentVersion extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDocumentVersion";
    name = "InvalidDocumentVersion";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDocumentVersion",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDocumentVersion.prototype);
        this.Message = opts.Message;
    }
}
class InvalidOutputLocation extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidOutputLocation";
    name = "InvalidOutputLocation";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidOutputLocation",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidOutputLocation.prototype);
    }
}
class InvalidSchedule extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidSchedule";
    name = "InvalidSchedule";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidSchedule",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidSchedule.prototype);
        this.Message = opts.Message;
    }
}
class InvalidTag extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidTag";
    name = "InvalidTag";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidTag",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidTag.prototype);
        this.Message = opts.Message;
    }
}
class InvalidTarget extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidTarget";
    name = "InvalidTarget";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidTarget",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidTarget.prototype);
        this.Message = opts.Message;
    }
}
class InvalidTargetMaps extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidTargetMaps";
    name = "InvalidTargetMaps";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidTargetMaps",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidTargetMaps.prototype);
        this.Message = opts.Message;
    }
}
class UnsupportedPlatformType extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedPlatformType";
    name = "UnsupportedPlatformType";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedPlatformType",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedPlatformType.prototype);
        this.Message = opts.Message;
    }
}
class ConflictException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ConflictException";
    name = "ConflictException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConflictException.prototype);
        this.Message = opts.Message;
    }
}
class ServiceQuotaExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ServiceQuotaExceededException";
    name = "ServiceQuotaExceededException";
    $fault = "client";
    Message;
    ResourceId;
    ResourceType;
    QuotaCode;
    ServiceCode;
    constructor(opts) {
        super({
            name: "ServiceQuotaExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceQuotaExceededException.prototype);
        this.Message = opts.Message;
        this.ResourceId = opts.ResourceId;
        this.ResourceType = opts.ResourceType;
        this.QuotaCode = opts.QuotaCode;
        this.ServiceCode = opts.ServiceCode;
    }
}
class DocumentAlreadyExists extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DocumentAlreadyExists";
    name = "DocumentAlreadyExists";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DocumentAlreadyExists",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DocumentAlreadyExists.prototype);
        this.Message = opts.Message;
    }
}
class DocumentLimitExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DocumentLimitExceeded";
    name = "DocumentLimitExceeded";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DocumentLimitExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DocumentLimitExceeded.prototype);
        this.Message = opts.Message;
    }
}
class InvalidDocumentContent extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDocumentContent";
    name = "InvalidDocumentContent";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDocumentContent",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDocumentContent.prototype);
        this.Message = opts.Message;
    }
}
class InvalidDocumentSchemaVersion extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDocumentSchemaVersion";
    name = "InvalidDocumentSchemaVersion";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDocumentSchemaVersion",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDocumentSchemaVersion.prototype);
        this.Message = opts.Message;
    }
}
class MaxDocumentSizeExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#MaxDocumentSizeExceeded";
    name = "MaxDocumentSizeExceeded";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "MaxDocumentSizeExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, MaxDocumentSizeExceeded.prototype);
        this.Message = opts.Message;
    }
}
class NoLongerSupportedException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#NoLongerSupportedException";
    name = "NoLongerSupportedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "NoLongerSupportedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, NoLongerSupportedException.prototype);
        this.Message = opts.Message;
    }
}
class IdempotentParameterMismatch extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#IdempotentParameterMismatch";
    name = "IdempotentParameterMismatch";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "IdempotentParameterMismatch",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, IdempotentParameterMismatch.prototype);
        this.Message = opts.Message;
    }
}
class ResourceLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceLimitExceededException";
    name = "ResourceLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class OpsItemAccessDeniedException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemAccessDeniedException";
    name = "OpsItemAccessDeniedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OpsItemAccessDeniedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemAccessDeniedException.prototype);
        this.Message = opts.Message;
    }
}
class OpsItemAlreadyExistsException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemAlreadyExistsException";
    name = "OpsItemAlreadyExistsException";
    $fault = "client";
    Message;
    OpsItemId;
    constructor(opts) {
        super({
            name: "OpsItemAlreadyExistsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemAlreadyExistsException.prototype);
        this.Message = opts.Message;
        this.OpsItemId = opts.OpsItemId;
    }
}
class OpsMetadataAlreadyExistsException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsMetadataAlreadyExistsException";
    name = "OpsMetadataAlreadyExistsException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "OpsMetadataAlreadyExistsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsMetadataAlreadyExistsException.prototype);
    }
}
class OpsMetadataInvalidArgumentException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsMetadataInvalidArgumentException";
    name = "OpsMetadataInvalidArgumentException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "OpsMetadataInvalidArgumentException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsMetadataInvalidArgumentException.prototype);
    }
}
class OpsMetadataLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsMetadataLimitExceededException";
    name = "OpsMetadataLimitExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "OpsMetadataLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsMetadataLimitExceededException.prototype);
    }
}
class OpsMetadataTooManyUpdatesException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsMetadataTooManyUpdatesException";
    name = "OpsMetadataTooManyUpdatesException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "OpsMetadataTooManyUpdatesException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsMetadataTooManyUpdatesException.prototype);
    }
}
class ResourceDataSyncAlreadyExistsException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceDataSyncAlreadyExistsException";
    name = "ResourceDataSyncAlreadyExistsException";
    $fault = "client";
    SyncName;
    constructor(opts) {
        super({
            name: "ResourceDataSyncAlreadyExistsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceDataSyncAlreadyExistsException.prototype);
        this.SyncName = opts.SyncName;
    }
}
class ResourceDataSyncCountExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceDataSyncCountExceededException";
    name = "ResourceDataSyncCountExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceDataSyncCountExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceDataSyncCountExceededException.prototype);
        this.Message = opts.Message;
    }
}
class ResourceDataSyncInvalidConfigurationException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceDataSyncInvalidConfigurationException";
    name = "ResourceDataSyncInvalidConfigurationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceDataSyncInvalidConfigurationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceDataSyncInvalidConfigurationException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidActivation extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidActivation";
    name = "InvalidActivation";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidActivation",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidActivation.prototype);
        this.Message = opts.Message;
    }
}
class InvalidActivationId extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidActivationId";
    name = "InvalidActivationId";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidActivationId",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidActivationId.prototype);
        this.Message = opts.Message;
    }
}
class AssociationDoesNotExist extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AssociationDoesNotExist";
    name = "AssociationDoesNotExist";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AssociationDoesNotExist",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AssociationDoesNotExist.prototype);
        this.Message = opts.Message;
    }
}
class ResourceNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceNotFoundException";
    name = "ResourceNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class AssociatedInstances extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AssociatedInstances";
    name = "AssociatedInstances";
    $fault = "client";
    constructor(opts) {
        super({
            name: "AssociatedInstances",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AssociatedInstances.prototype);
    }
}
class InvalidDocumentOperation extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDocumentOperation";
    name = "InvalidDocumentOperation";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDocumentOperation",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDocumentOperation.prototype);
        this.Message = opts.Message;
    }
}
class InvalidDeleteInventoryParametersException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDeleteInventoryParametersException";
    name = "InvalidDeleteInventoryParametersException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDeleteInventoryParametersException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDeleteInventoryParametersException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidInventoryRequestException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidInventoryRequestException";
    name = "InvalidInventoryRequestException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidInventoryRequestException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidInventoryRequestException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidOptionException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidOptionException";
    name = "InvalidOptionException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidOptionException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidOptionException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidTypeNameException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidTypeNameException";
    name = "InvalidTypeNameException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidTypeNameException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidTypeNameException.prototype);
        this.Message = opts.Message;
    }
}
class OpsMetadataNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsMetadataNotFoundException";
    name = "OpsMetadataNotFoundException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "OpsMetadataNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsMetadataNotFoundException.prototype);
    }
}
class ParameterNotFound extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ParameterNotFound";
    name = "ParameterNotFound";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ParameterNotFound",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParameterNotFound.prototype);
    }
}
class ResourceInUseException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceInUseException";
    name = "ResourceInUseException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceInUseException.prototype);
        this.Message = opts.Message;
    }
}
class ResourceDataSyncNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceDataSyncNotFoundException";
    name = "ResourceDataSyncNotFoundException";
    $fault = "client";
    SyncName;
    SyncType;
    Message;
    constructor(opts) {
        super({
            name: "ResourceDataSyncNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceDataSyncNotFoundException.prototype);
        this.SyncName = opts.SyncName;
        this.SyncType = opts.SyncType;
        this.Message = opts.Message;
    }
}
class MalformedResourcePolicyDocumentException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#MalformedResourcePolicyDocumentException";
    name = "MalformedResourcePolicyDocumentException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "MalformedResourcePolicyDocumentException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, MalformedResourcePolicyDocumentException.prototype);
        this.Message = opts.Message;
    }
}
class ResourcePolicyConflictException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourcePolicyConflictException";
    name = "ResourcePolicyConflictException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourcePolicyConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourcePolicyConflictException.prototype);
        this.Message = opts.Message;
    }
}
class ResourcePolicyInvalidParameterException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourcePolicyInvalidParameterException";
    name = "ResourcePolicyInvalidParameterException";
    $fault = "client";
    ParameterNames;
    Message;
    constructor(opts) {
        super({
            name: "ResourcePolicyInvalidParameterException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourcePolicyInvalidParameterException.prototype);
        this.ParameterNames = opts.ParameterNames;
        this.Message = opts.Message;
    }
}
class ResourcePolicyNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourcePolicyNotFoundException";
    name = "ResourcePolicyNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourcePolicyNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourcePolicyNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TargetInUseException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#TargetInUseException";
    name = "TargetInUseException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TargetInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TargetInUseException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidFilter extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidFilter";
    name = "InvalidFilter";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidFilter",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidFilter.prototype);
        this.Message = opts.Message;
    }
}
class InvalidNextToken extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidNextToken";
    name = "InvalidNextToken";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidNextToken",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidNextToken.prototype);
        this.Message = opts.Message;
    }
}
class InvalidAssociationVersion extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidAssociationVersion";
    name = "InvalidAssociationVersion";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidAssociationVersion",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidAssociationVersion.prototype);
        this.Message = opts.Message;
    }
}
class AssociationExecutionDoesNotExist extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AssociationExecutionDoesNotExist";
    name = "AssociationExecutionDoesNotExist";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AssociationExecutionDoesNotExist",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AssociationExecutionDoesNotExist.prototype);
        this.Message = opts.Message;
    }
}
class InvalidFilterKey extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidFilterKey";
    name = "InvalidFilterKey";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidFilterKey",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidFilterKey.prototype);
    }
}
class InvalidFilterValue extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidFilterValue";
    name = "InvalidFilterValue";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidFilterValue",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidFilterValue.prototype);
        this.Message = opts.Message;
    }
}
class AutomationExecutionNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AutomationExecutionNotFoundException";
    name = "AutomationExecutionNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AutomationExecutionNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AutomationExecutionNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidPermissionType extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidPermissionType";
    name = "InvalidPermissionType";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidPermissionType",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidPermissionType.prototype);
        this.Message = opts.Message;
    }
}
class UnsupportedOperatingSystem extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedOperatingSystem";
    name = "UnsupportedOperatingSystem";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedOperatingSystem",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedOperatingSystem.prototype);
        this.Message = opts.Message;
    }
}
class InvalidInstanceInformationFilterValue extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidInstanceInformationFilterValue";
    name = "InvalidInstanceInformationFilterValue";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidInstanceInformationFilterValue",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidInstanceInformationFilterValue.prototype);
    }
}
class InvalidInstancePropertyFilterValue extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidInstancePropertyFilterValue";
    name = "InvalidInstancePropertyFilterValue";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidInstancePropertyFilterValue",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidInstancePropertyFilterValue.prototype);
    }
}
class InvalidDeletionIdException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDeletionIdException";
    name = "InvalidDeletionIdException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDeletionIdException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDeletionIdException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidFilterOption extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidFilterOption";
    name = "InvalidFilterOption";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidFilterOption",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidFilterOption.prototype);
    }
}
class OpsItemRelatedItemAssociationNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsItemRelatedItemAssociationNotFoundException";
    name = "OpsItemRelatedItemAssociationNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OpsItemRelatedItemAssociationNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsItemRelatedItemAssociationNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class ThrottlingException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ThrottlingException";
    name = "ThrottlingException";
    $fault = "client";
    Message;
    QuotaCode;
    ServiceCode;
    constructor(opts) {
        super({
            name: "ThrottlingException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ThrottlingException.prototype);
        this.Message = opts.Message;
        this.QuotaCode = opts.QuotaCode;
        this.ServiceCode = opts.ServiceCode;
    }
}
class ValidationException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ValidationException";
    name = "ValidationException";
    $fault = "client";
    Message;
    ReasonCode;
    constructor(opts) {
        super({
            name: "ValidationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ValidationException.prototype);
        this.Message = opts.Message;
        this.ReasonCode = opts.ReasonCode;
    }
}
class InvalidDocumentType extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidDocumentType";
    name = "InvalidDocumentType";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidDocumentType",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidDocumentType.prototype);
        this.Message = opts.Message;
    }
}
class UnsupportedCalendarException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedCalendarException";
    name = "UnsupportedCalendarException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedCalendarException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedCalendarException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidPluginName extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidPluginName";
    name = "InvalidPluginName";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidPluginName",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidPluginName.prototype);
    }
}
class InvocationDoesNotExist extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvocationDoesNotExist";
    name = "InvocationDoesNotExist";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvocationDoesNotExist",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvocationDoesNotExist.prototype);
    }
}
class UnsupportedFeatureRequiredException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedFeatureRequiredException";
    name = "UnsupportedFeatureRequiredException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedFeatureRequiredException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedFeatureRequiredException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidAggregatorException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidAggregatorException";
    name = "InvalidAggregatorException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidAggregatorException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidAggregatorException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidInventoryGroupException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidInventoryGroupException";
    name = "InvalidInventoryGroupException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidInventoryGroupException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidInventoryGroupException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidResultAttributeException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidResultAttributeException";
    name = "InvalidResultAttributeException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidResultAttributeException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidResultAttributeException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidKeyId extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidKeyId";
    name = "InvalidKeyId";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidKeyId",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidKeyId.prototype);
    }
}
class ParameterVersionNotFound extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ParameterVersionNotFound";
    name = "ParameterVersionNotFound";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ParameterVersionNotFound",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParameterVersionNotFound.prototype);
    }
}
class ServiceSettingNotFound extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ServiceSettingNotFound";
    name = "ServiceSettingNotFound";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ServiceSettingNotFound",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceSettingNotFound.prototype);
        this.Message = opts.Message;
    }
}
class ParameterVersionLabelLimitExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ParameterVersionLabelLimitExceeded";
    name = "ParameterVersionLabelLimitExceeded";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ParameterVersionLabelLimitExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParameterVersionLabelLimitExceeded.prototype);
    }
}
class UnsupportedOperationException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedOperationException";
    name = "UnsupportedOperationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedOperationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedOperationException.prototype);
        this.Message = opts.Message;
    }
}
class DocumentPermissionLimit extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DocumentPermissionLimit";
    name = "DocumentPermissionLimit";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DocumentPermissionLimit",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DocumentPermissionLimit.prototype);
        this.Message = opts.Message;
    }
}
class ComplianceTypeCountLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ComplianceTypeCountLimitExceededException";
    name = "ComplianceTypeCountLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ComplianceTypeCountLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ComplianceTypeCountLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidItemContentException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidItemContentException";
    name = "InvalidItemContentException";
    $fault = "client";
    TypeName;
    Message;
    constructor(opts) {
        super({
            name: "InvalidItemContentException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidItemContentException.prototype);
        this.TypeName = opts.TypeName;
        this.Message = opts.Message;
    }
}
class ItemSizeLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ItemSizeLimitExceededException";
    name = "ItemSizeLimitExceededException";
    $fault = "client";
    TypeName;
    Message;
    constructor(opts) {
        super({
            name: "ItemSizeLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ItemSizeLimitExceededException.prototype);
        this.TypeName = opts.TypeName;
        this.Message = opts.Message;
    }
}
class TotalSizeLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#TotalSizeLimitExceededException";
    name = "TotalSizeLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TotalSizeLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TotalSizeLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class CustomSchemaCountLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#CustomSchemaCountLimitExceededException";
    name = "CustomSchemaCountLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "CustomSchemaCountLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CustomSchemaCountLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidInventoryItemContextException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidInventoryItemContextException";
    name = "InvalidInventoryItemContextException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidInventoryItemContextException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidInventoryItemContextException.prototype);
        this.Message = opts.Message;
    }
}
class ItemContentMismatchException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ItemContentMismatchException";
    name = "ItemContentMismatchException";
    $fault = "client";
    TypeName;
    Message;
    constructor(opts) {
        super({
            name: "ItemContentMismatchException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ItemContentMismatchException.prototype);
        this.TypeName = opts.TypeName;
        this.Message = opts.Message;
    }
}
class SubTypeCountLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#SubTypeCountLimitExceededException";
    name = "SubTypeCountLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "SubTypeCountLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, SubTypeCountLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class UnsupportedInventoryItemContextException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedInventoryItemContextException";
    name = "UnsupportedInventoryItemContextException";
    $fault = "client";
    TypeName;
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedInventoryItemContextException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedInventoryItemContextException.prototype);
        this.TypeName = opts.TypeName;
        this.Message = opts.Message;
    }
}
class UnsupportedInventorySchemaVersionException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedInventorySchemaVersionException";
    name = "UnsupportedInventorySchemaVersionException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedInventorySchemaVersionException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedInventorySchemaVersionException.prototype);
        this.Message = opts.Message;
    }
}
class HierarchyLevelLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#HierarchyLevelLimitExceededException";
    name = "HierarchyLevelLimitExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "HierarchyLevelLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, HierarchyLevelLimitExceededException.prototype);
    }
}
class HierarchyTypeMismatchException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#HierarchyTypeMismatchException";
    name = "HierarchyTypeMismatchException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "HierarchyTypeMismatchException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, HierarchyTypeMismatchException.prototype);
    }
}
class IncompatiblePolicyException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#IncompatiblePolicyException";
    name = "IncompatiblePolicyException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "IncompatiblePolicyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, IncompatiblePolicyException.prototype);
    }
}
class InvalidAllowedPatternException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidAllowedPatternException";
    name = "InvalidAllowedPatternException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidAllowedPatternException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidAllowedPatternException.prototype);
    }
}
class InvalidPolicyAttributeException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidPolicyAttributeException";
    name = "InvalidPolicyAttributeException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidPolicyAttributeException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidPolicyAttributeException.prototype);
    }
}
class InvalidPolicyTypeException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidPolicyTypeException";
    name = "InvalidPolicyTypeException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidPolicyTypeException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidPolicyTypeException.prototype);
    }
}
class ParameterAlreadyExists extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ParameterAlreadyExists";
    name = "ParameterAlreadyExists";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ParameterAlreadyExists",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParameterAlreadyExists.prototype);
    }
}
class ParameterLimitExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ParameterLimitExceeded";
    name = "ParameterLimitExceeded";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ParameterLimitExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParameterLimitExceeded.prototype);
    }
}
class ParameterMaxVersionLimitExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ParameterMaxVersionLimitExceeded";
    name = "ParameterMaxVersionLimitExceeded";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ParameterMaxVersionLimitExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParameterMaxVersionLimitExceeded.prototype);
    }
}
class ParameterPatternMismatchException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ParameterPatternMismatchException";
    name = "ParameterPatternMismatchException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ParameterPatternMismatchException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParameterPatternMismatchException.prototype);
    }
}
class PoliciesLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#PoliciesLimitExceededException";
    name = "PoliciesLimitExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "PoliciesLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PoliciesLimitExceededException.prototype);
    }
}
class UnsupportedParameterType extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#UnsupportedParameterType";
    name = "UnsupportedParameterType";
    $fault = "client";
    constructor(opts) {
        super({
            name: "UnsupportedParameterType",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedParameterType.prototype);
    }
}
class ResourcePolicyLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourcePolicyLimitExceededException";
    name = "ResourcePolicyLimitExceededException";
    $fault = "client";
    Limit;
    LimitType;
    Message;
    constructor(opts) {
        super({
            name: "ResourcePolicyLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourcePolicyLimitExceededException.prototype);
        this.Limit = opts.Limit;
        this.LimitType = opts.LimitType;
        this.Message = opts.Message;
    }
}
class FeatureNotAvailableException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#FeatureNotAvailableException";
    name = "FeatureNotAvailableException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "FeatureNotAvailableException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, FeatureNotAvailableException.prototype);
        this.Message = opts.Message;
    }
}
class AutomationStepNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AutomationStepNotFoundException";
    name = "AutomationStepNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AutomationStepNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AutomationStepNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidAutomationSignalException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidAutomationSignalException";
    name = "InvalidAutomationSignalException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidAutomationSignalException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidAutomationSignalException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidNotificationConfig extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidNotificationConfig";
    name = "InvalidNotificationConfig";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidNotificationConfig",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidNotificationConfig.prototype);
        this.Message = opts.Message;
    }
}
class InvalidOutputFolder extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidOutputFolder";
    name = "InvalidOutputFolder";
    $fault = "client";
    constructor(opts) {
        super({
            name: "InvalidOutputFolder",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidOutputFolder.prototype);
    }
}
class InvalidRole extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidRole";
    name = "InvalidRole";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidRole",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidRole.prototype);
        this.Message = opts.Message;
    }
}
class InvalidAssociation extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidAssociation";
    name = "InvalidAssociation";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidAssociation",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidAssociation.prototype);
        this.Message = opts.Message;
    }
}
class AutomationDefinitionNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AutomationDefinitionNotFoundException";
    name = "AutomationDefinitionNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AutomationDefinitionNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AutomationDefinitionNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class AutomationDefinitionVersionNotFoundException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AutomationDefinitionVersionNotFoundException";
    name = "AutomationDefinitionVersionNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AutomationDefinitionVersionNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AutomationDefinitionVersionNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class AutomationExecutionLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AutomationExecutionLimitExceededException";
    name = "AutomationExecutionLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AutomationExecutionLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AutomationExecutionLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidAutomationExecutionParametersException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidAutomationExecutionParametersException";
    name = "InvalidAutomationExecutionParametersException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidAutomationExecutionParametersException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidAutomationExecutionParametersException.prototype);
        this.Message = opts.Message;
    }
}
class AutomationDefinitionNotApprovedException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AutomationDefinitionNotApprovedException";
    name = "AutomationDefinitionNotApprovedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AutomationDefinitionNotApprovedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AutomationDefinitionNotApprovedException.prototype);
        this.Message = opts.Message;
    }
}
class TargetNotConnected extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#TargetNotConnected";
    name = "TargetNotConnected";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TargetNotConnected",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TargetNotConnected.prototype);
        this.Message = opts.Message;
    }
}
class InvalidAutomationStatusUpdateException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidAutomationStatusUpdateException";
    name = "InvalidAutomationStatusUpdateException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidAutomationStatusUpdateException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidAutomationStatusUpdateException.prototype);
        this.Message = opts.Message;
    }
}
class AssociationVersionLimitExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#AssociationVersionLimitExceeded";
    name = "AssociationVersionLimitExceeded";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AssociationVersionLimitExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AssociationVersionLimitExceeded.prototype);
        this.Message = opts.Message;
    }
}
class InvalidUpdate extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#InvalidUpdate";
    name = "InvalidUpdate";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidUpdate",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidUpdate.prototype);
        this.Message = opts.Message;
    }
}
class StatusUnchanged extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#StatusUnchanged";
    name = "StatusUnchanged";
    $fault = "client";
    constructor(opts) {
        super({
            name: "StatusUnchanged",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, StatusUnchanged.prototype);
    }
}
class DocumentVersionLimitExceeded extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DocumentVersionLimitExceeded";
    name = "DocumentVersionLimitExceeded";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DocumentVersionLimitExceeded",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DocumentVersionLimitExceeded.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateDocumentContent extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DuplicateDocumentContent";
    name = "DuplicateDocumentContent";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateDocumentContent",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateDocumentContent.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateDocumentVersionName extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#DuplicateDocumentVersionName";
    name = "DuplicateDocumentVersionName";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateDocumentVersionName",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateDocumentVersionName.prototype);
        this.Message = opts.Message;
    }
}
class OpsMetadataKeyLimitExceededException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#OpsMetadataKeyLimitExceededException";
    name = "OpsMetadataKeyLimitExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "OpsMetadataKeyLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OpsMetadataKeyLimitExceededException.prototype);
    }
}
class ResourceDataSyncConflictException extends SSMServiceException {
    static shapeId = "com.amazonaws.ssm#ResourceDataSyncConflictException";
    name = "ResourceDataSyncConflictException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceDataSyncConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceDataSyncConflictException.prototype);
        this.Message = opts.Message;
    }
}

const _A = "Activation";
const _AA = "AutoApprove";
const _AAD = "ApproveAfterDays";
const _AAE = "AssociationAlreadyExists";
const _AC = "AlarmConfiguration";
const _ACL = "AttachmentContentList";
const _ACc = "ActivationCode";
const _ACt = "AttachmentContent";
const _ACtt = "AttachmentsContent";
const _ACz = "AzureConfiguration";
const _AD = "AssociationDescription";
const _ADAR = "AssociationDispatchAssumeRole";
const _ADE = "AccessDeniedException";
const _ADL = "AssociationDescriptionList";
const _ADN = "ApplicationDisplayName";
const _ADNAE = "AutomationDefinitionNotApprovedException";
const _ADNE = "AssociationDoesNotExist";
const _ADNFE = "AutomationDefinitionNotFoundException";
const _ADVNFE = "AutomationDefinitionVersionNotFoundException";
const _ADp = "ApprovalDate";
const _AE = "AssociationExecution";
const _AEDNE = "AssociationExecutionDoesNotExist";
const _AEE = "AlreadyExistsException";
const _AEF = "AssociationExecutionFilter";
const _AEFL = "AssociationExecutionFilterList";
const _AEFLu = "AutomationExecutionFilterList";
const _AEFu = "AutomationExecutionFilter";
const _AEI = "AutomationExecutionId";
const _AEIu = "AutomationExecutionInputs";
const _AEL = "AssociationExecutionsList";
const _AELEE = "AutomationExecutionLimitExceededException";
const _AEM = "AutomationExecutionMetadata";
const _AEML = "AutomationExecutionMetadataList";
const _AENFE = "AutomationExecutionNotFoundException";
const _AEP = "AutomationExecutionPreview";
const _AES = "AutomationExecutionStatus";
const _AET = "AssociationExecutionTarget";
const _AETF = "AssociationExecutionTargetsFilter";
const _AETFL = "AssociationExecutionTargetsFilterList";
const _AETL = "AssociationExecutionTargetsList";
const _AETc = "ActualEndTime";
const _AETs = "AssociationExecutionTargets";
const _AEs = "AssociationExecutions";
const _AEu = "AutomationExecution";
const _AF = "AssociationFilter";
const _AFL = "AssociationFilterList";
const _AI = "AssociatedInstances";
const _AIL = "AccountIdList";
const _AILt = "AttachmentInformationList";
const _AITA = "AccountIdsToAdd";
const _AITR = "AccountIdsToRemove";
const _AIc = "AccountId";
const _AIcc = "AccountIds";
const _AIct = "ActivationId";
const _AId = "AdditionalInfo";
const _AIdv = "AdvisoryIds";
const _AIp = "ApplicationId";
const _AIs = "AssociationId";
const _AIss = "AssociationIds";
const _AIt = "AttachmentInformation";
const _AItt = "AttachmentsInformation";
const _AKI = "AccessKeyId";
const _AKST = "AccessKeySecretType";
const _AL = "ActivationList";
const _ALE = "AssociationLimitExceeded";
const _ALl = "AlarmList";
const _ALs = "AssociationList";
const _AN = "AssociationName";
const _ANt = "AttributeName";
const _AO = "AssociationOverview";
const _AOACI = "ApplyOnlyAtCronInterval";
const _AOIRI = "AssociateOpsItemRelatedItem";
const _AOIRIR = "AssociateOpsItemRelatedItemRequest";
const _AOIRIRs = "AssociateOpsItemRelatedItemResponse";
const _AOS = "AwsOrganizationsSource";
const _AP = "ApprovedPatches";
const _APCL = "ApprovedPatchesComplianceLevel";
const _APENS = "ApprovedPatchesEnableNonSecurity";
const _APM = "AutomationParameterMap";
const _APl = "AllowedPattern";
const _AR = "ApprovalRules";
const _ARI = "AccessRequestId";
const _ARN = "ARN";
const _ARS = "AccessRequestStatus";
const _AS = "AssociationStatus";
const _ASAC = "AssociationStatusAggregatedCount";
const _ASI = "AccountSharingInfo";
const _ASIL = "AccountSharingInfoList";
const _ASILl = "AlarmStateInformationList";
const _ASIl = "AlarmStateInformation";
const _ASL = "AttachmentsSourceList";
const _ASLz = "AzureSubscriptionList";
const _ASNFE = "AutomationStepNotFoundException";
const _AST = "ActualStartTime";
const _ASUC = "AvailableSecurityUpdateCount";
const _ASUCS = "AvailableSecurityUpdatesComplianceStatus";
const _ASt = "AttachmentsSource";
const _ASu = "AutomationSubtype";
const _ASz = "AzureSubscription";
const _AT = "AssociationType";
const _ATPN = "AutomationTargetParameterName";
const _ATTR = "AddTagsToResource";
const _ATTRR = "AddTagsToResourceRequest";
const _ATTRRd = "AddTagsToResourceResult";
const _ATc = "AccessType";
const _ATg = "AgentType";
const _ATgg = "AggregatorType";
const _ATt = "AtTime";
const _ATu = "AutomationType";
const _ATut = "AutomationTargets";
const _AUD = "ApproveUntilDate";
const _AUT = "AllowUnassociatedTargets";
const _AV = "AssociationVersion";
const _AVI = "AssociationVersionInfo";
const _AVL = "AssociationVersionList";
const _AVLE = "AssociationVersionLimitExceeded";
const _AVg = "AgentVersion";
const _AVp = "ApprovedVersion";
const _AVs = "AssociationVersions";
const _AWSKMSKARN = "AWSKMSKeyARN";
const _AZ = "AvailabilityZone";
const _AZI = "AvailabilityZoneId";
const _Ac = "Action";
const _Acc = "Accounts";
const _Ag = "Aggregators";
const _Agg = "Aggregator";
const _Al = "Alarm";
const _Ala = "Alarms";
const _Ar = "Architecture";
const _Arc = "Arch";
const _Arn = "Arn";
const _As = "Association";
const _Ass = "Associations";
const _At = "Attachments";
const _Att = "Attributes";
const _Attr = "Attribute";
const _Au = "Author";
const _Aut = "Automation";
const _BD = "BaselineDescription";
const _BI = "BaselineId";
const _BIa = "BaselineIdentities";
const _BIas = "BaselineIdentity";
const _BIu = "BugzillaIds";
const _BN = "BaselineName";
const _BNu = "BucketName";
const _BO = "BaselineOverride";
const _C = "Command";
const _CA = "CurrentAction";
const _CAB = "CreateAssociationBatch";
const _CABR = "CreateAssociationBatchRequest";
const _CABRE = "CreateAssociationBatchRequestEntry";
const _CABREr = "CreateAssociationBatchRequestEntries";
const _CABRr = "CreateAssociationBatchResult";
const _CAR = "CreateActivationRequest";
const _CARr = "CreateActivationResult";
const _CARre = "CreateAssociationRequest";
const _CARrea = "CreateAssociationResult";
const _CAr = "CreatedAt";
const _CAre = "CreateActivation";
const _CArea = "CreateAssociation";
const _CB = "CutoffBehavior";
const _CBr = "CreatedBy";
const _CC = "CompletedCount";
const _CCA = "ConfigConnectorArn";
const _CCAl = "CloudConnectorArn";
const _CCC = "CloudConnectorConfiguration";
const _CCCR = "CreateCloudConnectorRequest";
const _CCCRr = "CreateCloudConnectorResult";
const _CCCr = "CreateCloudConnector";
const _CCF = "CloudConnectorFilter";
const _CCFL = "CloudConnectorFilterList";
const _CCI = "CloudConnectorId";
const _CCR = "CancelCommandRequest";
const _CCRa = "CancelCommandResult";
const _CCS = "CloudConnectorSummary";
const _CCSL = "CloudConnectorSummaryList";
const _CCa = "CancelCommand";
const _CCl = "CloudConnectors";
const _CCli = "ClientContext";
const _CCo = "CompliantCount";
const _CCr = "CriticalCount";
const _CD = "CreatedDate";
const _CDR = "CreateDocumentRequest";
const _CDRr = "CreateDocumentResult";
const _CDh = "ChangeDetails";
const _CDr = "CreationDate";
const _CDre = "CreateDocument";
const _CE = "ConflictException";
const _CES = "ComplianceExecutionSummary";
const _CEa = "CategoryEnum";
const _CF = "CommandFilter";
const _CFL = "CommandFilterList";
const _CFo = "ComplianceFilter";
const _CH = "ContentHash";
const _CI = "CommandId";
const _CIE = "ComplianceItemEntry";
const _CIEL = "ComplianceItemEntryList";
const _CIL = "CommandInvocationList";
const _CILo = "ComplianceItemList";
const _CIo = "CommandInvocation";
const _CIom = "ComplianceItem";
const _CIomm = "CommandInvocations";
const _CIomp = "ComplianceItems";
const _CL = "ComplianceLevel";
const _CLo = "CommandList";
const _CMW = "CreateMaintenanceWindow";
const _CMWE = "CancelMaintenanceWindowExecution";
const _CMWER = "CancelMaintenanceWindowExecutionRequest";
const _CMWERa = "CancelMaintenanceWindowExecutionResult";
const _CMWR = "CreateMaintenanceWindowRequest";
const _CMWRr = "CreateMaintenanceWindowResult";
const _CN = "CalendarNames";
const _CNCC = "CriticalNonCompliantCount";
const _CNo = "ComputerName";
const _COI = "CreateOpsItem";
const _COIR = "CreateOpsItemRequest";
const _COIRr = "CreateOpsItemResponse";
const _COM = "CreateOpsMetadata";
const _COMR = "CreateOpsMetadataRequest";
const _COMRr = "CreateOpsMetadataResult";
const _CP = "CommandPlugins";
const _CPB = "CreatePatchBaseline";
const _CPBR = "CreatePatchBaselineRequest";
const _CPBRr = "CreatePatchBaselineResult";
const _CPL = "CommandPluginList";
const _CPo = "CommandPlugin";
const _CRDS = "CreateResourceDataSync";
const _CRDSR = "CreateResourceDataSyncRequest";
const _CRDSRr = "CreateResourceDataSyncResult";
const _CRN = "ChangeRequestName";
const _CS = "ComplianceSeverity";
const _CSCLEE = "CustomSchemaCountLimitExceededException";
const _CSF = "ComplianceStringFilter";
const _CSFL = "ComplianceStringFilterList";
const _CSFVL = "ComplianceStringFilterValueList";
const _CSI = "ComplianceSummaryItem";
const _CSIL = "ComplianceSummaryItemList";
const _CSIo = "ComplianceSummaryItems";
const _CSN = "CurrentStepName";
const _CSa = "CancelledSteps";
const _CSo = "CompliantSummary";
const _CT = "CreatedTime";
const _CTCLEE = "ComplianceTypeCountLimitExceededException";
const _CTa = "CaptureTime";
const _CTl = "ClientToken";
const _CTo = "ComplianceType";
const _CTon = "ConfigurationTargets";
const _CTr = "CreateTime";
const _CU = "ContentUrl";
const _CVEI = "CVEIds";
const _CWLGN = "CloudWatchLogGroupName";
const _CWOC = "CloudWatchOutputConfig";
const _CWOE = "CloudWatchOutputEnabled";
const _CWOU = "CloudWatchOutputUrl";
const _Ca = "Category";
const _Cl = "Classification";
const _Co = "Comment";
const _Cod = "Code";
const _Com = "Commands";
const _Con = "Configuration";
const _Cont = "Content";
const _Conte = "Context";
const _Cou = "Count";
const _Cr = "Credentials";
const _Cu = "Cutoff";
const _D = "Description";
const _DA = "DeleteActivation";
const _DAE = "DocumentAlreadyExists";
const _DAER = "DescribeAssociationExecutionsRequest";
const _DAERe = "DescribeAssociationExecutionsResult";
const _DAERes = "DescribeAutomationExecutionsRequest";
const _DAEResc = "DescribeAutomationExecutionsResult";
const _DAET = "DescribeAssociationExecutionTargets";
const _DAETR = "DescribeAssociationExecutionTargetsRequest";
const _DAETRe = "DescribeAssociationExecutionTargetsResult";
const _DAEe = "DescribeAssociationExecutions";
const _DAEes = "DescribeAutomationExecutions";
const _DAF = "DescribeActivationsFilter";
const _DAFL = "DescribeActivationsFilterList";
const _DAP = "DescribeAvailablePatches";
const _DAPR = "DescribeAvailablePatchesRequest";
const _DAPRe = "DescribeAvailablePatchesResult";
const _DAR = "DeleteActivationRequest";
const _DARe = "DeleteActivationResult";
const _DARel = "DeleteAssociationRequest";
const _DARele = "DeleteAssociationResult";
const _DARes = "DescribeActivationsRequest";
const _DAResc = "DescribeActivationsResult";
const _DARescr = "DescribeAssociationRequest";
const _DARescri = "DescribeAssociationResult";
const _DASE = "DescribeAutomationStepExecutions";
const _DASER = "DescribeAutomationStepExecutionsRequest";
const _DASERe = "DescribeAutomationStepExecutionsResult";
const _DAe = "DeleteAssociation";
const _DAes = "DescribeActivations";
const _DAesc = "DescribeAssociation";
const _DB = "DefaultBaseline";
const _DCC = "DeleteCloudConnector";
const _DCCR = "DeleteCloudConnectorRequest";
const _DCCRe = "DeleteCloudConnectorResult";
const _DD = "DocumentDescription";
const _DDC = "DuplicateDocumentContent";
const _DDHMC = "DeregisterDefaultHostManagementConfiguration";
const _DDHMCR = "DeregisterDefaultHostManagementConfigurationRequest";
const _DDHMCRe = "DeregisterDefaultHostManagementConfigurationResult";
const _DDP = "DescribeDocumentPermission";
const _DDPR = "DescribeDocumentPermissionRequest";
const _DDPRe = "DescribeDocumentPermissionResponse";
const _DDR = "DeleteDocumentRequest";
const _DDRe = "DeleteDocumentResult";
const _DDRes = "DescribeDocumentRequest";
const _DDResc = "DescribeDocumentResult";
const _DDS = "DestinationDataSharing";
const _DDST = "DestinationDataSharingType";
const _DDVD = "DocumentDefaultVersionDescription";
const _DDVN = "DuplicateDocumentVersionName";
const _DDe = "DeleteDocument";
const _DDes = "DescribeDocument";
const _DEIA = "DescribeEffectiveInstanceAssociations";
const _DEIAR = "DescribeEffectiveInstanceAssociationsRequest";
const _DEIARe = "DescribeEffectiveInstanceAssociationsResult";
const _DEPFPB = "DescribeEffectivePatchesForPatchBaseline";
const _DEPFPBR = "DescribeEffectivePatchesForPatchBaselineRequest";
const _DEPFPBRe = "DescribeEffectivePatchesForPatchBaselineResult";
const _DF = "DocumentFormat";
const _DFL = "DocumentFilterList";
const _DFo = "DocumentFilter";
const _DH = "DocumentHash";
const _DHT = "DocumentHashType";
const _DI = "DeletionId";
const _DIAS = "DescribeInstanceAssociationsStatus";
const _DIASR = "DescribeInstanceAssociationsStatusRequest";
const _DIASRe = "DescribeInstanceAssociationsStatusResult";
const _DID = "DescribeInventoryDeletions";
const _DIDR = "DescribeInventoryDeletionsRequest";
const _DIDRe = "DescribeInventoryDeletionsResult";
const _DII = "DuplicateInstanceId";
const _DIIR = "DescribeInstanceInformationRequest";
const _DIIRe = "DescribeInstanceInformationResult";
const _DIIe = "DescribeInstanceInformation";
const _DIL = "DocumentIdentifierList";
const _DIN = "DefaultInstanceName";
const _DIP = "DescribeInstancePatches";
const _DIPR = "DescribeInstancePatchesRequest";
const _DIPRe = "DescribeInstancePatchesResult";
const _DIPRes = "DescribeInstancePropertiesRequest";
const _DIPResc = "DescribeInstancePropertiesResult";
const _DIPS = "DescribeInstancePatchStates";
const _DIPSFPG = "DescribeInstancePatchStatesForPatchGroup";
const _DIPSFPGR = "DescribeInstancePatchStatesForPatchGroupRequest";
const _DIPSFPGRe = "DescribeInstancePatchStatesForPatchGroupResult";
const _DIPSR = "DescribeInstancePatchStatesRequest";
const _DIPSRe = "DescribeInstancePatchStatesResult";
const _DIPe = "DescribeInstanceProperties";
const _DIR = "DeleteInventoryRequest";
const _DIRe = "DeleteInventoryResult";
const _DIe = "DeleteInventory";
const _DIo = "DocumentIdentifier";
const _DIoc = "DocumentIdentifiers";
const _DKVF = "DocumentKeyValuesFilter";
const _DKVFL = "DocumentKeyValuesFilterList";
const _DLE = "DocumentLimitExceeded";
const _DM = "DeletionMode";
const _DMI = "DeregisterManagedInstance";
const _DMIR = "DeregisterManagedInstanceRequest";
const _DMIRe = "DeregisterManagedInstanceResult";
const _DMRI = "DocumentMetadataResponseInfo";
const _DMW = "DeleteMaintenanceWindow";
const _DMWE = "DescribeMaintenanceWindowExecutions";
const _DMWER = "DescribeMaintenanceWindowExecutionsRequest";
const _DMWERe = "DescribeMaintenanceWindowExecutionsResult";
const _DMWET = "DescribeMaintenanceWindowExecutionTasks";
const _DMWETI = "DescribeMaintenanceWindowExecutionTaskInvocations";
const _DMWETIR = "DescribeMaintenanceWindowExecutionTaskInvocationsRequest";
const _DMWETIRe = "DescribeMaintenanceWindowExecutionTaskInvocationsResult";
const _DMWETR = "DescribeMaintenanceWindowExecutionTasksRequest";
const _DMWETRe = "DescribeMaintenanceWindowExecutionTasksResult";
const _DMWFT = "DescribeMaintenanceWindowsForTarget";
const _DMWFTR = "DescribeMaintenanceWindowsForTargetRequest";
const _DMWFTRe = "DescribeMaintenanceWindowsForTargetResult";
const _DMWR = "DeleteMaintenanceWindowRequest";
const _DMWRe = "DeleteMaintenanceWindowResult";
const _DMWRes = "DescribeMaintenanceWindowsRequest";
const _DMWResc = "DescribeMaintenanceWindowsResult";
const _DMWS = "DescribeMaintenanceWindowSchedule";
const _DMWSR = "DescribeMaintenanceWindowScheduleRequest";
const _DMWSRe = "DescribeMaintenanceWindowScheduleResult";
const _DMWT = "DescribeMaintenanceWindowTargets";
const _DMWTR = "DescribeMaintenanceWindowTargetsRequest";
const _DMWTRe = "DescribeMaintenanceWindowTargetsResult";
const _DMWTRes = "DescribeMaintenanceWindowTasksRequest";
const _DMWTResc = "DescribeMaintenanceWindowTasksResult";
const _DMWTe = "DescribeMaintenanceWindowTasks";
const _DMWe = "DescribeMaintenanceWindows";
const _DN = "DocumentName";
const _DNEE = "DoesNotExistException";
const _DNi = "DisplayName";
const _DOI = "DeleteOpsItem";
const _DOIR = "DeleteOpsItemRequest";
const _DOIRI = "DisassociateOpsItemRelatedItem";
const _DOIRIR = "DisassociateOpsItemRelatedItemRequest";
const _DOIRIRi = "DisassociateOpsItemRelatedItemResponse";
const _DOIRe = "DeleteOpsItemResponse";
const _DOIRes = "DescribeOpsItemsRequest";
const _DOIResc = "DescribeOpsItemsResponse";
const _DOIe = "DescribeOpsItems";
const _DOM = "DeleteOpsMetadata";
const _DOMR = "DeleteOpsMetadataRequest";
const _DOMRe = "DeleteOpsMetadataResult";
const _DP = "DeletedParameters";
const _DPB = "DeletePatchBaseline";
const _DPBFPG = "DeregisterPatchBaselineForPatchGroup";
const _DPBFPGR = "DeregisterPatchBaselineForPatchGroupRequest";
const _DPBFPGRe = "DeregisterPatchBaselineForPatchGroupResult";
const _DPBR = "DeletePatchBaselineRequest";
const _DPBRe = "DeletePatchBaselineResult";
const _DPBRes = "DescribePatchBaselinesRequest";
const _DPBResc = "DescribePatchBaselinesResult";
const _DPBe = "DescribePatchBaselines";
const _DPG = "DescribePatchGroups";
const _DPGR = "DescribePatchGroupsRequest";
const _DPGRe = "DescribePatchGroupsResult";
const _DPGS = "DescribePatchGroupState";
const _DPGSR = "DescribePatchGroupStateRequest";
const _DPGSRe = "DescribePatchGroupStateResult";
const _DPL = "DocumentPermissionLimit";
const _DPLo = "DocumentParameterList";
const _DPP = "DescribePatchProperties";
const _DPPR = "DescribePatchPropertiesRequest";
const _DPPRe = "DescribePatchPropertiesResult";
const _DPR = "DeleteParameterRequest";
const _DPRe = "DeleteParameterResult";
const _DPRel = "DeleteParametersRequest";
const _DPRele = "DeleteParametersResult";
const _DPRes = "DescribeParametersRequest";
const _DPResc = "DescribeParametersResult";
const _DPe = "DeleteParameter";
const _DPel = "DeleteParameters";
const _DPes = "DescribeParameters";
const _DPo = "DocumentParameter";
const _DR = "DryRun";
const _DRCL = "DocumentReviewCommentList";
const _DRCS = "DocumentReviewCommentSource";
const _DRDS = "DeleteResourceDataSync";
const _DRDSR = "DeleteResourceDataSyncRequest";
const _DRDSRe = "DeleteResourceDataSyncResult";
const _DRL = "DocumentRequiresList";
const _DRP = "DeleteResourcePolicy";
const _DRPR = "DeleteResourcePolicyRequest";
const _DRPRe = "DeleteResourcePolicyResponse";
const _DRRL = "DocumentReviewerResponseList";
const _DRRS = "DocumentReviewerResponseSource";
const _DRo = "DocumentRequires";
const _DRoc = "DocumentReviews";
const _DS = "DetailedStatus";
const _DSR = "DescribeSessionsRequest";
const _DSRe = "DescribeSessionsResponse";
const _DST = "DeletionStartTime";
const _DSe = "DeletionSummary";
const _DSep = "DeploymentStatus";
const _DSes = "DescribeSessions";
const _DT = "DocumentType";
const _DTFMW = "DeregisterTargetFromMaintenanceWindow";
const _DTFMWR = "DeregisterTargetFromMaintenanceWindowRequest";
const _DTFMWRe = "DeregisterTargetFromMaintenanceWindowResult";
const _DTFMWRer = "DeregisterTaskFromMaintenanceWindowRequest";
const _DTFMWRere = "DeregisterTaskFromMaintenanceWindowResult";
const _DTFMWe = "DeregisterTaskFromMaintenanceWindow";
const _DTOC = "DeliveryTimedOutCount";
const _DTa = "DataType";
const _DTe = "DetailType";
const _DV = "DocumentVersion";
const _DVI = "DocumentVersionInfo";
const _DVL = "DocumentVersionList";
const _DVLE = "DocumentVersionLimitExceeded";
const _DVN = "DefaultVersionName";
const _DVe = "DefaultVersion";
const _DVef = "DefaultValue";
const _DVo = "DocumentVersions";
const _Da = "Date";
const _Dat = "Data";
const _De = "Details";
const _Det = "Detail";
const _Do = "Document";
const _Du = "Duration";
const _E = "Expired";
const _EA = "ExpiresAfter";
const _EAODS = "EnableAllOpsDataSources";
const _EAn = "EndedAt";
const _EAx = "ExcludeAccounts";
const _EB = "ExecutedBy";
const _EC = "ErrorCount";
const _ECr = "ErrorCode";
const _ED = "ExpirationDate";
const _EDn = "EndDate";
const _EDx = "ExecutionDate";
const _EEDT = "ExecutionEndDateTime";
const _EET = "ExecutionEndTime";
const _EETx = "ExecutionElapsedTime";
const _EI = "ExecutionId";
const _EIv = "EventId";
const _EIx = "ExecutionInputs";
const _ENS = "EnableNonSecurity";
const _EP = "EffectivePatches";
const _EPI = "ExecutionPreviewId";
const _EPL = "EffectivePatchList";
const _EPf = "EffectivePatch";
const _EPx = "ExecutionPreview";
const _ERN = "ExecutionRoleName";
const _ES = "ExecutionSummary";
const _ESDT = "ExecutionStartDateTime";
const _EST = "ExecutionStartTime";
const _ET = "ExecutionTime";
const _ETn = "EndTime";
const _ETx = "ExecutionType";
const _ETxp = "ExpirationTime";
const _En = "Entries";
const _Ena = "Enabled";
const _Ent = "Entry";
const _Enti = "Entities";
const _Entit = "Entity";
const _Ep = "Epoch";
const _Ex = "Expression";
const _F = "Failed";
const _FC = "FailedCount";
const _FCA = "FailedCreateAssociation";
const _FCAE = "FailedCreateAssociationEntry";
const _FCAL = "FailedCreateAssociationList";
const _FD = "FailureDetails";
const _FK = "FilterKey";
const _FM = "FailureMessage";
const _FNAE = "FeatureNotAvailableException";
const _FS = "FailureStage";
const _FSa = "FailedSteps";
const _FT = "FailureType";
const _FV = "FilterValues";
const _FVi = "FilterValue";
const _FWO = "FiltersWithOperator";
const _Fa = "Fault";
const _Fi = "Filters";
const _Fo = "Force";
const _G = "Groups";
const _GAE = "GetAutomationExecution";
const _GAER = "GetAutomationExecutionRequest";
const _GAERe = "GetAutomationExecutionResult";
const _GAT = "GetAccessToken";
const _GATR = "GetAccessTokenRequest";
const _GATRe = "GetAccessTokenResponse";
const _GC = "GcpConfiguration";
const _GCC = "GetCloudConnector";
const _GCCR = "GetCloudConnectorRequest";
const _GCCRe = "GetCloudConnectorResult";
const _GCI = "GetCommandInvocation";
const _GCIR = "GetCommandInvocationRequest";
const _GCIRe = "GetCommandInvocationResult";
const _GCS = "GetCalendarState";
const _GCSR = "GetCalendarStateRequest";
const _GCSRe = "GetCalendarStateResponse";
const _GCSRet = "GetConnectionStatusRequest";
const _GCSReto = "GetConnectionStatusResponse";
const _GCSe = "GetConnectionStatus";
const _GCT = "GcpConfigurationTargets";
const _GD = "GetDocument";
const _GDPB = "GetDefaultPatchBaseline";
const _GDPBR = "GetDefaultPatchBaselineRequest";
const _GDPBRe = "GetDefaultPatchBaselineResult";
const _GDPSFI = "GetDeployablePatchSnapshotForInstance";
const _GDPSFIR = "GetDeployablePatchSnapshotForInstanceRequest";
const _GDPSFIRe = "GetDeployablePatchSnapshotForInstanceResult";
const _GDR = "GetDocumentRequest";
const _GDRe = "GetDocumentResult";
const _GEP = "GetExecutionPreview";
const _GEPR = "GetExecutionPreviewRequest";
const _GEPRe = "GetExecutionPreviewResponse";
const _GF = "GlobalFilters";
const _GI = "GetInventory";
const _GIR = "GetInventoryRequest";
const _GIRe = "GetInventoryResult";
const _GIS = "GetInventorySchema";
const _GISR = "GetInventorySchemaRequest";
const _GISRe = "GetInventorySchemaResult";
const _GMW = "GetMaintenanceWindow";
const _GMWE = "GetMaintenanceWindowExecution";
const _GMWER = "GetMaintenanceWindowExecutionRequest";
const _GMWERe = "GetMaintenanceWindowExecutionResult";
const _GMWET = "GetMaintenanceWindowExecutionTask";
const _GMWETI = "GetMaintenanceWindowExecutionTaskInvocation";
const _GMWETIR = "GetMaintenanceWindowExecutionTaskInvocationRequest";
const _GMWETIRe = "GetMaintenanceWindowExecutionTaskInvocationResult";
const _GMWETR = "GetMaintenanceWindowExecutionTaskRequest";
const _GMWETRe = "GetMaintenanceWindowExecutionTaskResult";
const _GMWR = "GetMaintenanceWindowRequest";
const _GMWRe = "GetMaintenanceWindowResult";
const _GMWT = "GetMaintenanceWindowTask";
const _GMWTR = "GetMaintenanceWindowTaskRequest";
const _GMWTRe = "GetMaintenanceWindowTaskResult";
const _GOI = "GetOpsItem";
const _GOIR = "GetOpsItemRequest";
const _GOIRe = "GetOpsItemResponse";
const _GOM = "GetOpsMetadata";
const _GOMR = "GetOpsMetadataRequest";
const _GOMRe = "GetOpsMetadataResult";
const _GOS = "GetOpsSummary";
const _GOSR = "GetOpsSummaryRequest";
const _GOSRe = "GetOpsSummaryResult";
const _GP = "GcpProject";
const _GPB = "GetPatchBaseline";
const _GPBFPG = "GetPatchBaselineForPatchGroup";
const _GPBFPGR = "GetPatchBaselineForPatchGroupRequest";
const _GPBFPGRe = "GetPatchBaselineForPatchGroupResult";
const _GPBP = "GetParametersByPath";
const _GPBPR = "GetParametersByPathRequest";
const _GPBPRe = "GetParametersByPathResult";
const _GPBR = "GetPatchBaselineRequest";
const _GPBRe = "GetPatchBaselineResult";
const _GPH = "GetParameterHistory";
const _GPHR = "GetParameterHistoryRequest";
const _GPHRe = "GetParameterHistoryResult";
const _GPL = "GcpProjectList";
const _GPR = "GetParameterRequest";
const _GPRe = "GetParameterResult";
const _GPRet = "GetParametersRequest";
const _GPReta = "GetParametersResult";
const _GPe = "GetParameter";
const _GPet = "GetParameters";
const _GRP = "GetResourcePolicies";
const _GRPR = "GetResourcePoliciesRequest";
const _GRPRE = "GetResourcePoliciesResponseEntry";
const _GRPREe = "GetResourcePoliciesResponseEntries";
const _GRPRe = "GetResourcePoliciesResponse";
const _GSS = "GetServiceSetting";
const _GSSR = "GetServiceSettingRequest";
const _GSSRe = "GetServiceSettingResult";
const _H = "Hash";
const _HC = "HighCount";
const _HLLEE = "HierarchyLevelLimitExceededException";
const _HT = "HashType";
const _HTME = "HierarchyTypeMismatchException";
const _I = "Id";
const _IA = "InvalidActivation";
const _IAAO = "InstanceAggregatedAssociationOverview";
const _IAE = "InvalidAggregatorException";
const _IAEPE = "InvalidAutomationExecutionParametersException";
const _IAI = "InvalidActivationId";
const _IAL = "InstanceAssociationList";
const _IALn = "InventoryAggregatorList";
const _IAOL = "InstanceAssociationOutputLocation";
const _IAOU = "InstanceAssociationOutputUrl";
const _IAPE = "InvalidAllowedPatternException";
const _IASAC = "InstanceAssociationStatusAggregatedCount";
const _IASE = "InvalidAutomationSignalException";
const _IASI = "InstanceAssociationStatusInfos";
const _IASIn = "InstanceAssociationStatusInfo";
const _IASUE = "InvalidAutomationStatusUpdateException";
const _IAV = "InvalidAssociationVersion";
const _IAn = "InvalidAssociation";
const _IAns = "InstanceAssociation";
const _IAnv = "InventoryAggregator";
const _IAp = "IpAddress";
const _IC = "InstalledCount";
const _ICH = "ItemContentHash";
const _ICI = "InvalidCommandId";
const _ICME = "ItemContentMismatchException";
const _ICOU = "IncludeChildOrganizationUnits";
const _ICn = "InformationalCount";
const _ICs = "IsCritical";
const _ID = "InvalidDocument";
const _IDC = "InvalidDocumentContent";
const _IDIE = "InvalidDeletionIdException";
const _IDIPE = "InvalidDeleteInventoryParametersException";
const _IDL = "InventoryDeletionsList";
const _IDNE = "InvocationDoesNotExist";
const _IDO = "InvalidDocumentOperation";
const _IDS = "InventoryDeletionSummary";
const _IDSI = "InventoryDeletionStatusItem";
const _IDSIn = "InventoryDeletionSummaryItem";
const _IDSInv = "InventoryDeletionSummaryItems";
const _IDSV = "InvalidDocumentSchemaVersion";
const _IDT = "InvalidDocumentType";
const _IDV = "InvalidDocumentVersion";
const _IDVs = "IsDefaultVersion";
const _IDn = "InventoryDeletions";
const _IE = "IsEnd";
const _IF = "InvalidFilter";
const _IFK = "InvalidFilterKey";
const _IFL = "InventoryFilterList";
const _IFO = "InvalidFilterOption";
const _IFR = "IncludeFutureRegions";
const _IFV = "InvalidFilterValue";
const _IFVL = "InventoryFilterValueList";
const _IFn = "InventoryFilter";
const _IG = "InventoryGroup";
const _IGL = "InventoryGroupList";
const _II = "InstanceId";
const _IIA = "InventoryItemAttribute";
const _IIAL = "InventoryItemAttributeList";
const _IICE = "InvalidItemContentException";
const _IIEL = "InventoryItemEntryList";
const _IIF = "InstanceInformationFilter";
const _IIFL = "InstanceInformationFilterList";
const _IIFV = "InstanceInformationFilterValue";
const _IIFVS = "InstanceInformationFilterValueSet";
const _IIGE = "InvalidInventoryGroupException";
const _III = "InvalidInstanceId";
const _IIICE = "InvalidInventoryItemContextException";
const _IIIFV = "InvalidInstanceInformationFilterValue";
const _IIL = "InstanceInformationList";
const _IILn = "InventoryItemList";
const _IIPFV = "InvalidInstancePropertyFilterValue";
const _IIRE = "InvalidInventoryRequestException";
const _IIS = "InventoryItemSchema";
const _IISF = "InstanceInformationStringFilter";
const _IISFL = "InstanceInformationStringFilterList";
const _IISRL = "InventoryItemSchemaResultList";
const _IIn = "InstanceIds";
const _IIns = "InstanceInfo";
const _IInst = "InstanceInformation";
const _IInv = "InvocationId";
const _IInve = "InventoryItem";
const _IKI = "InvalidKeyId";
const _IL = "InvalidLabels";
const _ILV = "IsLatestVersion";
const _IN = "InstanceName";
const _INC = "InvalidNotificationConfig";
const _INT = "InvalidNextToken";
const _IOC = "InstalledOtherCount";
const _IOE = "InvalidOptionException";
const _IOF = "InvalidOutputFolder";
const _IOL = "InvalidOutputLocation";
const _IOLn = "InstallOverrideList";
const _IP = "InvalidParameters";
const _IPA = "IPAddress";
const _IPAE = "InvalidPolicyAttributeException";
const _IPAF = "IgnorePollAlarmFailure";
const _IPE = "IncompatiblePolicyException";
const _IPF = "InstancePropertyFilter";
const _IPFL = "InstancePropertyFilterList";
const _IPFV = "InstancePropertyFilterValue";
const _IPFVS = "InstancePropertyFilterValueSet";
const _IPM = "IdempotentParameterMismatch";
const _IPN = "InvalidPluginName";
const _IPRC = "InstalledPendingRebootCount";
const _IPS = "InstancePatchStates";
const _IPSF = "InstancePatchStateFilter";
const _IPSFL = "InstancePatchStateFilterList";
const _IPSFLn = "InstancePropertyStringFilterList";
const _IPSFn = "InstancePropertyStringFilter";
const _IPSL = "InstancePatchStateList";
const _IPSLn = "InstancePatchStatesList";
const _IPSn = "InstancePatchState";
const _IPT = "InvalidPermissionType";
const _IPTE = "InvalidPolicyTypeException";
const _IPn = "InstanceProperties";
const _IPns = "InstanceProperty";
const _IR = "InvalidRole";
const _IRAE = "InvalidResultAttributeException";
const _IRC = "InstalledRejectedCount";
const _IRE = "InventoryResultEntity";
const _IREL = "InventoryResultEntityList";
const _IRI = "InvalidResourceId";
const _IRIM = "InventoryResultItemMap";
const _IRIn = "InventoryResultItem";
const _IRT = "InvalidResourceType";
const _IRa = "IamRole";
const _IRn = "InstanceRole";
const _IS = "InvalidSchedule";
const _ISE = "InternalServerError";
const _ISLEE = "ItemSizeLimitExceededException";
const _ISn = "InstanceStatus";
const _ISns = "InstanceState";
const _IT = "InvalidTag";
const _ITM = "InvalidTargetMaps";
const _ITNE = "InvalidTypeNameException";
const _ITn = "InvalidTarget";
const _ITns = "InstanceType";
const _ITnst = "InstalledTime";
const _IU = "InvalidUpdate";
const _IV = "IteratorValue";
const _IWASU = "InstancesWithAvailableSecurityUpdates";
const _IWCNCP = "InstancesWithCriticalNonCompliantPatches";
const _IWFP = "InstancesWithFailedPatches";
const _IWIOP = "InstancesWithInstalledOtherPatches";
const _IWIP = "InstancesWithInstalledPatches";
const _IWIPRP = "InstancesWithInstalledPendingRebootPatches";
const _IWIRP = "InstancesWithInstalledRejectedPatches";
const _IWMP = "InstancesWithMissingPatches";
const _IWNAP = "InstancesWithNotApplicablePatches";
const _IWONCP = "InstancesWithOtherNonCompliantPatches";
const _IWSNCP = "InstancesWithSecurityNonCompliantPatches";
const _IWUNAP = "InstancesWithUnreportedNotApplicablePatches";
const _In = "Instances";
const _Inp = "Input";
const _Inpu = "Inputs";
const _Ins = "Instance";
const _It = "Iteration";
const _Ite = "Items";
const _Item = "Item";
const _K = "Key";
const _KBI = "KBId";
const _KI = "KeyId";
const _KN = "KeyName";
const _KNb = "KbNumber";
const _KTD = "KeysToDelete";
const _L = "Limit";
const _LA = "ListAssociations";
const _LAED = "LastAssociationExecutionDate";
const _LAR = "ListAssociationsRequest";
const _LARi = "ListAssociationsResult";
const _LAV = "ListAssociationVersions";
const _LAVR = "ListAssociationVersionsRequest";
const _LAVRi = "ListAssociationVersionsResult";
const _LC = "LowCount";
const _LCC = "ListCloudConnectors";
const _LCCR = "ListCloudConnectorsRequest";
const _LCCRi = "ListCloudConnectorsResult";
const _LCI = "ListCommandInvocations";
const _LCIR = "ListCommandInvocationsRequest";
const _LCIRi = "ListCommandInvocationsResult";
const _LCIRis = "ListComplianceItemsRequest";
const _LCIRist = "ListComplianceItemsResult";
const _LCIi = "ListComplianceItems";
const _LCR = "ListCommandsRequest";
const _LCRi = "ListCommandsResult";
const _LCS = "ListComplianceSummaries";
const _LCSR = "ListComplianceSummariesRequest";
const _LCSRi = "ListComplianceSummariesResult";
const _LCi = "ListCommands";
const _LD = "ListDocuments";
const _LDMH = "ListDocumentMetadataHistory";
const _LDMHR = "ListDocumentMetadataHistoryRequest";
const _LDMHRi = "ListDocumentMetadataHistoryResponse";
const _LDR = "ListDocumentsRequest";
const _LDRi = "ListDocumentsResult";
const _LDV = "ListDocumentVersions";
const _LDVR = "ListDocumentVersionsRequest";
const _LDVRi = "ListDocumentVersionsResult";
const _LED = "LastExecutionDate";
const _LF = "LogFile";
const _LI = "LoggingInfo";
const _LIE = "ListInventoryEntries";
const _LIER = "ListInventoryEntriesRequest";
const _LIERi = "ListInventoryEntriesResult";
const _LMB = "LastModifiedBy";
const _LMD = "LastModifiedDate";
const _LMT = "LastModifiedTime";
const _LMU = "LastModifiedUser";
const _LN = "ListNodes";
const _LNR = "ListNodesRequest";
const _LNRIOT = "LastNoRebootInstallOperationTime";
const _LNRi = "ListNodesResult";
const _LNS = "ListNodesSummary";
const _LNSR = "ListNodesSummaryRequest";
const _LNSRi = "ListNodesSummaryResult";
const _LOIE = "ListOpsItemEvents";
const _LOIER = "ListOpsItemEventsRequest";
const _LOIERi = "ListOpsItemEventsResponse";
const _LOIRI = "ListOpsItemRelatedItems";
const _LOIRIR = "ListOpsItemRelatedItemsRequest";
const _LOIRIRi = "ListOpsItemRelatedItemsResponse";
const _LOM = "ListOpsMetadata";
const _LOMR = "ListOpsMetadataRequest";
const _LOMRi = "ListOpsMetadataResult";
const _LPDT = "LastPingDateTime";
const _LPV = "LabelParameterVersion";
const _LPVR = "LabelParameterVersionRequest";
const _LPVRa = "LabelParameterVersionResult";
const _LRCS = "ListResourceComplianceSummaries";
const _LRCSR = "ListResourceComplianceSummariesRequest";
const _LRCSRi = "ListResourceComplianceSummariesResult";
const _LRDS = "ListResourceDataSync";
const _LRDSR = "ListResourceDataSyncRequest";
const _LRDSRi = "ListResourceDataSyncResult";
const _LS = "LastStatus";
const _LSAED = "LastSuccessfulAssociationExecutionDate";
const _LSED = "LastSuccessfulExecutionDate";
const _LSM = "LastStatusMessage";
const _LSSM = "LastSyncStatusMessage";
const _LSST = "LastSuccessfulSyncTime";
const _LST = "LastSyncTime";
const _LSUT = "LastStatusUpdateTime";
const _LT = "LimitType";
const _LTFR = "ListTagsForResource";
const _LTFRR = "ListTagsForResourceRequest";
const _LTFRRi = "ListTagsForResourceResult";
const _LTa = "LaunchTime";
const _LUAD = "LastUpdateAssociationDate";
const _LV = "LatestVersion";
const _La = "Labels";
const _Lam = "Lambda";
const _Lan = "Language";
const _M = "Message";
const _MA = "MaxAttempts";
const _MC = "MaxConcurrency";
const _MCe = "MediumCount";
const _MCi = "MissingCount";
const _MD = "ModifiedDate";
const _MDP = "ModifyDocumentPermission";
const _MDPR = "ModifyDocumentPermissionRequest";
const _MDPRo = "ModifyDocumentPermissionResponse";
const _MDSE = "MaxDocumentSizeExceeded";
const _ME = "MaxErrors";
const _MM = "MetadataMap";
const _MN = "MsrcNumber";
const _MR = "MaxResults";
const _MRPDE = "MalformedResourcePolicyDocumentException";
const _MS = "ManagedStatus";
const _MSD = "MaxSessionDuration";
const _MSs = "MsrcSeverity";
const _MTU = "MetadataToUpdate";
const _MV = "MetadataValue";
const _MWAP = "MaintenanceWindowAutomationParameters";
const _MWD = "MaintenanceWindowDescription";
const _MWE = "MaintenanceWindowExecution";
const _MWEL = "MaintenanceWindowExecutionList";
const _MWETI = "MaintenanceWindowExecutionTaskIdentity";
const _MWETII = "MaintenanceWindowExecutionTaskInvocationIdentity";
const _MWETIIL = "MaintenanceWindowExecutionTaskInvocationIdentityList";
const _MWETIL = "MaintenanceWindowExecutionTaskIdentityList";
const _MWETIP = "MaintenanceWindowExecutionTaskInvocationParameters";
const _MWF = "MaintenanceWindowFilter";
const _MWFL = "MaintenanceWindowFilterList";
const _MWFTL = "MaintenanceWindowsForTargetList";
const _MWI = "MaintenanceWindowIdentity";
const _MWIFT = "MaintenanceWindowIdentityForTarget";
const _MWIL = "MaintenanceWindowIdentityList";
const _MWLP = "MaintenanceWindowLambdaPayload";
const _MWLPa = "MaintenanceWindowLambdaParameters";
const _MWRCP = "MaintenanceWindowRunCommandParameters";
const _MWSFI = "MaintenanceWindowStepFunctionsInput";
const _MWSFP = "MaintenanceWindowStepFunctionsParameters";
const _MWT = "MaintenanceWindowTarget";
const _MWTIP = "MaintenanceWindowTaskInvocationParameters";
const _MWTL = "MaintenanceWindowTargetList";
const _MWTLa = "MaintenanceWindowTaskList";
const _MWTP = "MaintenanceWindowTaskParameters";
const _MWTPL = "MaintenanceWindowTaskParametersList";
const _MWTPV = "MaintenanceWindowTaskParameterValue";
const _MWTPVE = "MaintenanceWindowTaskParameterValueExpression";
const _MWTPVL = "MaintenanceWindowTaskParameterValueList";
const _MWTa = "MaintenanceWindowTask";
const _Ma = "Mappings";
const _Me = "Metadata";
const _Mo = "Mode";
const _N = "Name";
const _NA = "NodeAggregator";
const _NAC = "NotApplicableCount";
const _NAL = "NodeAggregatorList";
const _NAo = "NotificationArn";
const _NC = "NotificationConfig";
const _NCC = "NonCompliantCount";
const _NCS = "NonCompliantSummary";
const _NE = "NotificationEvents";
const _NET = "NextExecutionTime";
const _NF = "NodeFilter";
const _NFL = "NodeFilterList";
const _NFVL = "NodeFilterValueList";
const _NL = "NodeList";
const _NLSE = "NoLongerSupportedException";
const _NOI = "NodeOwnerInfo";
const _NS = "NextStep";
const _NSL = "NodeSummaryList";
const _NT = "NextToken";
const _NTT = "NextTransitionTime";
const _NTo = "NodeType";
const _NTot = "NotificationType";
const _Na = "Names";
const _No = "Notifications";
const _Nod = "Nodes";
const _Node = "Node";
const _O = "Overview";
const _OA = "OpsAggregator";
const _OAL = "OpsAggregatorList";
const _OD = "OperationalData";
const _ODTD = "OperationalDataToDelete";
const _OE = "OpsEntity";
const _OEI = "OpsEntityItem";
const _OEIEL = "OpsEntityItemEntryList";
const _OEIM = "OpsEntityItemMap";
const _OEL = "OpsEntityList";
const _OET = "OperationEndTime";
const _OF = "OpsFilter";
const _OFL = "OpsFilterList";
const _OFVL = "OpsFilterValueList";
const _OFn = "OnFailure";
const _OI = "OwnerInformation";
const _OIA = "OpsItemArn";
const _OIADE = "OpsItemAccessDeniedException";
const _OIAEE = "OpsItemAlreadyExistsException";
const _OICE = "OpsItemConflictException";
const _OIDV = "OpsItemDataValue";
const _OIEF = "OpsItemEventFilter";
const _OIEFp = "OpsItemEventFilters";
const _OIES = "OpsItemEventSummary";
const _OIESp = "OpsItemEventSummaries";
const _OIF = "OpsItemFilters";
const _OIFp = "OpsItemFilter";
const _OII = "OpsItemId";
const _OIIPE = "OpsItemInvalidParameterException";
const _OIIp = "OpsItemIdentity";
const _OILEE = "OpsItemLimitExceededException";
const _OIN = "OpsItemNotification";
const _OINFE = "OpsItemNotFoundException";
const _OINp = "OpsItemNotifications";
const _OIOD = "OpsItemOperationalData";
const _OIRIAEE = "OpsItemRelatedItemAlreadyExistsException";
const _OIRIANFE = "OpsItemRelatedItemAssociationNotFoundException";
const _OIRIF = "OpsItemRelatedItemsFilter";
const _OIRIFp = "OpsItemRelatedItemsFilters";
const _OIRIS = "OpsItemRelatedItemSummary";
const _OIRISp = "OpsItemRelatedItemSummaries";
const _OIS = "OpsItemSummaries";
const _OISp = "OpsItemSummary";
const _OIT = "OpsItemType";
const _OIp = "OpsItem";
const _OIr = "OrganizationId";
const _OL = "OutputLocation";
const _OM = "OpsMetadata";
const _OMA = "OpsMetadataArn";
const _OMAEE = "OpsMetadataAlreadyExistsException";
const _OMF = "OpsMetadataFilter";
const _OMFL = "OpsMetadataFilterList";
const _OMIAE = "OpsMetadataInvalidArgumentException";
const _OMKLEE = "OpsMetadataKeyLimitExceededException";
const _OML = "OpsMetadataList";
const _OMLEE = "OpsMetadataLimitExceededException";
const _OMNFE = "OpsMetadataNotFoundException";
const _OMTMUE = "OpsMetadataTooManyUpdatesException";
const _ONCC = "OtherNonCompliantCount";
const _OP = "OverriddenParameters";
const _ORA = "OpsResultAttribute";
const _ORAL = "OpsResultAttributeList";
const _OS = "OutputSource";
const _OSBN = "OutputS3BucketName";
const _OSI = "OutputSourceId";
const _OSKP = "OutputS3KeyPrefix";
const _OSR = "OutputS3Region";
const _OST = "OperationStartTime";
const _OSTr = "OrganizationSourceType";
const _OSTu = "OutputSourceType";
const _OSp = "OperatingSystem";
const _OSv = "OverallSeverity";
const _OU = "OutputUrl";
const _OUI = "OrganizationalUnitId";
const _OUP = "OrganizationalUnitPath";
const _OUr = "OrganizationalUnits";
const _Op = "Operation";
const _Ope = "Operator";
const _Opt = "Option";
const _Ou = "Outputs";
const _Out = "Output";
const _Ov = "Overwrite";
const _Ow = "Owner";
const _P = "Parameters";
const _PAE = "ParameterAlreadyExists";
const _PAEI = "ParentAutomationExecutionId";
const _PBI = "PatchBaselineIdentity";
const _PBIL = "PatchBaselineIdentityList";
const _PC = "ProgressCounters";
const _PCD = "PatchComplianceData";
const _PCDL = "PatchComplianceDataList";
const _PCI = "PutComplianceItems";
const _PCIR = "PutComplianceItemsRequest";
const _PCIRu = "PutComplianceItemsResult";
const _PDN = "ProjectDisplayName";
const _PET = "PlannedEndTime";
const _PF = "ParameterFilters";
const _PFG = "PatchFilterGroup";
const _PFL = "ParametersFilterList";
const _PFLa = "PatchFilterList";
const _PFa = "ParametersFilter";
const _PFat = "PatchFilter";
const _PFatc = "PatchFilters";
const _PFr = "ProductFamily";
const _PG = "PatchGroup";
const _PGPBM = "PatchGroupPatchBaselineMapping";
const _PGPBML = "PatchGroupPatchBaselineMappingList";
const _PGa = "PatchGroups";
const _PH = "PolicyHash";
const _PHL = "ParameterHistoryList";
const _PHa = "ParameterHistory";
const _PI = "PolicyId";
const _PIP = "ParameterInlinePolicy";
const _PIR = "PutInventoryRequest";
const _PIRu = "PutInventoryResult";
const _PIr = "ProjectId";
const _PIu = "PutInventory";
const _PL = "ParameterList";
const _PLE = "ParameterLimitExceeded";
const _PLEE = "PoliciesLimitExceededException";
const _PLa = "PatchList";
const _PM = "ParameterMetadata";
const _PML = "ParameterMetadataList";
const _PMVLE = "ParameterMaxVersionLimitExceeded";
const _PMe = "PermissionModel";
const _PMr = "ProviderMessage";
const _PN = "ParameterNames";
const _PNF = "ParameterNotFound";
const _PNl = "PluginName";
const _PNla = "PlatformName";
const _POF = "PatchOrchestratorFilter";
const _POFL = "PatchOrchestratorFilterList";
const _PP = "PutParameter";
const _PPL = "PatchPropertiesList";
const _PPLa = "ParameterPolicyList";
const _PPME = "ParameterPatternMismatchException";
const _PPR = "PutParameterRequest";
const _PPRu = "PutParameterResult";
const _PR = "PatchRule";
const _PRG = "PatchRuleGroup";
const _PRL = "PatchRuleList";
const _PRP = "PutResourcePolicy";
const _PRPR = "PutResourcePolicyRequest";
const _PRPRu = "PutResourcePolicyResponse";
const _PRV = "PendingReviewVersion";
const _PRa = "PatchRules";
const _PS = "PatchSet";
const _PSC = "PatchSourceConfiguration";
const _PSD = "ParentStepDetails";
const _PSF = "ParameterStringFilter";
const _PSFL = "ParameterStringFilterList";
const _PSL = "PatchSourceList";
const _PSPV = "PSParameterValue";
const _PST = "PlannedStartTime";
const _PSa = "PatchStatus";
const _PSat = "PatchSource";
const _PSi = "PingStatus";
const _PSo = "PolicyStatus";
const _PT = "PermissionType";
const _PTL = "PlatformTypeList";
const _PTl = "PlatformTypes";
const _PTla = "PlatformType";
const _PTo = "PolicyText";
const _PTol = "PolicyType";
const _PV = "PlatformVersion";
const _PVLLE = "ParameterVersionLabelLimitExceeded";
const _PVNF = "ParameterVersionNotFound";
const _PVa = "ParameterVersion";
const _PVar = "ParameterValues";
const _Pa = "Patches";
const _Par = "Parameter";
const _Pat = "Patch";
const _Path = "Path";
const _Pay = "Payload";
const _Po = "Policies";
const _Pol = "Policy";
const _Pr = "Provider";
const _Pre = "Prefix";
const _Pri = "Priority";
const _Pro = "Property";
const _Prod = "Product";
const _Produ = "Products";
const _Proj = "Projects";
const _Prop = "Properties";
const _Q = "Qualifier";
const _QC = "QuotaCode";
const _R = "Runbooks";
const _RA = "RoleArn";
const _RAL = "ResultAttributeList";
const _RAe = "ResourceArn";
const _RAes = "ResultAttributes";
const _RAesu = "ResultAttribute";
const _RC = "ReasonCode";
const _RCBS = "ResourceCountByStatus";
const _RCSI = "ResourceComplianceSummaryItems";
const _RCSIL = "ResourceComplianceSummaryItemList";
const _RCSIe = "ResourceComplianceSummaryItem";
const _RCe = "RegistrationsCount";
const _RCem = "RemainingCount";
const _RCes = "ResponseCode";
const _RCu = "RunCommand";
const _RD = "RegistrationDate";
const _RDHMC = "RegisterDefaultHostManagementConfiguration";
const _RDHMCR = "RegisterDefaultHostManagementConfigurationRequest";
const _RDHMCRe = "RegisterDefaultHostManagementConfigurationResult";
const _RDPB = "RegisterDefaultPatchBaseline";
const _RDPBR = "RegisterDefaultPatchBaselineRequest";
const _RDPBRe = "RegisterDefaultPatchBaselineResult";
const _RDSAEE = "ResourceDataSyncAlreadyExistsException";
const _RDSAOS = "ResourceDataSyncAwsOrganizationsSource";
const _RDSCE = "ResourceDataSyncConflictException";
const _RDSCEE = "ResourceDataSyncCountExceededException";
const _RDSDDS = "ResourceDataSyncDestinationDataSharing";
const _RDSI = "ResourceDataSyncItems";
const _RDSICE = "ResourceDataSyncInvalidConfigurationException";
const _RDSIL = "ResourceDataSyncItemList";
const _RDSIe = "ResourceDataSyncItem";
const _RDSNFE = "ResourceDataSyncNotFoundException";
const _RDSOU = "ResourceDataSyncOrganizationalUnit";
const _RDSOUL = "ResourceDataSyncOrganizationalUnitList";
const _RDSS = "ResourceDataSyncSource";
const _RDSSD = "ResourceDataSyncS3Destination";
const _RDSSWS = "ResourceDataSyncSourceWithState";
const _RDT = "RequestedDateTime";
const _RDe = "ReleaseDate";
const _RFDT = "ResponseFinishDateTime";
const _RI = "ResourceId";
const _RIL = "ReviewInformationList";
const _RIUE = "ResourceInUseException";
const _RIe = "ReviewInformation";
const _RIes = "ResourceIds";
const _RL = "RegistrationLimit";
const _RLEE = "ResourceLimitExceededException";
const _RLe = "RemovedLabels";
const _RM = "RegistrationMetadata";
const _RMI = "RegistrationMetadataItem";
const _RML = "RegistrationMetadataList";
const _RNFE = "ResourceNotFoundException";
const _RO = "ReverseOrder";
const _ROI = "RelatedOpsItems";
const _ROIe = "RelatedOpsItem";
const _ROe = "RebootOption";
const _RP = "RejectedPatches";
const _RPA = "RejectedPatchesAction";
const _RPBFPG = "RegisterPatchBaselineForPatchGroup";
const _RPBFPGR = "RegisterPatchBaselineForPatchGroupRequest";
const _RPBFPGRe = "RegisterPatchBaselineForPatchGroupResult";
const _RPCE = "ResourcePolicyConflictException";
const _RPIPE = "ResourcePolicyInvalidParameterException";
const _RPLEE = "ResourcePolicyLimitExceededException";
const _RPNFE = "ResourcePolicyNotFoundException";
const _RR = "ReviewerResponse";
const _RS = "ReviewStatus";
const _RSDT = "ResponseStartDateTime";
const _RSR = "ResumeSessionRequest";
const _RSRe = "ResumeSessionResponse";
const _RSS = "ResetServiceSetting";
const _RSSR = "ResetServiceSettingRequest";
const _RSSRe = "ResetServiceSettingResult";
const _RSe = "ResumeSession";
const _RT = "ResourceTypes";
const _RTFR = "RemoveTagsFromResource";
const _RTFRR = "RemoveTagsFromResourceRequest";
const _RTFRRe = "RemoveTagsFromResourceResult";
const _RTWMW = "RegisterTargetWithMaintenanceWindow";
const _RTWMWR = "RegisterTargetWithMaintenanceWindowRequest";
const _RTWMWRe = "RegisterTargetWithMaintenanceWindowResult";
const _RTWMWReg = "RegisterTaskWithMaintenanceWindowRequest";
const _RTWMWRegi = "RegisterTaskWithMaintenanceWindowResult";
const _RTWMWe = "RegisterTaskWithMaintenanceWindow";
const _RTe = "ResourceType";
const _RTeq = "RequireType";
const _RTes = "ResolvedTargets";
const _RTev = "ReviewedTime";
const _RU = "ResourceUri";
const _Re = "Regions";
const _Rea = "Reason";
const _Rec = "Recursive";
const _Reg = "Region";
const _Rel = "Release";
const _Rep = "Repository";
const _Repl = "Replace";
const _Req = "Requires";
const _Res = "Response";
const _Rev = "Reviewer";
const _Ru = "Runbook";
const _S = "State";
const _SAE = "ServiceAccountEmail";
const _SAER = "StartAutomationExecutionRequest";
const _SAERt = "StartAutomationExecutionResult";
const _SAERto = "StopAutomationExecutionRequest";
const _SAERtop = "StopAutomationExecutionResult";
const _SAEt = "StartAutomationExecution";
const _SAEto = "StopAutomationExecution";
const _SAK = "SecretAccessKey";
const _SAO = "StartAssociationsOnce";
const _SAOR = "StartAssociationsOnceRequest";
const _SAORt = "StartAssociationsOnceResult";
const _SAR = "StartAccessRequest";
const _SARR = "StartAccessRequestRequest";
const _SARRt = "StartAccessRequestResponse";
const _SAS = "SendAutomationSignal";
const _SASR = "SendAutomationSignalRequest";
const _SASRe = "SendAutomationSignalResult";
const _SBN = "S3BucketName";
const _SC = "ServiceCode";
const _SCR = "SendCommandRequest";
const _SCRE = "StartChangeRequestExecution";
const _SCRER = "StartChangeRequestExecutionRequest";
const _SCRERt = "StartChangeRequestExecutionResult";
const _SCRe = "SendCommandResult";
const _SCT = "SyncCreatedTime";
const _SCe = "SendCommand";
const _SCt = "StartedCount";
const _SCu = "SuccessfulCount";
const _SCy = "SyncCompliance";
const _SD = "StatusDetails";
const _SDO = "SchemaDeleteOption";
const _SDU = "SnapshotDownloadUrl";
const _SDV = "SharedDocumentVersion";
const _SDe = "S3Destination";
const _SDt = "StartDate";
const _SE = "ScheduleExpression";
const _SEC = "StandardErrorContent";
const _SEF = "StepExecutionFilter";
const _SEFL = "StepExecutionFilterList";
const _SEI = "StepExecutionId";
const _SEL = "StepExecutionList";
const _SEP = "StartExecutionPreview";
const _SEPR = "StartExecutionPreviewRequest";
const _SEPRt = "StartExecutionPreviewResponse";
const _SET = "StepExecutionsTruncated";
const _SETc = "ScheduledEndTime";
const _SEU = "StandardErrorUrl";
const _SEt = "StepExecutions";
const _SEte = "StepExecution";
const _SF = "StepFunctions";
const _SFL = "SessionFilterList";
const _SFe = "SessionFilter";
const _SFy = "SyncFormat";
const _SI = "StatusInformation";
const _SIe = "SettingId";
const _SIes = "SessionId";
const _SIn = "SnapshotId";
const _SIo = "SourceId";
const _SIu = "SummaryItems";
const _SKP = "S3KeyPrefix";
const _SL = "S3Location";
const _SLMT = "SyncLastModifiedTime";
const _SLe = "SessionList";
const _SLo = "SourceLocation";
const _SM = "StatusMessage";
const _SMOU = "SessionManagerOutputUrl";
const _SMP = "SessionManagerParameters";
const _SN = "SyncName";
const _SNCC = "SecurityNonCompliantCount";
const _SNt = "StepName";
const _SO = "ScheduleOffset";
const _SOC = "StandardOutputContent";
const _SOL = "S3OutputLocation";
const _SOU = "StandardOutputUrl";
const _SOUu = "S3OutputUrl";
const _SP = "StepPreviews";
const _SQEE = "ServiceQuotaExceededException";
const _SR = "ServiceRole";
const _SRA = "ServiceRoleArn";
const _SRe = "S3Region";
const _SRo = "SourceResult";
const _SRou = "SourceRegions";
const _SS = "SeveritySummary";
const _SSNF = "ServiceSettingNotFound";
const _SSR = "StartSessionRequest";
const _SSRt = "StartSessionResponse";
const _SSe = "ServiceSetting";
const _SSt = "StepStatus";
const _SSta = "StartSession";
const _SSu = "SuccessSteps";
const _SSy = "SyncSource";
const _ST = "SyncType";
const _STCLEE = "SubTypeCountLimitExceededException";
const _STT = "SessionTokenType";
const _STc = "ScheduledTime";
const _STch = "ScheduleTimezone";
const _STe = "SessionToken";
const _STi = "SignalType";
const _STo = "SourceType";
const _STt = "StartTime";
const _STu = "SubType";
const _SU = "StatusUnchanged";
const _SUt = "StreamUrl";
const _SV = "SchemaVersion";
const _SVe = "SettingValue";
const _SWE = "ScheduledWindowExecutions";
const _SWEL = "ScheduledWindowExecutionList";
const _SWEc = "ScheduledWindowExecution";
const _Sa = "Safe";
const _Sc = "Schedule";
const _Sch = "Schemas";
const _Sco = "Scope";
const _Se = "Severity";
const _Sel = "Selector";
const _Ses = "Sessions";
const _Sess = "Session";
const _Sh = "Shared";
const _Sha = "Sha1";
const _Si = "Size";
const _So = "Sources";
const _Sou = "Source";
const _St = "Status";
const _Su = "Successful";
const _Sub = "Subscriptions";
const _Sum = "Summary";
const _Summ = "Summaries";
const _T = "Tags";
const _TA = "TriggeredAlarms";
const _TAa = "TaskArn";
const _TAo = "TotalAccounts";
const _TC = "TargetCount";
const _TCo = "TotalCount";
const _TDN = "TenantDisplayName";
const _TE = "ThrottlingException";
const _TEI = "TaskExecutionId";
const _TI = "TenantId";
const _TIP = "TaskInvocationParameters";
const _TIUE = "TargetInUseException";
const _TIa = "TaskId";
const _TIas = "TaskIds";
const _TK = "TagKeys";
const _TL = "TargetLocations";
const _TLAC = "TargetLocationAlarmConfiguration";
const _TLMC = "TargetLocationMaxConcurrency";
const _TLME = "TargetLocationMaxErrors";
const _TLURL = "TargetLocationsURL";
const _TLa = "TagList";
const _TLar = "TargetLocation";
const _TM = "TargetMaps";
const _TMC = "TargetsMaxConcurrency";
const _TME = "TargetsMaxErrors";
const _TMTE = "TooManyTagsError";
const _TMU = "TooManyUpdates";
const _TMa = "TargetMap";
const _TN = "TypeName";
const _TNC = "TargetNotConnected";
const _TO = "TraceOutput";
const _TOS = "TimedOutSteps";
const _TP = "TargetPreviews";
const _TPL = "TargetPreviewList";
const _TPN = "TargetParameterName";
const _TPa = "TaskParameters";
const _TPar = "TargetPreview";
const _TS = "TargetsSummary";
const _TSLEE = "TotalSizeLimitExceededException";
const _TSR = "TerminateSessionRequest";
const _TSRe = "TerminateSessionResponse";
const _TSe = "TerminateSession";
const _TSi = "TimeoutSeconds";
const _TSo = "TotalSteps";
const _TT = "TargetType";
const _TTa = "TaskType";
const _TV = "TokenValue";
const _Ta = "Targets";
const _Tag = "Tag";
const _Tar = "Target";
const _Tas = "Tasks";
const _Ti = "Title";
const _Tie = "Tier";
const _Tr = "Truncated";
const _Ty = "Type";
const _U = "Url";
const _UA = "UpdatedAt";
const _UAR = "UpdateAssociationRequest";
const _UARp = "UpdateAssociationResult";
const _UAS = "UpdateAssociationStatus";
const _UASR = "UpdateAssociationStatusRequest";
const _UASRp = "UpdateAssociationStatusResult";
const _UAp = "UpdateAssociation";
const _UC = "UnspecifiedCount";
const _UCC = "UpdateCloudConnector";
const _UCCR = "UpdateCloudConnectorRequest";
const _UCCRp = "UpdateCloudConnectorResult";
const _UCE = "UnsupportedCalendarException";
const _UD = "UpdateDocument";
const _UDDV = "UpdateDocumentDefaultVersion";
const _UDDVR = "UpdateDocumentDefaultVersionRequest";
const _UDDVRp = "UpdateDocumentDefaultVersionResult";
const _UDM = "UpdateDocumentMetadata";
const _UDMR = "UpdateDocumentMetadataRequest";
const _UDMRp = "UpdateDocumentMetadataResponse";
const _UDR = "UpdateDocumentRequest";
const _UDRp = "UpdateDocumentResult";
const _UFRE = "UnsupportedFeatureRequiredException";
const _UIICE = "UnsupportedInventoryItemContextException";
const _UISVE = "UnsupportedInventorySchemaVersionException";
const _UMIR = "UpdateManagedInstanceRole";
const _UMIRR = "UpdateManagedInstanceRoleRequest";
const _UMIRRp = "UpdateManagedInstanceRoleResult";
const _UMW = "UpdateMaintenanceWindow";
const _UMWR = "UpdateMaintenanceWindowRequest";
const _UMWRp = "UpdateMaintenanceWindowResult";
const _UMWT = "UpdateMaintenanceWindowTarget";
const _UMWTR = "UpdateMaintenanceWindowTargetRequest";
const _UMWTRp = "UpdateMaintenanceWindowTargetResult";
const _UMWTRpd = "UpdateMaintenanceWindowTaskRequest";
const _UMWTRpda = "UpdateMaintenanceWindowTaskResult";
const _UMWTp = "UpdateMaintenanceWindowTask";
const _UNAC = "UnreportedNotApplicableCount";
const _UOE = "UnsupportedOperationException";
const _UOI = "UpdateOpsItem";
const _UOIR = "UpdateOpsItemRequest";
const _UOIRp = "UpdateOpsItemResponse";
const _UOM = "UpdateOpsMetadata";
const _UOMR = "UpdateOpsMetadataRequest";
const _UOMRp = "UpdateOpsMetadataResult";
const _UOS = "UnsupportedOperatingSystem";
const _UPB = "UpdatePatchBaseline";
const _UPBR = "UpdatePatchBaselineRequest";
const _UPBRp = "UpdatePatchBaselineResult";
const _UPT = "UnsupportedParameterType";
const _UPTn = "UnsupportedPlatformType";
const _UPV = "UnlabelParameterVersion";
const _UPVR = "UnlabelParameterVersionRequest";
const _UPVRn = "UnlabelParameterVersionResult";
const _URDS = "UpdateResourceDataSync";
const _URDSR = "UpdateResourceDataSyncRequest";
const _URDSRp = "UpdateResourceDataSyncResult";
const _USDSE = "UseS3DualStackEndpoint";
const _USS = "UpdateServiceSetting";
const _USSR = "UpdateServiceSettingRequest";
const _USSRp = "UpdateServiceSettingResult";
const _UT = "UpdatedTime";
const _UTp = "UploadType";
const _V = "Value";
const _VCC = "ValidateCloudConnector";
const _VCCR = "ValidateCloudConnectorRequest";
const _VCCRa = "ValidateCloudConnectorResult";
const _VE = "ValidationException";
const _VF = "ValidationFindings";
const _VFL = "ValidationFindingList";
const _VFS = "ValidationFindingScope";
const _VFa = "ValidationFinding";
const _VN = "VersionName";
const _VNS = "ValidNextSteps";
const _Va = "Values";
const _Var = "Variables";
const _Ve = "Version";
const _Ven = "Vendor";
const _WD = "WithDecryption";
const _WE = "WindowExecutions";
const _WEI = "WindowExecutionId";
const _WETI = "WindowExecutionTaskIdentities";
const _WETII = "WindowExecutionTaskInvocationIdentities";
const _WI = "WindowId";
const _WIPP = "WorkloadIdentityPoolProvider";
const _WIi = "WindowIdentities";
const _WM = "WarningMessage";
const _WTI = "WindowTargetId";
const _WTIi = "WindowTaskId";
const _aQE = "awsQueryError";
const _c = "client";
const _e = "error";
const _en = "entries";
const _k = "key";
const _m = "message";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.ssm";
const _se = "server";
const _v = "value";
const _vS = "valueSet";
const _xN = "xmlName";
const n0 = "com.amazonaws.ssm";
const _s_registry = new TypeRegistry(_s);
var SSMServiceException$ = [-3, _s, "SSMServiceException", 0, [], []];
_s_registry.registerError(SSMServiceException$, SSMServiceException);
const n0_registry = new TypeRegistry(n0);
var AccessDeniedException$ = [-3, n0, _ADE,
    { [_e]: _c },
    [_M],
    [0], 1
];
n0_registry.registerError(AccessDeniedException$, AccessDeniedException);
var AlreadyExistsException$ = [-3, n0, _AEE,
    { [_aQE]: [`AlreadyExistsException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AlreadyExistsException$, AlreadyExistsException);
var AssociatedInstances$ = [-3, n0, _AI,
    { [_aQE]: [`AssociatedInstances`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(AssociatedInstances$, AssociatedInstances);
var AssociationAlreadyExists$ = [-3, n0, _AAE,
    { [_aQE]: [`AssociationAlreadyExists`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(AssociationAlreadyExists$, AssociationAlreadyExists);
var AssociationDoesNotExist$ = [-3, n0, _ADNE,
    { [_aQE]: [`AssociationDoesNotExist`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AssociationDoesNotExist$, AssociationDoesNotExist);
var AssociationExecutionDoesNotExist$ = [-3, n0, _AEDNE,
    { [_aQE]: [`AssociationExecutionDoesNotExist`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AssociationExecutionDoesNotExist$, AssociationExecutionDoesNotExist);
var AssociationLimitExceeded$ = [-3, n0, _ALE,
    { [_aQE]: [`AssociationLimitExceeded`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(AssociationLimitExceeded$, AssociationLimitExceeded);
var AssociationVersionLimitExceeded$ = [-3, n0, _AVLE,
    { [_aQE]: [`AssociationVersionLimitExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AssociationVersionLimitExceeded$, AssociationVersionLimitExceeded);
var AutomationDefinitionNotApprovedException$ = [-3, n0, _ADNAE,
    { [_aQE]: [`AutomationDefinitionNotApproved`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AutomationDefinitionNotApprovedException$, AutomationDefinitionNotApprovedException);
var AutomationDefinitionNotFoundException$ = [-3, n0, _ADNFE,
    { [_aQE]: [`AutomationDefinitionNotFound`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AutomationDefinitionNotFoundException$, AutomationDefinitionNotFoundException);
var AutomationDefinitionVersionNotFoundException$ = [-3, n0, _ADVNFE,
    { [_aQE]: [`AutomationDefinitionVersionNotFound`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AutomationDefinitionVersionNotFoundException$, AutomationDefinitionVersionNotFoundException);
var AutomationExecutionLimitExceededException$ = [-3, n0, _AELEE,
    { [_aQE]: [`AutomationExecutionLimitExceeded`, 429], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AutomationExecutionLimitExceededException$, AutomationExecutionLimitExceededException);
var AutomationExecutionNotFoundException$ = [-3, n0, _AENFE,
    { [_aQE]: [`AutomationExecutionNotFound`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AutomationExecutionNotFoundException$, AutomationExecutionNotFoundException);
var AutomationStepNotFoundException$ = [-3, n0, _ASNFE,
    { [_aQE]: [`AutomationStepNotFoundException`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(AutomationStepNotFoundException$, AutomationStepNotFoundException);
var ComplianceTypeCountLimitExceededException$ = [-3, n0, _CTCLEE,
    { [_aQE]: [`ComplianceTypeCountLimitExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ComplianceTypeCountLimitExceededException$, ComplianceTypeCountLimitExceededException);
var ConflictException$ = [-3, n0, _CE,
    { [_aQE]: [`ConflictException`, 409], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ConflictException$, ConflictException);
var CustomSchemaCountLimitExceededException$ = [-3, n0, _CSCLEE,
    { [_aQE]: [`CustomSchemaCountLimitExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(CustomSchemaCountLimitExceededException$, CustomSchemaCountLimitExceededException);
var DocumentAlreadyExists$ = [-3, n0, _DAE,
    { [_aQE]: [`DocumentAlreadyExists`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(DocumentAlreadyExists$, DocumentAlreadyExists);
var DocumentLimitExceeded$ = [-3, n0, _DLE,
    { [_aQE]: [`DocumentLimitExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(DocumentLimitExceeded$, DocumentLimitExceeded);
var DocumentPermissionLimit$ = [-3, n0, _DPL,
    { [_aQE]: [`DocumentPermissionLimit`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(DocumentPermissionLimit$, DocumentPermissionLimit);
var DocumentVersionLimitExceeded$ = [-3, n0, _DVLE,
    { [_aQE]: [`DocumentVersionLimitExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(DocumentVersionLimitExceeded$, DocumentVersionLimitExceeded);
var DoesNotExistException$ = [-3, n0, _DNEE,
    { [_aQE]: [`DoesNotExistException`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(DoesNotExistException$, DoesNotExistException);
var DuplicateDocumentContent$ = [-3, n0, _DDC,
    { [_aQE]: [`DuplicateDocumentContent`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateDocumentContent$, DuplicateDocumentContent);
var DuplicateDocumentVersionName$ = [-3, n0, _DDVN,
    { [_aQE]: [`DuplicateDocumentVersionName`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateDocumentVersionName$, DuplicateDocumentVersionName);
var DuplicateInstanceId$ = [-3, n0, _DII,
    { [_aQE]: [`DuplicateInstanceId`, 404], [_e]: _c },
    [],
    []
];
n0_registry.registerError(DuplicateInstanceId$, DuplicateInstanceId);
var FeatureNotAvailableException$ = [-3, n0, _FNAE,
    { [_aQE]: [`FeatureNotAvailableException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(FeatureNotAvailableException$, FeatureNotAvailableException);
var HierarchyLevelLimitExceededException$ = [-3, n0, _HLLEE,
    { [_aQE]: [`HierarchyLevelLimitExceededException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(HierarchyLevelLimitExceededException$, HierarchyLevelLimitExceededException);
var HierarchyTypeMismatchException$ = [-3, n0, _HTME,
    { [_aQE]: [`HierarchyTypeMismatchException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(HierarchyTypeMismatchException$, HierarchyTypeMismatchException);
var IdempotentParameterMismatch$ = [-3, n0, _IPM,
    { [_aQE]: [`IdempotentParameterMismatch`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(IdempotentParameterMismatch$, IdempotentParameterMismatch);
var IncompatiblePolicyException$ = [-3, n0, _IPE,
    { [_aQE]: [`IncompatiblePolicyException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(IncompatiblePolicyException$, IncompatiblePolicyException);
var InternalServerError$ = [-3, n0, _ISE,
    { [_aQE]: [`InternalServerError`, 500], [_e]: _se },
    [_M],
    [0]
];
n0_registry.registerError(InternalServerError$, InternalServerError);
var InvalidActivation$ = [-3, n0, _IA,
    { [_aQE]: [`InvalidActivation`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidActivation$, InvalidActivation);
var InvalidActivationId$ = [-3, n0, _IAI,
    { [_aQE]: [`InvalidActivationId`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidActivationId$, InvalidActivationId);
var InvalidAggregatorException$ = [-3, n0, _IAE,
    { [_aQE]: [`InvalidAggregator`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidAggregatorException$, InvalidAggregatorException);
var InvalidAllowedPatternException$ = [-3, n0, _IAPE,
    { [_aQE]: [`InvalidAllowedPatternException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidAllowedPatternException$, InvalidAllowedPatternException);
var InvalidAssociation$ = [-3, n0, _IAn,
    { [_aQE]: [`InvalidAssociation`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidAssociation$, InvalidAssociation);
var InvalidAssociationVersion$ = [-3, n0, _IAV,
    { [_aQE]: [`InvalidAssociationVersion`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidAssociationVersion$, InvalidAssociationVersion);
var InvalidAutomationExecutionParametersException$ = [-3, n0, _IAEPE,
    { [_aQE]: [`InvalidAutomationExecutionParameters`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidAutomationExecutionParametersException$, InvalidAutomationExecutionParametersException);
var InvalidAutomationSignalException$ = [-3, n0, _IASE,
    { [_aQE]: [`InvalidAutomationSignalException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidAutomationSignalException$, InvalidAutomationSignalException);
var InvalidAutomationStatusUpdateException$ = [-3, n0, _IASUE,
    { [_aQE]: [`InvalidAutomationStatusUpdateException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidAutomationStatusUpdateException$, InvalidAutomationStatusUpdateException);
var InvalidCommandId$ = [-3, n0, _ICI,
    { [_aQE]: [`InvalidCommandId`, 404], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvalidCommandId$, InvalidCommandId);
var InvalidDeleteInventoryParametersException$ = [-3, n0, _IDIPE,
    { [_aQE]: [`InvalidDeleteInventoryParameters`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDeleteInventoryParametersException$, InvalidDeleteInventoryParametersException);
var InvalidDeletionIdException$ = [-3, n0, _IDIE,
    { [_aQE]: [`InvalidDeletionId`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDeletionIdException$, InvalidDeletionIdException);
var InvalidDocument$ = [-3, n0, _ID,
    { [_aQE]: [`InvalidDocument`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDocument$, InvalidDocument);
var InvalidDocumentContent$ = [-3, n0, _IDC,
    { [_aQE]: [`InvalidDocumentContent`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDocumentContent$, InvalidDocumentContent);
var InvalidDocumentOperation$ = [-3, n0, _IDO,
    { [_aQE]: [`InvalidDocumentOperation`, 403], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDocumentOperation$, InvalidDocumentOperation);
var InvalidDocumentSchemaVersion$ = [-3, n0, _IDSV,
    { [_aQE]: [`InvalidDocumentSchemaVersion`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDocumentSchemaVersion$, InvalidDocumentSchemaVersion);
var InvalidDocumentType$ = [-3, n0, _IDT,
    { [_aQE]: [`InvalidDocumentType`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDocumentType$, InvalidDocumentType);
var InvalidDocumentVersion$ = [-3, n0, _IDV,
    { [_aQE]: [`InvalidDocumentVersion`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidDocumentVersion$, InvalidDocumentVersion);
var InvalidFilter$ = [-3, n0, _IF,
    { [_aQE]: [`InvalidFilter`, 441], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidFilter$, InvalidFilter);
var InvalidFilterKey$ = [-3, n0, _IFK,
    { [_aQE]: [`InvalidFilterKey`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvalidFilterKey$, InvalidFilterKey);
var InvalidFilterOption$ = [-3, n0, _IFO,
    { [_aQE]: [`InvalidFilterOption`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidFilterOption$, InvalidFilterOption);
var InvalidFilterValue$ = [-3, n0, _IFV,
    { [_aQE]: [`InvalidFilterValue`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidFilterValue$, InvalidFilterValue);
var InvalidInstanceId$ = [-3, n0, _III,
    { [_aQE]: [`InvalidInstanceId`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidInstanceId$, InvalidInstanceId);
var InvalidInstanceInformationFilterValue$ = [-3, n0, _IIIFV,
    { [_aQE]: [`InvalidInstanceInformationFilterValue`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidInstanceInformationFilterValue$, InvalidInstanceInformationFilterValue);
var InvalidInstancePropertyFilterValue$ = [-3, n0, _IIPFV,
    { [_aQE]: [`InvalidInstancePropertyFilterValue`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidInstancePropertyFilterValue$, InvalidInstancePropertyFilterValue);
var InvalidInventoryGroupException$ = [-3, n0, _IIGE,
    { [_aQE]: [`InvalidInventoryGroup`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidInventoryGroupException$, InvalidInventoryGroupException);
var InvalidInventoryItemContextException$ = [-3, n0, _IIICE,
    { [_aQE]: [`InvalidInventoryItemContext`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidInventoryItemContextException$, InvalidInventoryItemContextException);
var InvalidInventoryRequestException$ = [-3, n0, _IIRE,
    { [_aQE]: [`InvalidInventoryRequest`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidInventoryRequestException$, InvalidInventoryRequestException);
var InvalidItemContentException$ = [-3, n0, _IICE,
    { [_aQE]: [`InvalidItemContent`, 400], [_e]: _c },
    [_TN, _M],
    [0, 0]
];
n0_registry.registerError(InvalidItemContentException$, InvalidItemContentException);
var InvalidKeyId$ = [-3, n0, _IKI,
    { [_aQE]: [`InvalidKeyId`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidKeyId$, InvalidKeyId);
var InvalidNextToken$ = [-3, n0, _INT,
    { [_aQE]: [`InvalidNextToken`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidNextToken$, InvalidNextToken);
var InvalidNotificationConfig$ = [-3, n0, _INC,
    { [_aQE]: [`InvalidNotificationConfig`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidNotificationConfig$, InvalidNotificationConfig);
var InvalidOptionException$ = [-3, n0, _IOE,
    { [_aQE]: [`InvalidOption`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidOptionException$, InvalidOptionException);
var InvalidOutputFolder$ = [-3, n0, _IOF,
    { [_aQE]: [`InvalidOutputFolder`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvalidOutputFolder$, InvalidOutputFolder);
var InvalidOutputLocation$ = [-3, n0, _IOL,
    { [_aQE]: [`InvalidOutputLocation`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvalidOutputLocation$, InvalidOutputLocation);
var InvalidParameters$ = [-3, n0, _IP,
    { [_aQE]: [`InvalidParameters`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidParameters$, InvalidParameters);
var InvalidPermissionType$ = [-3, n0, _IPT,
    { [_aQE]: [`InvalidPermissionType`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidPermissionType$, InvalidPermissionType);
var InvalidPluginName$ = [-3, n0, _IPN,
    { [_aQE]: [`InvalidPluginName`, 404], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvalidPluginName$, InvalidPluginName);
var InvalidPolicyAttributeException$ = [-3, n0, _IPAE,
    { [_aQE]: [`InvalidPolicyAttributeException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidPolicyAttributeException$, InvalidPolicyAttributeException);
var InvalidPolicyTypeException$ = [-3, n0, _IPTE,
    { [_aQE]: [`InvalidPolicyTypeException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(InvalidPolicyTypeException$, InvalidPolicyTypeException);
var InvalidResourceId$ = [-3, n0, _IRI,
    { [_aQE]: [`InvalidResourceId`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvalidResourceId$, InvalidResourceId);
var InvalidResourceType$ = [-3, n0, _IRT,
    { [_aQE]: [`InvalidResourceType`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvalidResourceType$, InvalidResourceType);
var InvalidResultAttributeException$ = [-3, n0, _IRAE,
    { [_aQE]: [`InvalidResultAttribute`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidResultAttributeException$, InvalidResultAttributeException);
var InvalidRole$ = [-3, n0, _IR,
    { [_aQE]: [`InvalidRole`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidRole$, InvalidRole);
var InvalidSchedule$ = [-3, n0, _IS,
    { [_aQE]: [`InvalidSchedule`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidSchedule$, InvalidSchedule);
var InvalidTag$ = [-3, n0, _IT,
    { [_aQE]: [`InvalidTag`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidTag$, InvalidTag);
var InvalidTarget$ = [-3, n0, _ITn,
    { [_aQE]: [`InvalidTarget`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidTarget$, InvalidTarget);
var InvalidTargetMaps$ = [-3, n0, _ITM,
    { [_aQE]: [`InvalidTargetMaps`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidTargetMaps$, InvalidTargetMaps);
var InvalidTypeNameException$ = [-3, n0, _ITNE,
    { [_aQE]: [`InvalidTypeName`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidTypeNameException$, InvalidTypeNameException);
var InvalidUpdate$ = [-3, n0, _IU,
    { [_aQE]: [`InvalidUpdate`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(InvalidUpdate$, InvalidUpdate);
var InvocationDoesNotExist$ = [-3, n0, _IDNE,
    { [_aQE]: [`InvocationDoesNotExist`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(InvocationDoesNotExist$, InvocationDoesNotExist);
var ItemContentMismatchException$ = [-3, n0, _ICME,
    { [_aQE]: [`ItemContentMismatch`, 400], [_e]: _c },
    [_TN, _M],
    [0, 0]
];
n0_registry.registerError(ItemContentMismatchException$, ItemContentMismatchException);
var ItemSizeLimitExceededException$ = [-3, n0, _ISLEE,
    { [_aQE]: [`ItemSizeLimitExceeded`, 400], [_e]: _c },
    [_TN, _M],
    [0, 0]
];
n0_registry.registerError(ItemSizeLimitExceededException$, ItemSizeLimitExceededException);
var MalformedResourcePolicyDocumentException$ = [-3, n0, _MRPDE,
    { [_aQE]: [`MalformedResourcePolicyDocumentException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(MalformedResourcePolicyDocumentException$, MalformedResourcePolicyDocumentException);
var MaxDocumentSizeExceeded$ = [-3, n0, _MDSE,
    { [_aQE]: [`MaxDocumentSizeExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(MaxDocumentSizeExceeded$, MaxDocumentSizeExceeded);
var NoLongerSupportedException$ = [-3, n0, _NLSE,
    { [_aQE]: [`NoLongerSupported`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(NoLongerSupportedException$, NoLongerSupportedException);
var OpsItemAccessDeniedException$ = [-3, n0, _OIADE,
    { [_aQE]: [`OpsItemAccessDeniedException`, 403], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(OpsItemAccessDeniedException$, OpsItemAccessDeniedException);
var OpsItemAlreadyExistsException$ = [-3, n0, _OIAEE,
    { [_aQE]: [`OpsItemAlreadyExistsException`, 400], [_e]: _c },
    [_M, _OII],
    [0, 0]
];
n0_registry.registerError(OpsItemAlreadyExistsException$, OpsItemAlreadyExistsException);
var OpsItemConflictException$ = [-3, n0, _OICE,
    { [_aQE]: [`OpsItemConflictException`, 409], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(OpsItemConflictException$, OpsItemConflictException);
var OpsItemInvalidParameterException$ = [-3, n0, _OIIPE,
    { [_aQE]: [`OpsItemInvalidParameterException`, 400], [_e]: _c },
    [_PN, _M],
    [64 | 0, 0]
];
n0_registry.registerError(OpsItemInvalidParameterException$, OpsItemInvalidParameterException);
var OpsItemLimitExceededException$ = [-3, n0, _OILEE,
    { [_aQE]: [`OpsItemLimitExceededException`, 400], [_e]: _c },
    [_RT, _L, _LT, _M],
    [64 | 0, 1, 0, 0]
];
n0_registry.registerError(OpsItemLimitExceededException$, OpsItemLimitExceededException);
var OpsItemNotFoundException$ = [-3, n0, _OINFE,
    { [_aQE]: [`OpsItemNotFoundException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(OpsItemNotFoundException$, OpsItemNotFoundException);
var OpsItemRelatedItemAlreadyExistsException$ = [-3, n0, _OIRIAEE,
    { [_aQE]: [`OpsItemRelatedItemAlreadyExistsException`, 400], [_e]: _c },
    [_M, _RU, _OII],
    [0, 0, 0]
];
n0_registry.registerError(OpsItemRelatedItemAlreadyExistsException$, OpsItemRelatedItemAlreadyExistsException);
var OpsItemRelatedItemAssociationNotFoundException$ = [-3, n0, _OIRIANFE,
    { [_aQE]: [`OpsItemRelatedItemAssociationNotFoundException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(OpsItemRelatedItemAssociationNotFoundException$, OpsItemRelatedItemAssociationNotFoundException);
var OpsMetadataAlreadyExistsException$ = [-3, n0, _OMAEE,
    { [_aQE]: [`OpsMetadataAlreadyExistsException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(OpsMetadataAlreadyExistsException$, OpsMetadataAlreadyExistsException);
var OpsMetadataInvalidArgumentException$ = [-3, n0, _OMIAE,
    { [_aQE]: [`OpsMetadataInvalidArgumentException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(OpsMetadataInvalidArgumentException$, OpsMetadataInvalidArgumentException);
var OpsMetadataKeyLimitExceededException$ = [-3, n0, _OMKLEE,
    { [_aQE]: [`OpsMetadataKeyLimitExceededException`, 429], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(OpsMetadataKeyLimitExceededException$, OpsMetadataKeyLimitExceededException);
var OpsMetadataLimitExceededException$ = [-3, n0, _OMLEE,
    { [_aQE]: [`OpsMetadataLimitExceededException`, 429], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(OpsMetadataLimitExceededException$, OpsMetadataLimitExceededException);
var OpsMetadataNotFoundException$ = [-3, n0, _OMNFE,
    { [_aQE]: [`OpsMetadataNotFoundException`, 404], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(OpsMetadataNotFoundException$, OpsMetadataNotFoundException);
var OpsMetadataTooManyUpdatesException$ = [-3, n0, _OMTMUE,
    { [_aQE]: [`OpsMetadataTooManyUpdatesException`, 429], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(OpsMetadataTooManyUpdatesException$, OpsMetadataTooManyUpdatesException);
var ParameterAlreadyExists$ = [-3, n0, _PAE,
    { [_aQE]: [`ParameterAlreadyExists`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ParameterAlreadyExists$, ParameterAlreadyExists);
var ParameterLimitExceeded$ = [-3, n0, _PLE,
    { [_aQE]: [`ParameterLimitExceeded`, 429], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ParameterLimitExceeded$, ParameterLimitExceeded);
var ParameterMaxVersionLimitExceeded$ = [-3, n0, _PMVLE,
    { [_aQE]: [`ParameterMaxVersionLimitExceeded`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ParameterMaxVersionLimitExceeded$, ParameterMaxVersionLimitExceeded);
var ParameterNotFound$ = [-3, n0, _PNF,
    { [_aQE]: [`ParameterNotFound`, 404], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ParameterNotFound$, ParameterNotFound);
var ParameterPatternMismatchException$ = [-3, n0, _PPME,
    { [_aQE]: [`ParameterPatternMismatchException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ParameterPatternMismatchException$, ParameterPatternMismatchException);
var ParameterVersionLabelLimitExceeded$ = [-3, n0, _PVLLE,
    { [_aQE]: [`ParameterVersionLabelLimitExceeded`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ParameterVersionLabelLimitExceeded$, ParameterVersionLabelLimitExceeded);
var ParameterVersionNotFound$ = [-3, n0, _PVNF,
    { [_aQE]: [`ParameterVersionNotFound`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(ParameterVersionNotFound$, ParameterVersionNotFound);
var PoliciesLimitExceededException$ = [-3, n0, _PLEE,
    { [_aQE]: [`PoliciesLimitExceededException`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(PoliciesLimitExceededException$, PoliciesLimitExceededException);
var ResourceDataSyncAlreadyExistsException$ = [-3, n0, _RDSAEE,
    { [_aQE]: [`ResourceDataSyncAlreadyExists`, 400], [_e]: _c },
    [_SN],
    [0]
];
n0_registry.registerError(ResourceDataSyncAlreadyExistsException$, ResourceDataSyncAlreadyExistsException);
var ResourceDataSyncConflictException$ = [-3, n0, _RDSCE,
    { [_aQE]: [`ResourceDataSyncConflictException`, 409], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourceDataSyncConflictException$, ResourceDataSyncConflictException);
var ResourceDataSyncCountExceededException$ = [-3, n0, _RDSCEE,
    { [_aQE]: [`ResourceDataSyncCountExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourceDataSyncCountExceededException$, ResourceDataSyncCountExceededException);
var ResourceDataSyncInvalidConfigurationException$ = [-3, n0, _RDSICE,
    { [_aQE]: [`ResourceDataSyncInvalidConfiguration`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourceDataSyncInvalidConfigurationException$, ResourceDataSyncInvalidConfigurationException);
var ResourceDataSyncNotFoundException$ = [-3, n0, _RDSNFE,
    { [_aQE]: [`ResourceDataSyncNotFound`, 404], [_e]: _c },
    [_SN, _ST, _M],
    [0, 0, 0]
];
n0_registry.registerError(ResourceDataSyncNotFoundException$, ResourceDataSyncNotFoundException);
var ResourceInUseException$ = [-3, n0, _RIUE,
    { [_aQE]: [`ResourceInUseException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourceInUseException$, ResourceInUseException);
var ResourceLimitExceededException$ = [-3, n0, _RLEE,
    { [_aQE]: [`ResourceLimitExceededException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourceLimitExceededException$, ResourceLimitExceededException);
var ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_aQE]: [`ResourceNotFoundException`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
var ResourcePolicyConflictException$ = [-3, n0, _RPCE,
    { [_aQE]: [`ResourcePolicyConflictException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourcePolicyConflictException$, ResourcePolicyConflictException);
var ResourcePolicyInvalidParameterException$ = [-3, n0, _RPIPE,
    { [_aQE]: [`ResourcePolicyInvalidParameterException`, 400], [_e]: _c },
    [_PN, _M],
    [64 | 0, 0]
];
n0_registry.registerError(ResourcePolicyInvalidParameterException$, ResourcePolicyInvalidParameterException);
var ResourcePolicyLimitExceededException$ = [-3, n0, _RPLEE,
    { [_aQE]: [`ResourcePolicyLimitExceededException`, 400], [_e]: _c },
    [_L, _LT, _M],
    [1, 0, 0]
];
n0_registry.registerError(ResourcePolicyLimitExceededException$, ResourcePolicyLimitExceededException);
var ResourcePolicyNotFoundException$ = [-3, n0, _RPNFE,
    { [_aQE]: [`ResourcePolicyNotFoundException`, 404], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ResourcePolicyNotFoundException$, ResourcePolicyNotFoundException);
var ServiceQuotaExceededException$ = [-3, n0, _SQEE,
    { [_e]: _c },
    [_M, _QC, _SC, _RI, _RTe],
    [0, 0, 0, 0, 0], 3
];
n0_registry.registerError(ServiceQuotaExceededException$, ServiceQuotaExceededException);
var ServiceSettingNotFound$ = [-3, n0, _SSNF,
    { [_aQE]: [`ServiceSettingNotFound`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(ServiceSettingNotFound$, ServiceSettingNotFound);
var StatusUnchanged$ = [-3, n0, _SU,
    { [_aQE]: [`StatusUnchanged`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(StatusUnchanged$, StatusUnchanged);
var SubTypeCountLimitExceededException$ = [-3, n0, _STCLEE,
    { [_aQE]: [`SubTypeCountLimitExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(SubTypeCountLimitExceededException$, SubTypeCountLimitExceededException);
var TargetInUseException$ = [-3, n0, _TIUE,
    { [_aQE]: [`TargetInUseException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(TargetInUseException$, TargetInUseException);
var TargetNotConnected$ = [-3, n0, _TNC,
    { [_aQE]: [`TargetNotConnected`, 430], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(TargetNotConnected$, TargetNotConnected);
var ThrottlingException$ = [-3, n0, _TE,
    { [_e]: _c },
    [_M, _QC, _SC],
    [0, 0, 0], 1
];
n0_registry.registerError(ThrottlingException$, ThrottlingException);
var TooManyTagsError$ = [-3, n0, _TMTE,
    { [_aQE]: [`TooManyTagsError`, 400], [_e]: _c },
    [],
    []
];
n0_registry.registerError(TooManyTagsError$, TooManyTagsError);
var TooManyUpdates$ = [-3, n0, _TMU,
    { [_aQE]: [`TooManyUpdates`, 429], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(TooManyUpdates$, TooManyUpdates);
var TotalSizeLimitExceededException$ = [-3, n0, _TSLEE,
    { [_aQE]: [`TotalSizeLimitExceeded`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(TotalSizeLimitExceededException$, TotalSizeLimitExceededException);
var UnsupportedCalendarException$ = [-3, n0, _UCE,
    { [_aQE]: [`UnsupportedCalendarException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedCalendarException$, UnsupportedCalendarException);
var UnsupportedFeatureRequiredException$ = [-3, n0, _UFRE,
    { [_aQE]: [`UnsupportedFeatureRequiredException`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedFeatureRequiredException$, UnsupportedFeatureRequiredException);
var UnsupportedInventoryItemContextException$ = [-3, n0, _UIICE,
    { [_aQE]: [`UnsupportedInventoryItemContext`, 400], [_e]: _c },
    [_TN, _M],
    [0, 0]
];
n0_registry.registerError(UnsupportedInventoryItemContextException$, UnsupportedInventoryItemContextException);
var UnsupportedInventorySchemaVersionException$ = [-3, n0, _UISVE,
    { [_aQE]: [`UnsupportedInventorySchemaVersion`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedInventorySchemaVersionException$, UnsupportedInventorySchemaVersionException);
var UnsupportedOperatingSystem$ = [-3, n0, _UOS,
    { [_aQE]: [`UnsupportedOperatingSystem`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedOperatingSystem$, UnsupportedOperatingSystem);
var UnsupportedOperationException$ = [-3, n0, _UOE,
    { [_aQE]: [`UnsupportedOperation`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedOperationException$, UnsupportedOperationException);
var UnsupportedParameterType$ = [-3, n0, _UPT,
    { [_aQE]: [`UnsupportedParameterType`, 400], [_e]: _c },
    [_m],
    [0]
];
n0_registry.registerError(UnsupportedParameterType$, UnsupportedParameterType);
var UnsupportedPlatformType$ = [-3, n0, _UPTn,
    { [_aQE]: [`UnsupportedPlatformType`, 400], [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedPlatformType$, UnsupportedPlatformType);
var ValidationException$ = [-3, n0, _VE,
    { [_aQE]: [`ValidationException`, 400], [_e]: _c },
    [_M, _RC],
    [0, 0]
];
n0_registry.registerError(ValidationException$, ValidationException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var AccessKeySecretType = [0, n0, _AKST, 8, 0];
var IPAddress = [0, n0, _IPA, 8, 0];
var MaintenanceWindowDescription = [0, n0, _MWD, 8, 0];
var MaintenanceWindowExecutionTaskInvocationParameters = [0, n0, _MWETIP, 8, 0];
var MaintenanceWindowLambdaPayload = [0, n0, _MWLP, 8, 21];
var MaintenanceWindowStepFunctionsInput = [0, n0, _MWSFI, 8, 0];
var MaintenanceWindowTaskParameterValue = [0, n0, _MWTPV, 8, 0];
var OwnerInformation = [0, n0, _OI, 8, 0];
var PatchSourceConfiguration = [0, n0, _PSC, 8, 0];
var PSParameterValue = [0, n0, _PSPV, 8, 0];
var SessionTokenType = [0, n0, _STT, 8, 0];
var AccountSharingInfo$ = [3, n0, _ASI,
    0,
    [_AIc, _SDV],
    [0, 0]
];
var Activation$ = [3, n0, _A,
    0,
    [_AIct, _D, _DIN, _IRa, _RL, _RCe, _ED, _E, _CD, _T],
    [0, 0, 0, 0, 1, 1, 4, 2, 4, () => TagList]
];
var AddTagsToResourceRequest$ = [3, n0, _ATTRR,
    0,
    [_RTe, _RI, _T],
    [0, 0, () => TagList], 3
];
var AddTagsToResourceResult$ = [3, n0, _ATTRRd,
    0,
    [],
    []
];
var Alarm$ = [3, n0, _Al,
    0,
    [_N],
    [0], 1
];
var AlarmConfiguration$ = [3, n0, _AC,
    0,
    [_Ala, _IPAF],
    [() => AlarmList, 2], 1
];
var AlarmStateInformation$ = [3, n0, _ASIl,
    0,
    [_N, _S],
    [0, 0], 2
];
var AssociateOpsItemRelatedItemRequest$ = [3, n0, _AOIRIR,
    0,
    [_OII, _AT, _RTe, _RU],
    [0, 0, 0, 0], 4
];
var AssociateOpsItemRelatedItemResponse$ = [3, n0, _AOIRIRs,
    0,
    [_AIs],
    [0]
];
var Association$ = [3, n0, _As,
    0,
    [_N, _II, _AIs, _AV, _DV, _Ta, _LED, _O, _SE, _AN, _SO, _Du, _TM],
    [0, 0, 0, 0, 0, () => Targets, 4, () => AssociationOverview$, 0, 0, 1, 1, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]]]
];
var AssociationDescription$ = [3, n0, _AD,
    0,
    [_N, _II, _AV, _Da, _LUAD, _St, _O, _DV, _ATPN, _P, _AIs, _Ta, _SE, _OL, _LED, _LSED, _AN, _ME, _MC, _CS, _SCy, _AOACI, _CN, _TL, _SO, _Du, _TM, _AC, _TA, _ADAR],
    [0, 0, 0, 4, 4, () => AssociationStatus$, () => AssociationOverview$, 0, 0, [() => _Parameters, 0], 0, () => Targets, 0, () => InstanceAssociationOutputLocation$, 4, 4, 0, 0, 0, 0, 0, 2, 64 | 0, () => TargetLocations, 1, 1, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], () => AlarmConfiguration$, () => AlarmStateInformationList, 0]
];
var AssociationExecution$ = [3, n0, _AE,
    0,
    [_AIs, _AV, _EI, _St, _DS, _CT, _LED, _RCBS, _AC, _TA],
    [0, 0, 0, 0, 0, 4, 4, 0, () => AlarmConfiguration$, () => AlarmStateInformationList]
];
var AssociationExecutionFilter$ = [3, n0, _AEF,
    0,
    [_K, _V, _Ty],
    [0, 0, 0], 3
];
var AssociationExecutionTarget$ = [3, n0, _AET,
    0,
    [_AIs, _AV, _EI, _RI, _RTe, _St, _DS, _LED, _OS],
    [0, 0, 0, 0, 0, 0, 0, 4, () => OutputSource$]
];
var AssociationExecutionTargetsFilter$ = [3, n0, _AETF,
    0,
    [_K, _V],
    [0, 0], 2
];
var AssociationFilter$ = [3, n0, _AF,
    0,
    [_k, _v],
    [0, 0], 2
];
var AssociationOverview$ = [3, n0, _AO,
    0,
    [_St, _DS, _ASAC],
    [0, 0, 128 | 1]
];
var AssociationStatus$ = [3, n0, _AS,
    0,
    [_Da, _N, _M, _AId],
    [4, 0, 0, 0], 3
];
var AssociationVersionInfo$ = [3, n0, _AVI,
    0,
    [_AIs, _AV, _CD, _N, _DV, _P, _Ta, _SE, _OL, _AN, _ME, _MC, _CS, _SCy, _AOACI, _CN, _TL, _SO, _Du, _TM, _ADAR],
    [0, 0, 4, 0, 0, [() => _Parameters, 0], () => Targets, 0, () => InstanceAssociationOutputLocation$, 0, 0, 0, 0, 0, 2, 64 | 0, () => TargetLocations, 1, 1, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], 0]
];
var AttachmentContent$ = [3, n0, _ACt,
    0,
    [_N, _Si, _H, _HT, _U],
    [0, 1, 0, 0, 0]
];
var AttachmentInformation$ = [3, n0, _AIt,
    0,
    [_N],
    [0]
];
var AttachmentsSource$ = [3, n0, _ASt,
    0,
    [_K, _Va, _N],
    [0, 64 | 0, 0]
];
var AutomationExecution$ = [3, n0, _AEu,
    0,
    [_AEI, _DN, _DV, _EST, _EET, _AES, _SEt, _SET, _P, _Ou, _FM, _WM, _Mo, _PAEI, _EB, _CSN, _CA, _TPN, _Ta, _TM, _RTes, _MC, _ME, _Tar, _TL, _PC, _AC, _TA, _TLURL, _ASu, _STc, _R, _OII, _AIs, _CRN, _Var, _TS],
    [0, 0, 0, 4, 4, 0, () => StepExecutionList, 2, [2, n0, _APM, 0, 0, 64 | 0], [2, n0, _APM, 0, 0, 64 | 0], 0, 0, 0, 0, 0, 0, 0, 0, () => Targets, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], () => ResolvedTargets$, 0, 0, 0, () => TargetLocations, () => ProgressCounters$, () => AlarmConfiguration$, () => AlarmStateInformationList, 0, 0, 4, () => Runbooks, 0, 0, 0, [2, n0, _APM, 0, 0, 64 | 0], () => TargetsSummary$]
];
var AutomationExecutionFilter$ = [3, n0, _AEFu,
    0,
    [_K, _Va],
    [0, 64 | 0], 2
];
var AutomationExecutionInputs$ = [3, n0, _AEIu,
    0,
    [_P, _TPN, _Ta, _TM, _TL, _TLURL],
    [[2, n0, _APM, 0, 0, 64 | 0], 0, () => AutomationTargets, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], () => TargetLocations, 0]
];
var AutomationExecutionMetadata$ = [3, n0, _AEM,
    0,
    [_AEI, _DN, _DV, _AES, _EST, _EET, _EB, _LF, _Ou, _Mo, _PAEI, _CSN, _CA, _FM, _WM, _TPN, _Ta, _TM, _RTes, _MC, _ME, _Tar, _ATu, _AC, _TA, _TLURL, _ASu, _STc, _R, _OII, _AIs, _CRN],
    [0, 0, 0, 0, 4, 4, 0, 0, [2, n0, _APM, 0, 0, 64 | 0], 0, 0, 0, 0, 0, 0, 0, () => Targets, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], () => ResolvedTargets$, 0, 0, 0, 0, () => AlarmConfiguration$, () => AlarmStateInformationList, 0, 0, 4, () => Runbooks, 0, 0, 0]
];
var AutomationExecutionPreview$ = [3, n0, _AEP,
    0,
    [_SP, _Re, _TP, _TAo],
    [128 | 1, 64 | 0, () => TargetPreviewList, 1]
];
var AzureConfiguration$ = [3, n0, _ACz,
    0,
    [_TI, _AIp, _TDN, _ADN, _Ta],
    [0, 0, 0, 0, () => ConfigurationTargets$], 2
];
var AzureSubscription$ = [3, n0, _ASz,
    0,
    [_I, _DNi],
    [0, 0], 1
];
var BaselineOverride$ = [3, n0, _BO,
    0,
    [_OSp, _GF, _AR, _AP, _APCL, _RP, _RPA, _APENS, _So, _ASUCS],
    [0, () => PatchFilterGroup$, () => PatchRuleGroup$, 64 | 0, 0, 64 | 0, 0, 2, [() => PatchSourceList, 0], 0]
];
var CancelCommandRequest$ = [3, n0, _CCR,
    0,
    [_CI, _IIn],
    [0, 64 | 0], 1
];
var CancelCommandResult$ = [3, n0, _CCRa,
    0,
    [],
    []
];
var CancelMaintenanceWindowExecutionRequest$ = [3, n0, _CMWER,
    0,
    [_WEI],
    [0], 1
];
var CancelMaintenanceWindowExecutionResult$ = [3, n0, _CMWERa,
    0,
    [_WEI],
    [0]
];
var CloudConnectorFilter$ = [3, n0, _CCF,
    0,
    [_FK, _FV],
    [0, 64 | 0]
];
var CloudConnectorSummary$ = [3, n0, _CCS,
    0,
    [_CCI, _DNi, _D, _RA, _CAr, _UA, _Pr, _CCA],
    [0, 0, 0, 0, 4, 4, 0, 0]
];
var CloudWatchOutputConfig$ = [3, n0, _CWOC,
    0,
    [_CWLGN, _CWOE],
    [0, 2]
];
var Command$ = [3, n0, _C,
    0,
    [_CI, _DN, _DV, _Co, _EA, _P, _IIn, _Ta, _RDT, _St, _SD, _OSR, _OSBN, _OSKP, _MC, _ME, _TC, _CC, _EC, _DTOC, _SR, _NC, _CWOC, _TSi, _AC, _TA],
    [0, 0, 0, 0, 4, [() => _Parameters, 0], 64 | 0, () => Targets, 4, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, () => NotificationConfig$, () => CloudWatchOutputConfig$, 1, () => AlarmConfiguration$, () => AlarmStateInformationList]
];
var CommandFilter$ = [3, n0, _CF,
    0,
    [_k, _v],
    [0, 0], 2
];
var CommandInvocation$ = [3, n0, _CIo,
    0,
    [_CI, _II, _IN, _Co, _DN, _DV, _RDT, _St, _SD, _TO, _SOU, _SEU, _CP, _SR, _NC, _CWOC],
    [0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, () => CommandPluginList, 0, () => NotificationConfig$, () => CloudWatchOutputConfig$]
];
var CommandPlugin$ = [3, n0, _CPo,
    0,
    [_N, _St, _SD, _RCes, _RSDT, _RFDT, _Out, _SOU, _SEU, _OSR, _OSBN, _OSKP],
    [0, 0, 0, 1, 4, 4, 0, 0, 0, 0, 0, 0]
];
var ComplianceExecutionSummary$ = [3, n0, _CES,
    0,
    [_ET, _EI, _ETx],
    [4, 0, 0], 1
];
var ComplianceItem$ = [3, n0, _CIom,
    0,
    [_CTo, _RTe, _RI, _I, _Ti, _St, _Se, _ES, _De],
    [0, 0, 0, 0, 0, 0, 0, () => ComplianceExecutionSummary$, 128 | 0]
];
var ComplianceItemEntry$ = [3, n0, _CIE,
    0,
    [_Se, _St, _I, _Ti, _De],
    [0, 0, 0, 0, 128 | 0], 2
];
var ComplianceStringFilter$ = [3, n0, _CSF,
    0,
    [_K, _Va, _Ty],
    [0, [() => ComplianceStringFilterValueList, 0], 0]
];
var ComplianceSummaryItem$ = [3, n0, _CSI,
    0,
    [_CTo, _CSo, _NCS],
    [0, () => CompliantSummary$, () => NonCompliantSummary$]
];
var CompliantSummary$ = [3, n0, _CSo,
    0,
    [_CCo, _SS],
    [1, () => SeveritySummary$]
];
var CreateActivationRequest$ = [3, n0, _CAR,
    0,
    [_IRa, _D, _DIN, _RL, _ED, _T, _RM],
    [0, 0, 0, 1, 4, () => TagList, () => RegistrationMetadataList], 1
];
var CreateActivationResult$ = [3, n0, _CARr,
    0,
    [_AIct, _ACc],
    [0, 0]
];
var CreateAssociationBatchRequest$ = [3, n0, _CABR,
    0,
    [_En, _ADAR],
    [[() => CreateAssociationBatchRequestEntries, 0], 0], 1
];
var CreateAssociationBatchRequestEntry$ = [3, n0, _CABRE,
    0,
    [_N, _II, _P, _ATPN, _DV, _Ta, _SE, _OL, _AN, _ME, _MC, _CS, _SCy, _AOACI, _CN, _TL, _SO, _Du, _TM, _AC],
    [0, 0, [() => _Parameters, 0], 0, 0, () => Targets, 0, () => InstanceAssociationOutputLocation$, 0, 0, 0, 0, 0, 2, 64 | 0, () => TargetLocations, 1, 1, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], () => AlarmConfiguration$], 1
];
var CreateAssociationBatchResult$ = [3, n0, _CABRr,
    0,
    [_Su, _F],
    [[() => AssociationDescriptionList, 0], [() => FailedCreateAssociationList, 0]]
];
var CreateAssociationRequest$ = [3, n0, _CARre,
    0,
    [_N, _DV, _II, _P, _Ta, _SE, _OL, _AN, _ATPN, _ME, _MC, _CS, _SCy, _AOACI, _CN, _TL, _SO, _Du, _TM, _T, _AC, _ADAR],
    [0, 0, 0, [() => _Parameters, 0], () => Targets, 0, () => InstanceAssociationOutputLocation$, 0, 0, 0, 0, 0, 0, 2, 64 | 0, () => TargetLocations, 1, 1, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], () => TagList, () => AlarmConfiguration$, 0], 1
];
var CreateAssociationResult$ = [3, n0, _CARrea,
    0,
    [_AD],
    [[() => AssociationDescription$, 0]]
];
var CreateCloudConnectorRequest$ = [3, n0, _CCCR,
    0,
    [_DNi, _RA, _Con, _D, _CCA, _T],
    [0, 0, () => CloudConnectorConfiguration$, 0, 0, () => TagList], 3
];
var CreateCloudConnectorResult$ = [3, n0, _CCCRr,
    0,
    [_CCI],
    [0]
];
var CreateDocumentRequest$ = [3, n0, _CDR,
    0,
    [_Cont, _N, _Req, _At, _DNi, _VN, _DT, _DF, _TT, _T],
    [0, 0, () => DocumentRequiresList, () => AttachmentsSourceList, 0, 0, 0, 0, 0, () => TagList], 2
];
var CreateDocumentResult$ = [3, n0, _CDRr,
    0,
    [_DD],
    [[() => DocumentDescription$, 0]]
];
var CreateMaintenanceWindowRequest$ = [3, n0, _CMWR,
    0,
    [_N, _Sc, _Du, _Cu, _AUT, _D, _SDt, _EDn, _STch, _SO, _CTl, _T],
    [0, 0, 1, 1, 2, [() => MaintenanceWindowDescription, 0], 0, 0, 0, 1, [0, 4], () => TagList], 5
];
var CreateMaintenanceWindowResult$ = [3, n0, _CMWRr,
    0,
    [_WI],
    [0]
];
var CreateOpsItemRequest$ = [3, n0, _COIR,
    0,
    [_D, _Sou, _Ti, _OIT, _OD, _No, _Pri, _ROI, _T, _Ca, _Se, _AST, _AETc, _PST, _PET, _AIc],
    [0, 0, 0, 0, () => OpsItemOperationalData, () => OpsItemNotifications, 1, () => RelatedOpsItems, () => TagList, 0, 0, 4, 4, 4, 4, 0], 3
];
var CreateOpsItemResponse$ = [3, n0, _COIRr,
    0,
    [_OII, _OIA],
    [0, 0]
];
var CreateOpsMetadataRequest$ = [3, n0, _COMR,
    0,
    [_RI, _Me, _T],
    [0, () => MetadataMap, () => TagList], 1
];
var CreateOpsMetadataResult$ = [3, n0, _COMRr,
    0,
    [_OMA],
    [0]
];
var CreatePatchBaselineRequest$ = [3, n0, _CPBR,
    0,
    [_N, _OSp, _GF, _AR, _AP, _APCL, _APENS, _RP, _RPA, _D, _So, _ASUCS, _CTl, _T],
    [0, 0, () => PatchFilterGroup$, () => PatchRuleGroup$, 64 | 0, 0, 2, 64 | 0, 0, 0, [() => PatchSourceList, 0], 0, [0, 4], () => TagList], 1
];
var CreatePatchBaselineResult$ = [3, n0, _CPBRr,
    0,
    [_BI],
    [0]
];
var CreateResourceDataSyncRequest$ = [3, n0, _CRDSR,
    0,
    [_SN, _SDe, _ST, _SSy],
    [0, () => ResourceDataSyncS3Destination$, 0, () => ResourceDataSyncSource$], 1
];
var CreateResourceDataSyncResult$ = [3, n0, _CRDSRr,
    0,
    [],
    []
];
var Credentials$ = [3, n0, _Cr,
    0,
    [_AKI, _SAK, _STe, _ETxp],
    [0, [() => AccessKeySecretType, 0], [() => SessionTokenType, 0], 4], 4
];
var DeleteActivationRequest$ = [3, n0, _DAR,
    0,
    [_AIct],
    [0], 1
];
var DeleteActivationResult$ = [3, n0, _DARe,
    0,
    [],
    []
];
var DeleteAssociationRequest$ = [3, n0, _DARel,
    0,
    [_N, _II, _AIs],
    [0, 0, 0]
];
var DeleteAssociationResult$ = [3, n0, _DARele,
    0,
    [],
    []
];
var DeleteCloudConnectorRequest$ = [3, n0, _DCCR,
    0,
    [_CCI],
    [0], 1
];
var DeleteCloudConnectorResult$ = [3, n0, _DCCRe,
    0,
    [_CCI],
    [0]
];
var DeleteDocumentRequest$ = [3, n0, _DDR,
    0,
    [_N, _DV, _VN, _Fo],
    [0, 0, 0, 2], 1
];
var DeleteDocumentResult$ = [3, n0, _DDRe,
    0,
    [],
    []
];
var DeleteInventoryRequest$ = [3, n0, _DIR,
    0,
    [_TN, _SDO, _DR, _CTl],
    [0, 0, 2, [0, 4]], 1
];
var DeleteInventoryResult$ = [3, n0, _DIRe,
    0,
    [_DI, _TN, _DSe],
    [0, 0, () => InventoryDeletionSummary$]
];
var DeleteMaintenanceWindowRequest$ = [3, n0, _DMWR,
    0,
    [_WI],
    [0], 1
];
var DeleteMaintenanceWindowResult$ = [3, n0, _DMWRe,
    0,
    [_WI],
    [0]
];
var DeleteOpsItemRequest$ = [3, n0, _DOIR,
    0,
    [_OII],
    [0], 1
];
var DeleteOpsItemResponse$ = [3, n0, _DOIRe,
    0,
    [],
    []
];
var DeleteOpsMetadataRequest$ = [3, n0, _DOMR,
    0,
    [_OMA],
    [0], 1
];
var DeleteOpsMetadataResult$ = [3, n0, _DOMRe,
    0,
    [],
    []
];
var DeleteParameterRequest$ = [3, n0, _DPR,
    0,
    [_N],
    [0], 1
];
var DeleteParameterResult$ = [3, n0, _DPRe,
    0,
    [],
    []
];
var DeleteParametersRequest$ = [3, n0, _DPRel,
    0,
    [_Na],
    [64 | 0], 1
];
var DeleteParametersResult$ = [3, n0, _DPRele,
    0,
    [_DP, _IP],
    [64 | 0, 64 | 0]
];
var DeletePatchBaselineRequest$ = [3, n0, _DPBR,
    0,
    [_BI],
    [0], 1
];
var DeletePatchBaselineResult$ = [3, n0, _DPBRe,
    0,
    [_BI],
    [0]
];
var DeleteResourceDataSyncRequest$ = [3, n0, _DRDSR,
    0,
    [_SN, _ST],
    [0, 0], 1
];
var DeleteResourceDataSyncResult$ = [3, n0, _DRDSRe,
    0,
    [],
    []
];
var DeleteResourcePolicyRequest$ = [3, n0, _DRPR,
    0,
    [_RAe, _PI, _PH, _DM],
    [0, 0, 0, 0], 3
];
var DeleteResourcePolicyResponse$ = [3, n0, _DRPRe,
    0,
    [],
    []
];
var DeregisterDefaultHostManagementConfigurationRequest$ = [3, n0, _DDHMCR,
    0,
    [],
    []
];
var DeregisterDefaultHostManagementConfigurationResult$ = [3, n0, _DDHMCRe,
    0,
    [],
    []
];
var DeregisterManagedInstanceRequest$ = [3, n0, _DMIR,
    0,
    [_II],
    [0], 1
];
var DeregisterManagedInstanceResult$ = [3, n0, _DMIRe,
    0,
    [],
    []
];
var DeregisterPatchBaselineForPatchGroupRequest$ = [3, n0, _DPBFPGR,
    0,
    [_BI, _PG],
    [0, 0], 2
];
var DeregisterPatchBaselineForPatchGroupResult$ = [3, n0, _DPBFPGRe,
    0,
    [_BI, _PG],
    [0, 0]
];
var DeregisterTargetFromMaintenanceWindowRequest$ = [3, n0, _DTFMWR,
    0,
    [_WI, _WTI, _Sa],
    [0, 0, 2], 2
];
var DeregisterTargetFromMaintenanceWindowResult$ = [3, n0, _DTFMWRe,
    0,
    [_WI, _WTI],
    [0, 0]
];
var DeregisterTaskFromMaintenanceWindowRequest$ = [3, n0, _DTFMWRer,
    0,
    [_WI, _WTIi],
    [0, 0], 2
];
var DeregisterTaskFromMaintenanceWindowResult$ = [3, n0, _DTFMWRere,
    0,
    [_WI, _WTIi],
    [0, 0]
];
var DescribeActivationsFilter$ = [3, n0, _DAF,
    0,
    [_FK, _FV],
    [0, 64 | 0]
];
var DescribeActivationsRequest$ = [3, n0, _DARes,
    0,
    [_Fi, _MR, _NT],
    [() => DescribeActivationsFilterList, 1, 0]
];
var DescribeActivationsResult$ = [3, n0, _DAResc,
    0,
    [_AL, _NT],
    [() => ActivationList, 0]
];
var DescribeAssociationExecutionsRequest$ = [3, n0, _DAER,
    0,
    [_AIs, _Fi, _MR, _NT],
    [0, [() => AssociationExecutionFilterList, 0], 1, 0], 1
];
var DescribeAssociationExecutionsResult$ = [3, n0, _DAERe,
    0,
    [_AEs, _NT],
    [[() => AssociationExecutionsList, 0], 0]
];
var DescribeAssociationExecutionTargetsRequest$ = [3, n0, _DAETR,
    0,
    [_AIs, _EI, _Fi, _MR, _NT],
    [0, 0, [() => AssociationExecutionTargetsFilterList, 0], 1, 0], 2
];
var DescribeAssociationExecutionTargetsResult$ = [3, n0, _DAETRe,
    0,
    [_AETs, _NT],
    [[() => AssociationExecutionTargetsList, 0], 0]
];
var DescribeAssociationRequest$ = [3, n0, _DARescr,
    0,
    [_N, _II, _AIs, _AV],
    [0, 0, 0, 0]
];
var DescribeAssociationResult$ = [3, n0, _DARescri,
    0,
    [_AD],
    [[() => AssociationDescription$, 0]]
];
var DescribeAutomationExecutionsRequest$ = [3, n0, _DAERes,
    0,
    [_Fi, _MR, _NT],
    [() => AutomationExecutionFilterList, 1, 0]
];
var DescribeAutomationExecutionsResult$ = [3, n0, _DAEResc,
    0,
    [_AEML, _NT],
    [() => AutomationExecutionMetadataList, 0]
];
var DescribeAutomationStepExecutionsRequest$ = [3, n0, _DASER,
    0,
    [_AEI, _Fi, _NT, _MR, _RO],
    [0, () => StepExecutionFilterList, 0, 1, 2], 1
];
var DescribeAutomationStepExecutionsResult$ = [3, n0, _DASERe,
    0,
    [_SEt, _NT],
    [() => StepExecutionList, 0]
];
var DescribeAvailablePatchesRequest$ = [3, n0, _DAPR,
    0,
    [_Fi, _MR, _NT],
    [() => PatchOrchestratorFilterList, 1, 0]
];
var DescribeAvailablePatchesResult$ = [3, n0, _DAPRe,
    0,
    [_Pa, _NT],
    [() => PatchList, 0]
];
var DescribeDocumentPermissionRequest$ = [3, n0, _DDPR,
    0,
    [_N, _PT, _MR, _NT],
    [0, 0, 1, 0], 2
];
var DescribeDocumentPermissionResponse$ = [3, n0, _DDPRe,
    0,
    [_AIcc, _ASIL, _NT],
    [[() => AccountIdList, 0], [() => AccountSharingInfoList, 0], 0]
];
var DescribeDocumentRequest$ = [3, n0, _DDRes,
    0,
    [_N, _DV, _VN],
    [0, 0, 0], 1
];
var DescribeDocumentResult$ = [3, n0, _DDResc,
    0,
    [_Do],
    [[() => DocumentDescription$, 0]]
];
var DescribeEffectiveInstanceAssociationsRequest$ = [3, n0, _DEIAR,
    0,
    [_II, _MR, _NT],
    [0, 1, 0], 1
];
var DescribeEffectiveInstanceAssociationsResult$ = [3, n0, _DEIARe,
    0,
    [_Ass, _NT],
    [() => InstanceAssociationList, 0]
];
var DescribeEffectivePatchesForPatchBaselineRequest$ = [3, n0, _DEPFPBR,
    0,
    [_BI, _MR, _NT],
    [0, 1, 0], 1
];
var DescribeEffectivePatchesForPatchBaselineResult$ = [3, n0, _DEPFPBRe,
    0,
    [_EP, _NT],
    [() => EffectivePatchList, 0]
];
var DescribeInstanceAssociationsStatusRequest$ = [3, n0, _DIASR,
    0,
    [_II, _MR, _NT],
    [0, 1, 0], 1
];
var DescribeInstanceAssociationsStatusResult$ = [3, n0, _DIASRe,
    0,
    [_IASI, _NT],
    [() => InstanceAssociationStatusInfos, 0]
];
var DescribeInstanceInformationRequest$ = [3, n0, _DIIR,
    0,
    [_IIFL, _Fi, _MR, _NT],
    [[() => InstanceInformationFilterList, 0], [() => InstanceInformationStringFilterList, 0], 1, 0]
];
var DescribeInstanceInformationResult$ = [3, n0, _DIIRe,
    0,
    [_IIL, _NT],
    [[() => InstanceInformationList, 0], 0]
];
var DescribeInstancePatchesRequest$ = [3, n0, _DIPR,
    0,
    [_II, _Fi, _NT, _MR],
    [0, () => PatchOrchestratorFilterList, 0, 1], 1
];
var DescribeInstancePatchesResult$ = [3, n0, _DIPRe,
    0,
    [_Pa, _NT],
    [() => PatchComplianceDataList, 0]
];
var DescribeInstancePatchStatesForPatchGroupRequest$ = [3, n0, _DIPSFPGR,
    0,
    [_PG, _Fi, _NT, _MR],
    [0, () => InstancePatchStateFilterList, 0, 1], 1
];
var DescribeInstancePatchStatesForPatchGroupResult$ = [3, n0, _DIPSFPGRe,
    0,
    [_IPS, _NT],
    [[() => InstancePatchStatesList, 0], 0]
];
var DescribeInstancePatchStatesRequest$ = [3, n0, _DIPSR,
    0,
    [_IIn, _NT, _MR],
    [64 | 0, 0, 1], 1
];
var DescribeInstancePatchStatesResult$ = [3, n0, _DIPSRe,
    0,
    [_IPS, _NT],
    [[() => InstancePatchStateList, 0], 0]
];
var DescribeInstancePropertiesRequest$ = [3, n0, _DIPRes,
    0,
    [_IPFL, _FWO, _MR, _NT],
    [[() => InstancePropertyFilterList, 0], [() => InstancePropertyStringFilterList, 0], 1, 0]
];
var DescribeInstancePropertiesResult$ = [3, n0, _DIPResc,
    0,
    [_IPn, _NT],
    [[() => InstanceProperties, 0], 0]
];
var DescribeInventoryDeletionsRequest$ = [3, n0, _DIDR,
    0,
    [_DI, _NT, _MR],
    [0, 0, 1]
];
var DescribeInventoryDeletionsResult$ = [3, n0, _DIDRe,
    0,
    [_IDn, _NT],
    [() => InventoryDeletionsList, 0]
];
var DescribeMaintenanceWindowExecutionsRequest$ = [3, n0, _DMWER,
    0,
    [_WI, _Fi, _MR, _NT],
    [0, () => MaintenanceWindowFilterList, 1, 0], 1
];
var DescribeMaintenanceWindowExecutionsResult$ = [3, n0, _DMWERe,
    0,
    [_WE, _NT],
    [() => MaintenanceWindowExecutionList, 0]
];
var DescribeMaintenanceWindowExecutionTaskInvocationsRequest$ = [3, n0, _DMWETIR,
    0,
    [_WEI, _TIa, _Fi, _MR, _NT],
    [0, 0, () => MaintenanceWindowFilterList, 1, 0], 2
];
var DescribeMaintenanceWindowExecutionTaskInvocationsResult$ = [3, n0, _DMWETIRe,
    0,
    [_WETII, _NT],
    [[() => MaintenanceWindowExecutionTaskInvocationIdentityList, 0], 0]
];
var DescribeMaintenanceWindowExecutionTasksRequest$ = [3, n0, _DMWETR,
    0,
    [_WEI, _Fi, _MR, _NT],
    [0, () => MaintenanceWindowFilterList, 1, 0], 1
];
var DescribeMaintenanceWindowExecutionTasksResult$ = [3, n0, _DMWETRe,
    0,
    [_WETI, _NT],
    [() => MaintenanceWindowExecutionTaskIdentityList, 0]
];
var DescribeMaintenanceWindowScheduleRequest$ = [3, n0, _DMWSR,
    0,
    [_WI, _Ta, _RTe, _Fi, _MR, _NT],
    [0, () => Targets, 0, () => PatchOrchestratorFilterList, 1, 0]
];
var DescribeMaintenanceWindowScheduleResult$ = [3, n0, _DMWSRe,
    0,
    [_SWE, _NT],
    [() => ScheduledWindowExecutionList, 0]
];
var DescribeMaintenanceWindowsForTargetRequest$ = [3, n0, _DMWFTR,
    0,
    [_Ta, _RTe, _MR, _NT],
    [() => Targets, 0, 1, 0], 2
];
var DescribeMaintenanceWindowsForTargetResult$ = [3, n0, _DMWFTRe,
    0,
    [_WIi, _NT],
    [() => MaintenanceWindowsForTargetList, 0]
];
var DescribeMaintenanceWindowsRequest$ = [3, n0, _DMWRes,
    0,
    [_Fi, _MR, _NT],
    [() => MaintenanceWindowFilterList, 1, 0]
];
var DescribeMaintenanceWindowsResult$ = [3, n0, _DMWResc,
    0,
    [_WIi, _NT],
    [[() => MaintenanceWindowIdentityList, 0], 0]
];
var DescribeMaintenanceWindowTargetsRequest$ = [3, n0, _DMWTR,
    0,
    [_WI, _Fi, _MR, _NT],
    [0, () => MaintenanceWindowFilterList, 1, 0], 1
];
var DescribeMaintenanceWindowTargetsResult$ = [3, n0, _DMWTRe,
    0,
    [_Ta, _NT],
    [[() => MaintenanceWindowTargetList, 0], 0]
];
var DescribeMaintenanceWindowTasksRequest$ = [3, n0, _DMWTRes,
    0,
    [_WI, _Fi, _MR, _NT],
    [0, () => MaintenanceWindowFilterList, 1, 0], 1
];
var DescribeMaintenanceWindowTasksResult$ = [3, n0, _DMWTResc,
    0,
    [_Tas, _NT],
    [[() => MaintenanceWindowTaskList, 0], 0]
];
var DescribeOpsItemsRequest$ = [3, n0, _DOIRes,
    0,
    [_OIF, _MR, _NT],
    [() => OpsItemFilters, 1, 0]
];
var DescribeOpsItemsResponse$ = [3, n0, _DOIResc,
    0,
    [_NT, _OIS],
    [0, () => OpsItemSummaries]
];
var DescribeParametersRequest$ = [3, n0, _DPRes,
    0,
    [_Fi, _PF, _MR, _NT, _Sh],
    [() => ParametersFilterList, () => ParameterStringFilterList, 1, 0, 2]
];
var DescribeParametersResult$ = [3, n0, _DPResc,
    0,
    [_P, _NT],
    [() => ParameterMetadataList, 0]
];
var DescribePatchBaselinesRequest$ = [3, n0, _DPBRes,
    0,
    [_Fi, _MR, _NT],
    [() => PatchOrchestratorFilterList, 1, 0]
];
var DescribePatchBaselinesResult$ = [3, n0, _DPBResc,
    0,
    [_BIa, _NT],
    [() => PatchBaselineIdentityList, 0]
];
var DescribePatchGroupsRequest$ = [3, n0, _DPGR,
    0,
    [_MR, _Fi, _NT],
    [1, () => PatchOrchestratorFilterList, 0]
];
var DescribePatchGroupsResult$ = [3, n0, _DPGRe,
    0,
    [_Ma, _NT],
    [() => PatchGroupPatchBaselineMappingList, 0]
];
var DescribePatchGroupStateRequest$ = [3, n0, _DPGSR,
    0,
    [_PG],
    [0], 1
];
var DescribePatchGroupStateResult$ = [3, n0, _DPGSRe,
    0,
    [_In, _IWIP, _IWIOP, _IWIPRP, _IWIRP, _IWMP, _IWFP, _IWNAP, _IWUNAP, _IWCNCP, _IWSNCP, _IWONCP, _IWASU],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
];
var DescribePatchPropertiesRequest$ = [3, n0, _DPPR,
    0,
    [_OSp, _Pro, _PS, _MR, _NT],
    [0, 0, 0, 1, 0], 2
];
var DescribePatchPropertiesResult$ = [3, n0, _DPPRe,
    0,
    [_Prop, _NT],
    [[1, n0, _PPL, 0, 128 | 0], 0]
];
var DescribeSessionsRequest$ = [3, n0, _DSR,
    0,
    [_S, _MR, _NT, _Fi],
    [0, 1, 0, () => SessionFilterList], 1
];
var DescribeSessionsResponse$ = [3, n0, _DSRe,
    0,
    [_Ses, _NT],
    [() => SessionList, 0]
];
var DisassociateOpsItemRelatedItemRequest$ = [3, n0, _DOIRIR,
    0,
    [_OII, _AIs],
    [0, 0], 2
];
var DisassociateOpsItemRelatedItemResponse$ = [3, n0, _DOIRIRi,
    0,
    [],
    []
];
var DocumentDefaultVersionDescription$ = [3, n0, _DDVD,
    0,
    [_N, _DVe, _DVN],
    [0, 0, 0]
];
var DocumentDescription$ = [3, n0, _DD,
    0,
    [_Sha, _H, _HT, _N, _DNi, _VN, _Ow, _CD, _St, _SI, _DV, _D, _P, _PTl, _DT, _SV, _LV, _DVe, _DF, _TT, _T, _AItt, _Req, _Au, _RIe, _AVp, _PRV, _RS, _Ca, _CEa],
    [0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, [() => DocumentParameterList, 0], [() => PlatformTypeList, 0], 0, 0, 0, 0, 0, 0, () => TagList, [() => AttachmentInformationList, 0], () => DocumentRequiresList, 0, [() => ReviewInformationList, 0], 0, 0, 0, 64 | 0, 64 | 0]
];
var DocumentFilter$ = [3, n0, _DFo,
    0,
    [_k, _v],
    [0, 0], 2
];
var DocumentIdentifier$ = [3, n0, _DIo,
    0,
    [_N, _CD, _DNi, _Ow, _VN, _PTl, _DV, _DT, _SV, _DF, _TT, _T, _Req, _RS, _Au],
    [0, 4, 0, 0, 0, [() => PlatformTypeList, 0], 0, 0, 0, 0, 0, () => TagList, () => DocumentRequiresList, 0, 0]
];
var DocumentKeyValuesFilter$ = [3, n0, _DKVF,
    0,
    [_K, _Va],
    [0, 64 | 0]
];
var DocumentMetadataResponseInfo$ = [3, n0, _DMRI,
    0,
    [_RR],
    [() => DocumentReviewerResponseList]
];
var DocumentParameter$ = [3, n0, _DPo,
    0,
    [_N, _Ty, _D, _DVef],
    [0, 0, 0, 0]
];
var DocumentRequires$ = [3, n0, _DRo,
    0,
    [_N, _Ve, _RTeq, _VN],
    [0, 0, 0, 0], 1
];
var DocumentReviewCommentSource$ = [3, n0, _DRCS,
    0,
    [_Ty, _Cont],
    [0, 0]
];
var DocumentReviewerResponseSource$ = [3, n0, _DRRS,
    0,
    [_CTr, _UT, _RS, _Co, _Rev],
    [4, 4, 0, () => DocumentReviewCommentList, 0]
];
var DocumentReviews$ = [3, n0, _DRoc,
    0,
    [_Ac, _Co],
    [0, () => DocumentReviewCommentList], 1
];
var DocumentVersionInfo$ = [3, n0, _DVI,
    0,
    [_N, _DNi, _DV, _VN, _CD, _IDVs, _DF, _St, _SI, _RS],
    [0, 0, 0, 0, 4, 2, 0, 0, 0, 0]
];
var EffectivePatch$ = [3, n0, _EPf,
    0,
    [_Pat, _PSa],
    [() => Patch$, () => PatchStatus$]
];
var FailedCreateAssociation$ = [3, n0, _FCA,
    0,
    [_Ent, _M, _Fa],
    [[() => CreateAssociationBatchRequestEntry$, 0], 0, 0]
];
var FailureDetails$ = [3, n0, _FD,
    0,
    [_FS, _FT, _De],
    [0, 0, [2, n0, _APM, 0, 0, 64 | 0]]
];
var GcpConfiguration$ = [3, n0, _GC,
    0,
    [_WIPP, _SAE, _OIr, _Ta],
    [0, 0, 0, () => GcpConfigurationTargets$], 2
];
var GcpProject$ = [3, n0, _GP,
    0,
    [_PIr, _PDN],
    [0, 0], 1
];
var GetAccessTokenRequest$ = [3, n0, _GATR,
    0,
    [_ARI],
    [0], 1
];
var GetAccessTokenResponse$ = [3, n0, _GATRe,
    0,
    [_Cr, _ARS],
    [[() => Credentials$, 0], 0]
];
var GetAutomationExecutionRequest$ = [3, n0, _GAER,
    0,
    [_AEI],
    [0], 1
];
var GetAutomationExecutionResult$ = [3, n0, _GAERe,
    0,
    [_AEu],
    [() => AutomationExecution$]
];
var GetCalendarStateRequest$ = [3, n0, _GCSR,
    0,
    [_CN, _ATt],
    [64 | 0, 0], 1
];
var GetCalendarStateResponse$ = [3, n0, _GCSRe,
    0,
    [_S, _ATt, _NTT],
    [0, 0, 0]
];
var GetCloudConnectorRequest$ = [3, n0, _GCCR,
    0,
    [_CCI],
    [0], 1
];
var GetCloudConnectorResult$ = [3, n0, _GCCRe,
    0,
    [_CCAl, _DNi, _D, _RA, _Con, _CCA, _CAr, _UA],
    [0, 0, 0, 0, () => CloudConnectorConfiguration$, 0, 4, 4]
];
var GetCommandInvocationRequest$ = [3, n0, _GCIR,
    0,
    [_CI, _II, _PNl],
    [0, 0, 0], 2
];
var GetCommandInvocationResult$ = [3, n0, _GCIRe,
    0,
    [_CI, _II, _Co, _DN, _DV, _PNl, _RCes, _ESDT, _EETx, _EEDT, _St, _SD, _SOC, _SOU, _SEC, _SEU, _CWOC],
    [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, () => CloudWatchOutputConfig$]
];
var GetConnectionStatusRequest$ = [3, n0, _GCSRet,
    0,
    [_Tar],
    [0], 1
];
var GetConnectionStatusResponse$ = [3, n0, _GCSReto,
    0,
    [_Tar, _St],
    [0, 0]
];
var GetDefaultPatchBaselineRequest$ = [3, n0, _GDPBR,
    0,
    [_OSp],
    [0]
];
var GetDefaultPatchBaselineResult$ = [3, n0, _GDPBRe,
    0,
    [_BI, _OSp],
    [0, 0]
];
var GetDeployablePatchSnapshotForInstanceRequest$ = [3, n0, _GDPSFIR,
    0,
    [_II, _SIn, _BO, _USDSE],
    [0, 0, [() => BaselineOverride$, 0], 2], 2
];
var GetDeployablePatchSnapshotForInstanceResult$ = [3, n0, _GDPSFIRe,
    0,
    [_II, _SIn, _SDU, _Prod],
    [0, 0, 0, 0]
];
var GetDocumentRequest$ = [3, n0, _GDR,
    0,
    [_N, _VN, _DV, _DF],
    [0, 0, 0, 0], 1
];
var GetDocumentResult$ = [3, n0, _GDRe,
    0,
    [_N, _CD, _DNi, _VN, _DV, _St, _SI, _Cont, _DT, _DF, _Req, _ACtt, _RS],
    [0, 4, 0, 0, 0, 0, 0, 0, 0, 0, () => DocumentRequiresList, [() => AttachmentContentList, 0], 0]
];
var GetExecutionPreviewRequest$ = [3, n0, _GEPR,
    0,
    [_EPI],
    [0], 1
];
var GetExecutionPreviewResponse$ = [3, n0, _GEPRe,
    0,
    [_EPI, _EAn, _St, _SM, _EPx],
    [0, 4, 0, 0, () => ExecutionPreview$]
];
var GetInventoryRequest$ = [3, n0, _GIR,
    0,
    [_Fi, _Ag, _RAes, _NT, _MR],
    [[() => InventoryFilterList, 0], [() => InventoryAggregatorList, 0], [() => ResultAttributeList, 0], 0, 1]
];
var GetInventoryResult$ = [3, n0, _GIRe,
    0,
    [_Enti, _NT],
    [[() => InventoryResultEntityList, 0], 0]
];
var GetInventorySchemaRequest$ = [3, n0, _GISR,
    0,
    [_TN, _NT, _MR, _Agg, _STu],
    [0, 0, 1, 2, 2]
];
var GetInventorySchemaResult$ = [3, n0, _GISRe,
    0,
    [_Sch, _NT],
    [[() => InventoryItemSchemaResultList, 0], 0]
];
var GetMaintenanceWindowExecutionRequest$ = [3, n0, _GMWER,
    0,
    [_WEI],
    [0], 1
];
var GetMaintenanceWindowExecutionResult$ = [3, n0, _GMWERe,
    0,
    [_WEI, _TIas, _St, _SD, _STt, _ETn],
    [0, 64 | 0, 0, 0, 4, 4]
];
var GetMaintenanceWindowExecutionTaskInvocationRequest$ = [3, n0, _GMWETIR,
    0,
    [_WEI, _TIa, _IInv],
    [0, 0, 0], 3
];
var GetMaintenanceWindowExecutionTaskInvocationResult$ = [3, n0, _GMWETIRe,
    0,
    [_WEI, _TEI, _IInv, _EI, _TTa, _P, _St, _SD, _STt, _ETn, _OI, _WTI],
    [0, 0, 0, 0, 0, [() => MaintenanceWindowExecutionTaskInvocationParameters, 0], 0, 0, 4, 4, [() => OwnerInformation, 0], 0]
];
var GetMaintenanceWindowExecutionTaskRequest$ = [3, n0, _GMWETR,
    0,
    [_WEI, _TIa],
    [0, 0], 2
];
var GetMaintenanceWindowExecutionTaskResult$ = [3, n0, _GMWETRe,
    0,
    [_WEI, _TEI, _TAa, _SR, _Ty, _TPa, _Pri, _MC, _ME, _St, _SD, _STt, _ETn, _AC, _TA],
    [0, 0, 0, 0, 0, [() => MaintenanceWindowTaskParametersList, 0], 1, 0, 0, 0, 0, 4, 4, () => AlarmConfiguration$, () => AlarmStateInformationList]
];
var GetMaintenanceWindowRequest$ = [3, n0, _GMWR,
    0,
    [_WI],
    [0], 1
];
var GetMaintenanceWindowResult$ = [3, n0, _GMWRe,
    0,
    [_WI, _N, _D, _SDt, _EDn, _Sc, _STch, _SO, _NET, _Du, _Cu, _AUT, _Ena, _CD, _MD],
    [0, 0, [() => MaintenanceWindowDescription, 0], 0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 4, 4]
];
var GetMaintenanceWindowTaskRequest$ = [3, n0, _GMWTR,
    0,
    [_WI, _WTIi],
    [0, 0], 2
];
var GetMaintenanceWindowTaskResult$ = [3, n0, _GMWTRe,
    0,
    [_WI, _WTIi, _Ta, _TAa, _SRA, _TTa, _TPa, _TIP, _Pri, _MC, _ME, _LI, _N, _D, _CB, _AC],
    [0, 0, () => Targets, 0, 0, 0, [() => MaintenanceWindowTaskParameters, 0], [() => MaintenanceWindowTaskInvocationParameters$, 0], 1, 0, 0, () => LoggingInfo$, 0, [() => MaintenanceWindowDescription, 0], 0, () => AlarmConfiguration$]
];
var GetOpsItemRequest$ = [3, n0, _GOIR,
    0,
    [_OII, _OIA],
    [0, 0], 1
];
var GetOpsItemResponse$ = [3, n0, _GOIRe,
    0,
    [_OIp],
    [() => OpsItem$]
];
var GetOpsMetadataRequest$ = [3, n0, _GOMR,
    0,
    [_OMA, _MR, _NT],
    [0, 1, 0], 1
];
var GetOpsMetadataResult$ = [3, n0, _GOMRe,
    0,
    [_RI, _Me, _NT],
    [0, () => MetadataMap, 0]
];
var GetOpsSummaryRequest$ = [3, n0, _GOSR,
    0,
    [_SN, _Fi, _Ag, _RAes, _NT, _MR],
    [0, [() => OpsFilterList, 0], [() => OpsAggregatorList, 0], [() => OpsResultAttributeList, 0], 0, 1]
];
var GetOpsSummaryResult$ = [3, n0, _GOSRe,
    0,
    [_Enti, _NT],
    [[() => OpsEntityList, 0], 0]
];
var GetParameterHistoryRequest$ = [3, n0, _GPHR,
    0,
    [_N, _WD, _MR, _NT],
    [0, 2, 1, 0], 1
];
var GetParameterHistoryResult$ = [3, n0, _GPHRe,
    0,
    [_P, _NT],
    [[() => ParameterHistoryList, 0], 0]
];
var GetParameterRequest$ = [3, n0, _GPR,
    0,
    [_N, _WD],
    [0, 2], 1
];
var GetParameterResult$ = [3, n0, _GPRe,
    0,
    [_Par],
    [[() => Parameter$, 0]]
];
var GetParametersByPathRequest$ = [3, n0, _GPBPR,
    0,
    [_Path, _Rec, _PF, _WD, _MR, _NT],
    [0, 2, () => ParameterStringFilterList, 2, 1, 0], 1
];
var GetParametersByPathResult$ = [3, n0, _GPBPRe,
    0,
    [_P, _NT],
    [[() => ParameterList, 0], 0]
];
var GetParametersRequest$ = [3, n0, _GPRet,
    0,
    [_Na, _WD],
    [64 | 0, 2], 1
];
var GetParametersResult$ = [3, n0, _GPReta,
    0,
    [_P, _IP],
    [[() => ParameterList, 0], 64 | 0]
];
var GetPatchBaselineForPatchGroupRequest$ = [3, n0, _GPBFPGR,
    0,
    [_PG, _OSp],
    [0, 0], 1
];
var GetPatchBaselineForPatchGroupResult$ = [3, n0, _GPBFPGRe,
    0,
    [_BI, _PG, _OSp],
    [0, 0, 0]
];
var GetPatchBaselineRequest$ = [3, n0, _GPBR,
    0,
    [_BI],
    [0], 1
];
var GetPatchBaselineResult$ = [3, n0, _GPBRe,
    0,
    [_BI, _N, _OSp, _GF, _AR, _AP, _APCL, _APENS, _RP, _RPA, _PGa, _CD, _MD, _D, _So, _ASUCS],
    [0, 0, 0, () => PatchFilterGroup$, () => PatchRuleGroup$, 64 | 0, 0, 2, 64 | 0, 0, 64 | 0, 4, 4, 0, [() => PatchSourceList, 0], 0]
];
var GetResourcePoliciesRequest$ = [3, n0, _GRPR,
    0,
    [_RAe, _NT, _MR],
    [0, 0, 1], 1
];
var GetResourcePoliciesResponse$ = [3, n0, _GRPRe,
    0,
    [_NT, _Po],
    [0, () => GetResourcePoliciesResponseEntries]
];
var GetResourcePoliciesResponseEntry$ = [3, n0, _GRPRE,
    0,
    [_PI, _PH, _Pol],
    [0, 0, 0]
];
var GetServiceSettingRequest$ = [3, n0, _GSSR,
    0,
    [_SIe],
    [0], 1
];
var GetServiceSettingResult$ = [3, n0, _GSSRe,
    0,
    [_SSe],
    [() => ServiceSetting$]
];
var InstanceAggregatedAssociationOverview$ = [3, n0, _IAAO,
    0,
    [_DS, _IASAC],
    [0, 128 | 1]
];
var InstanceAssociation$ = [3, n0, _IAns,
    0,
    [_AIs, _II, _Cont, _AV],
    [0, 0, 0, 0]
];
var InstanceAssociationOutputLocation$ = [3, n0, _IAOL,
    0,
    [_SL],
    [() => S3OutputLocation$]
];
var InstanceAssociationOutputUrl$ = [3, n0, _IAOU,
    0,
    [_SOUu],
    [() => S3OutputUrl$]
];
var InstanceAssociationStatusInfo$ = [3, n0, _IASIn,
    0,
    [_AIs, _N, _DV, _AV, _II, _EDx, _St, _DS, _ES, _ECr, _OU, _AN],
    [0, 0, 0, 0, 0, 4, 0, 0, 0, 0, () => InstanceAssociationOutputUrl$, 0]
];
var InstanceInfo$ = [3, n0, _IIns,
    0,
    [_ATg, _AVg, _CNo, _ISn, _IAp, _MS, _N, _PTla, _PNla, _PV, _RTe, _STo, _SIo, _SLo, _AZ, _AZI],
    [0, 0, 0, 0, [() => IPAddress, 0], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var InstanceInformation$ = [3, n0, _IInst,
    0,
    [_II, _PSi, _LPDT, _AVg, _ILV, _PTla, _PNla, _PV, _AIct, _IRa, _RD, _RTe, _N, _IPA, _CNo, _AS, _LAED, _LSAED, _AO, _SIo, _STo, _SLo],
    [0, 0, 4, 0, 2, 0, 0, 0, 0, 0, 4, 0, 0, [() => IPAddress, 0], 0, 0, 4, 4, () => InstanceAggregatedAssociationOverview$, 0, 0, 0]
];
var InstanceInformationFilter$ = [3, n0, _IIF,
    0,
    [_k, _vS],
    [0, [() => InstanceInformationFilterValueSet, 0]], 2
];
var InstanceInformationStringFilter$ = [3, n0, _IISF,
    0,
    [_K, _Va],
    [0, [() => InstanceInformationFilterValueSet, 0]], 2
];
var InstancePatchState$ = [3, n0, _IPSn,
    0,
    [_II, _PG, _BI, _OST, _OET, _Op, _SIn, _IOLn, _OI, _IC, _IOC, _IPRC, _IRC, _MCi, _FC, _UNAC, _NAC, _ASUC, _LNRIOT, _ROe, _CNCC, _SNCC, _ONCC],
    [0, 0, 0, 4, 4, 0, 0, 0, [() => OwnerInformation, 0], 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 0, 1, 1, 1], 6
];
var InstancePatchStateFilter$ = [3, n0, _IPSF,
    0,
    [_K, _Va, _Ty],
    [0, 64 | 0, 0], 3
];
var InstanceProperty$ = [3, n0, _IPns,
    0,
    [_N, _II, _ITns, _IRn, _KN, _ISns, _Ar, _IPA, _LTa, _PSi, _LPDT, _AVg, _PTla, _PNla, _PV, _AIct, _IRa, _RD, _RTe, _CNo, _AS, _LAED, _LSAED, _AO, _SIo, _STo, _SLo, _AZ],
    [0, 0, 0, 0, 0, 0, 0, [() => IPAddress, 0], 4, 0, 4, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 4, () => InstanceAggregatedAssociationOverview$, 0, 0, 0, 0]
];
var InstancePropertyFilter$ = [3, n0, _IPF,
    0,
    [_k, _vS],
    [0, [() => InstancePropertyFilterValueSet, 0]], 2
];
var InstancePropertyStringFilter$ = [3, n0, _IPSFn,
    0,
    [_K, _Va, _Ope],
    [0, [() => InstancePropertyFilterValueSet, 0], 0], 2
];
var InventoryAggregator$ = [3, n0, _IAnv,
    0,
    [_Ex, _Ag, _G],
    [0, [() => InventoryAggregatorList, 0], [() => InventoryGroupList, 0]]
];
var InventoryDeletionStatusItem$ = [3, n0, _IDSI,
    0,
    [_DI, _TN, _DST, _LS, _LSM, _DSe, _LSUT],
    [0, 0, 4, 0, 0, () => InventoryDeletionSummary$, 4]
];
var InventoryDeletionSummary$ = [3, n0, _IDS,
    0,
    [_TCo, _RCem, _SIu],
    [1, 1, () => InventoryDeletionSummaryItems]
];
var InventoryDeletionSummaryItem$ = [3, n0, _IDSIn,
    0,
    [_Ve, _Cou, _RCem],
    [0, 1, 1]
];
var InventoryFilter$ = [3, n0, _IFn,
    0,
    [_K, _Va, _Ty],
    [0, [() => InventoryFilterValueList, 0], 0], 2
];
var InventoryGroup$ = [3, n0, _IG,
    0,
    [_N, _Fi],
    [0, [() => InventoryFilterList, 0]], 2
];
var InventoryItem$ = [3, n0, _IInve,
    0,
    [_TN, _SV, _CTa, _CH, _Cont, _Conte],
    [0, 0, 0, 0, [1, n0, _IIEL, 0, 128 | 0], 128 | 0], 3
];
var InventoryItemAttribute$ = [3, n0, _IIA,
    0,
    [_N, _DTa],
    [0, 0], 2
];
var InventoryItemSchema$ = [3, n0, _IIS,
    0,
    [_TN, _Att, _Ve, _DNi],
    [0, [() => InventoryItemAttributeList, 0], 0, 0], 2
];
var InventoryResultEntity$ = [3, n0, _IRE,
    0,
    [_I, _Dat],
    [0, () => InventoryResultItemMap]
];
var InventoryResultItem$ = [3, n0, _IRIn,
    0,
    [_TN, _SV, _Cont, _CTa, _CH],
    [0, 0, [1, n0, _IIEL, 0, 128 | 0], 0, 0], 3
];
var LabelParameterVersionRequest$ = [3, n0, _LPVR,
    0,
    [_N, _La, _PVa],
    [0, 64 | 0, 1], 2
];
var LabelParameterVersionResult$ = [3, n0, _LPVRa,
    0,
    [_IL, _PVa],
    [64 | 0, 1]
];
var ListAssociationsRequest$ = [3, n0, _LAR,
    0,
    [_AFL, _MR, _NT],
    [[() => AssociationFilterList, 0], 1, 0]
];
var ListAssociationsResult$ = [3, n0, _LARi,
    0,
    [_Ass, _NT],
    [[() => AssociationList, 0], 0]
];
var ListAssociationVersionsRequest$ = [3, n0, _LAVR,
    0,
    [_AIs, _MR, _NT],
    [0, 1, 0], 1
];
var ListAssociationVersionsResult$ = [3, n0, _LAVRi,
    0,
    [_AVs, _NT],
    [[() => AssociationVersionList, 0], 0]
];
var ListCloudConnectorsRequest$ = [3, n0, _LCCR,
    0,
    [_MR, _NT, _Fi],
    [1, 0, () => CloudConnectorFilterList]
];
var ListCloudConnectorsResult$ = [3, n0, _LCCRi,
    0,
    [_CCl, _NT],
    [() => CloudConnectorSummaryList, 0]
];
var ListCommandInvocationsRequest$ = [3, n0, _LCIR,
    0,
    [_CI, _II, _MR, _NT, _Fi, _De],
    [0, 0, 1, 0, () => CommandFilterList, 2]
];
var ListCommandInvocationsResult$ = [3, n0, _LCIRi,
    0,
    [_CIomm, _NT],
    [() => CommandInvocationList, 0]
];
var ListCommandsRequest$ = [3, n0, _LCR,
    0,
    [_CI, _II, _MR, _NT, _Fi],
    [0, 0, 1, 0, () => CommandFilterList]
];
var ListCommandsResult$ = [3, n0, _LCRi,
    0,
    [_Com, _NT],
    [[() => CommandList, 0], 0]
];
var ListComplianceItemsRequest$ = [3, n0, _LCIRis,
    0,
    [_Fi, _RIes, _RT, _NT, _MR],
    [[() => ComplianceStringFilterList, 0], 64 | 0, 64 | 0, 0, 1]
];
var ListComplianceItemsResult$ = [3, n0, _LCIRist,
    0,
    [_CIomp, _NT],
    [[() => ComplianceItemList, 0], 0]
];
var ListComplianceSummariesRequest$ = [3, n0, _LCSR,
    0,
    [_Fi, _NT, _MR],
    [[() => ComplianceStringFilterList, 0], 0, 1]
];
var ListComplianceSummariesResult$ = [3, n0, _LCSRi,
    0,
    [_CSIo, _NT],
    [[() => ComplianceSummaryItemList, 0], 0]
];
var ListDocumentMetadataHistoryRequest$ = [3, n0, _LDMHR,
    0,
    [_N, _Me, _DV, _NT, _MR],
    [0, 0, 0, 0, 1], 2
];
var ListDocumentMetadataHistoryResponse$ = [3, n0, _LDMHRi,
    0,
    [_N, _DV, _Au, _Me, _NT],
    [0, 0, 0, () => DocumentMetadataResponseInfo$, 0]
];
var ListDocumentsRequest$ = [3, n0, _LDR,
    0,
    [_DFL, _Fi, _MR, _NT],
    [[() => DocumentFilterList, 0], () => DocumentKeyValuesFilterList, 1, 0]
];
var ListDocumentsResult$ = [3, n0, _LDRi,
    0,
    [_DIoc, _NT],
    [[() => DocumentIdentifierList, 0], 0]
];
var ListDocumentVersionsRequest$ = [3, n0, _LDVR,
    0,
    [_N, _MR, _NT],
    [0, 1, 0], 1
];
var ListDocumentVersionsResult$ = [3, n0, _LDVRi,
    0,
    [_DVo, _NT],
    [() => DocumentVersionList, 0]
];
var ListInventoryEntriesRequest$ = [3, n0, _LIER,
    0,
    [_II, _TN, _Fi, _NT, _MR],
    [0, 0, [() => InventoryFilterList, 0], 0, 1], 2
];
var ListInventoryEntriesResult$ = [3, n0, _LIERi,
    0,
    [_TN, _II, _SV, _CTa, _En, _NT],
    [0, 0, 0, 0, [1, n0, _IIEL, 0, 128 | 0], 0]
];
var ListNodesRequest$ = [3, n0, _LNR,
    0,
    [_SN, _Fi, _NT, _MR],
    [0, [() => NodeFilterList, 0], 0, 1]
];
var ListNodesResult$ = [3, n0, _LNRi,
    0,
    [_Nod, _NT],
    [[() => NodeList, 0], 0]
];
var ListNodesSummaryRequest$ = [3, n0, _LNSR,
    0,
    [_Ag, _SN, _Fi, _NT, _MR],
    [[() => NodeAggregatorList, 0], 0, [() => NodeFilterList, 0], 0, 1], 1
];
var ListNodesSummaryResult$ = [3, n0, _LNSRi,
    0,
    [_Sum, _NT],
    [[1, n0, _NSL, 0, 128 | 0], 0]
];
var ListOpsItemEventsRequest$ = [3, n0, _LOIER,
    0,
    [_Fi, _MR, _NT],
    [() => OpsItemEventFilters, 1, 0]
];
var ListOpsItemEventsResponse$ = [3, n0, _LOIERi,
    0,
    [_NT, _Summ],
    [0, () => OpsItemEventSummaries]
];
var ListOpsItemRelatedItemsRequest$ = [3, n0, _LOIRIR,
    0,
    [_OII, _Fi, _MR, _NT],
    [0, () => OpsItemRelatedItemsFilters, 1, 0]
];
var ListOpsItemRelatedItemsResponse$ = [3, n0, _LOIRIRi,
    0,
    [_NT, _Summ],
    [0, () => OpsItemRelatedItemSummaries]
];
var ListOpsMetadataRequest$ = [3, n0, _LOMR,
    0,
    [_Fi, _MR, _NT],
    [() => OpsMetadataFilterList, 1, 0]
];
var ListOpsMetadataResult$ = [3, n0, _LOMRi,
    0,
    [_OML, _NT],
    [() => OpsMetadataList, 0]
];
var ListResourceComplianceSummariesRequest$ = [3, n0, _LRCSR,
    0,
    [_Fi, _NT, _MR],
    [[() => ComplianceStringFilterList, 0], 0, 1]
];
var ListResourceComplianceSummariesResult$ = [3, n0, _LRCSRi,
    0,
    [_RCSI, _NT],
    [[() => ResourceComplianceSummaryItemList, 0], 0]
];
var ListResourceDataSyncRequest$ = [3, n0, _LRDSR,
    0,
    [_ST, _NT, _MR],
    [0, 0, 1]
];
var ListResourceDataSyncResult$ = [3, n0, _LRDSRi,
    0,
    [_RDSI, _NT],
    [() => ResourceDataSyncItemList, 0]
];
var ListTagsForResourceRequest$ = [3, n0, _LTFRR,
    0,
    [_RTe, _RI],
    [0, 0], 2
];
var ListTagsForResourceResult$ = [3, n0, _LTFRRi,
    0,
    [_TLa],
    [() => TagList]
];
var LoggingInfo$ = [3, n0, _LI,
    0,
    [_SBN, _SRe, _SKP],
    [0, 0, 0], 2
];
var MaintenanceWindowAutomationParameters$ = [3, n0, _MWAP,
    0,
    [_DV, _P],
    [0, [2, n0, _APM, 0, 0, 64 | 0]]
];
var MaintenanceWindowExecution$ = [3, n0, _MWE,
    0,
    [_WI, _WEI, _St, _SD, _STt, _ETn],
    [0, 0, 0, 0, 4, 4]
];
var MaintenanceWindowExecutionTaskIdentity$ = [3, n0, _MWETI,
    0,
    [_WEI, _TEI, _St, _SD, _STt, _ETn, _TAa, _TTa, _AC, _TA],
    [0, 0, 0, 0, 4, 4, 0, 0, () => AlarmConfiguration$, () => AlarmStateInformationList]
];
var MaintenanceWindowExecutionTaskInvocationIdentity$ = [3, n0, _MWETII,
    0,
    [_WEI, _TEI, _IInv, _EI, _TTa, _P, _St, _SD, _STt, _ETn, _OI, _WTI],
    [0, 0, 0, 0, 0, [() => MaintenanceWindowExecutionTaskInvocationParameters, 0], 0, 0, 4, 4, [() => OwnerInformation, 0], 0]
];
var MaintenanceWindowFilter$ = [3, n0, _MWF,
    0,
    [_K, _Va],
    [0, 64 | 0]
];
var MaintenanceWindowIdentity$ = [3, n0, _MWI,
    0,
    [_WI, _N, _D, _Ena, _Du, _Cu, _Sc, _STch, _SO, _EDn, _SDt, _NET],
    [0, 0, [() => MaintenanceWindowDescription, 0], 2, 1, 1, 0, 0, 1, 0, 0, 0]
];
var MaintenanceWindowIdentityForTarget$ = [3, n0, _MWIFT,
    0,
    [_WI, _N],
    [0, 0]
];
var MaintenanceWindowLambdaParameters$ = [3, n0, _MWLPa,
    0,
    [_CCli, _Q, _Pay],
    [0, 0, [() => MaintenanceWindowLambdaPayload, 0]]
];
var MaintenanceWindowRunCommandParameters$ = [3, n0, _MWRCP,
    0,
    [_Co, _CWOC, _DH, _DHT, _DV, _NC, _OSBN, _OSKP, _P, _SRA, _TSi],
    [0, () => CloudWatchOutputConfig$, 0, 0, 0, () => NotificationConfig$, 0, 0, [() => _Parameters, 0], 0, 1]
];
var MaintenanceWindowStepFunctionsParameters$ = [3, n0, _MWSFP,
    0,
    [_Inp, _N],
    [[() => MaintenanceWindowStepFunctionsInput, 0], 0]
];
var MaintenanceWindowTarget$ = [3, n0, _MWT,
    0,
    [_WI, _WTI, _RTe, _Ta, _OI, _N, _D],
    [0, 0, 0, () => Targets, [() => OwnerInformation, 0], 0, [() => MaintenanceWindowDescription, 0]]
];
var MaintenanceWindowTask$ = [3, n0, _MWTa,
    0,
    [_WI, _WTIi, _TAa, _Ty, _Ta, _TPa, _Pri, _LI, _SRA, _MC, _ME, _N, _D, _CB, _AC],
    [0, 0, 0, 0, () => Targets, [() => MaintenanceWindowTaskParameters, 0], 1, () => LoggingInfo$, 0, 0, 0, 0, [() => MaintenanceWindowDescription, 0], 0, () => AlarmConfiguration$]
];
var MaintenanceWindowTaskInvocationParameters$ = [3, n0, _MWTIP,
    0,
    [_RCu, _Aut, _SF, _Lam],
    [[() => MaintenanceWindowRunCommandParameters$, 0], () => MaintenanceWindowAutomationParameters$, [() => MaintenanceWindowStepFunctionsParameters$, 0], [() => MaintenanceWindowLambdaParameters$, 0]]
];
var MaintenanceWindowTaskParameterValueExpression$ = [3, n0, _MWTPVE,
    8,
    [_Va],
    [[() => MaintenanceWindowTaskParameterValueList, 0]]
];
var MetadataValue$ = [3, n0, _MV,
    0,
    [_V],
    [0]
];
var ModifyDocumentPermissionRequest$ = [3, n0, _MDPR,
    0,
    [_N, _PT, _AITA, _AITR, _SDV],
    [0, 0, [() => AccountIdList, 0], [() => AccountIdList, 0], 0], 2
];
var ModifyDocumentPermissionResponse$ = [3, n0, _MDPRo,
    0,
    [],
    []
];
var Node$ = [3, n0, _Node,
    0,
    [_CTa, _I, _Ow, _Reg, _NTo],
    [4, 0, () => NodeOwnerInfo$, 0, [() => NodeType$, 0]]
];
var NodeAggregator$ = [3, n0, _NA,
    0,
    [_ATgg, _TN, _ANt, _Ag],
    [0, 0, 0, [() => NodeAggregatorList, 0]], 3
];
var NodeFilter$ = [3, n0, _NF,
    0,
    [_K, _Va, _Ty],
    [0, [() => NodeFilterValueList, 0], 0], 2
];
var NodeOwnerInfo$ = [3, n0, _NOI,
    0,
    [_AIc, _OUI, _OUP],
    [0, 0, 0]
];
var NonCompliantSummary$ = [3, n0, _NCS,
    0,
    [_NCC, _SS],
    [1, () => SeveritySummary$]
];
var NotificationConfig$ = [3, n0, _NC,
    0,
    [_NAo, _NE, _NTot],
    [0, 64 | 0, 0]
];
var OpsAggregator$ = [3, n0, _OA,
    0,
    [_ATgg, _TN, _ANt, _Va, _Fi, _Ag],
    [0, 0, 0, 128 | 0, [() => OpsFilterList, 0], [() => OpsAggregatorList, 0]]
];
var OpsEntity$ = [3, n0, _OE,
    0,
    [_I, _Dat],
    [0, () => OpsEntityItemMap]
];
var OpsEntityItem$ = [3, n0, _OEI,
    0,
    [_CTa, _Cont],
    [0, [1, n0, _OEIEL, 0, 128 | 0]]
];
var OpsFilter$ = [3, n0, _OF,
    0,
    [_K, _Va, _Ty],
    [0, [() => OpsFilterValueList, 0], 0], 2
];
var OpsItem$ = [3, n0, _OIp,
    0,
    [_CBr, _OIT, _CT, _D, _LMB, _LMT, _No, _Pri, _ROI, _St, _OII, _Ve, _Ti, _Sou, _OD, _Ca, _Se, _AST, _AETc, _PST, _PET, _OIA],
    [0, 0, 4, 0, 0, 4, () => OpsItemNotifications, 1, () => RelatedOpsItems, 0, 0, 0, 0, 0, () => OpsItemOperationalData, 0, 0, 4, 4, 4, 4, 0]
];
var OpsItemDataValue$ = [3, n0, _OIDV,
    0,
    [_V, _Ty],
    [0, 0]
];
var OpsItemEventFilter$ = [3, n0, _OIEF,
    0,
    [_K, _Va, _Ope],
    [0, 64 | 0, 0], 3
];
var OpsItemEventSummary$ = [3, n0, _OIES,
    0,
    [_OII, _EIv, _Sou, _DTe, _Det, _CBr, _CT],
    [0, 0, 0, 0, 0, () => OpsItemIdentity$, 4]
];
var OpsItemFilter$ = [3, n0, _OIFp,
    0,
    [_K, _Va, _Ope],
    [0, 64 | 0, 0], 3
];
var OpsItemIdentity$ = [3, n0, _OIIp,
    0,
    [_Arn],
    [0]
];
var OpsItemNotification$ = [3, n0, _OIN,
    0,
    [_Arn],
    [0]
];
var OpsItemRelatedItemsFilter$ = [3, n0, _OIRIF,
    0,
    [_K, _Va, _Ope],
    [0, 64 | 0, 0], 3
];
var OpsItemRelatedItemSummary$ = [3, n0, _OIRIS,
    0,
    [_OII, _AIs, _RTe, _AT, _RU, _CBr, _CT, _LMB, _LMT],
    [0, 0, 0, 0, 0, () => OpsItemIdentity$, 4, () => OpsItemIdentity$, 4]
];
var OpsItemSummary$ = [3, n0, _OISp,
    0,
    [_CBr, _CT, _LMB, _LMT, _Pri, _Sou, _St, _OII, _Ti, _OD, _Ca, _Se, _OIT, _AST, _AETc, _PST, _PET],
    [0, 4, 0, 4, 1, 0, 0, 0, 0, () => OpsItemOperationalData, 0, 0, 0, 4, 4, 4, 4]
];
var OpsMetadata$ = [3, n0, _OM,
    0,
    [_RI, _OMA, _LMD, _LMU, _CDr],
    [0, 0, 4, 0, 4]
];
var OpsMetadataFilter$ = [3, n0, _OMF,
    0,
    [_K, _Va],
    [0, 64 | 0], 2
];
var OpsResultAttribute$ = [3, n0, _ORA,
    0,
    [_TN],
    [0], 1
];
var OutputSource$ = [3, n0, _OS,
    0,
    [_OSI, _OSTu],
    [0, 0]
];
var Parameter$ = [3, n0, _Par,
    0,
    [_N, _Ty, _V, _Ve, _Sel, _SRo, _LMD, _ARN, _DTa],
    [0, 0, [() => PSParameterValue, 0], 1, 0, 0, 4, 0, 0]
];
var ParameterHistory$ = [3, n0, _PHa,
    0,
    [_N, _Ty, _KI, _LMD, _LMU, _D, _V, _APl, _Ve, _La, _Tie, _Po, _DTa],
    [0, 0, 0, 4, 0, 0, [() => PSParameterValue, 0], 0, 1, 64 | 0, 0, () => ParameterPolicyList, 0]
];
var ParameterInlinePolicy$ = [3, n0, _PIP,
    0,
    [_PTo, _PTol, _PSo],
    [0, 0, 0]
];
var ParameterMetadata$ = [3, n0, _PM,
    0,
    [_N, _ARN, _Ty, _KI, _LMD, _LMU, _D, _APl, _Ve, _Tie, _Po, _DTa],
    [0, 0, 0, 0, 4, 0, 0, 0, 1, 0, () => ParameterPolicyList, 0]
];
var ParametersFilter$ = [3, n0, _PFa,
    0,
    [_K, _Va],
    [0, 64 | 0], 2
];
var ParameterStringFilter$ = [3, n0, _PSF,
    0,
    [_K, _Opt, _Va],
    [0, 0, 64 | 0], 1
];
var ParentStepDetails$ = [3, n0, _PSD,
    0,
    [_SEI, _SNt, _Ac, _It, _IV],
    [0, 0, 0, 1, 0]
];
var Patch$ = [3, n0, _Pat,
    0,
    [_I, _RDe, _Ti, _D, _CU, _Ven, _PFr, _Prod, _Cl, _MSs, _KNb, _MN, _Lan, _AIdv, _BIu, _CVEI, _N, _Ep, _Ve, _Rel, _Arc, _Se, _Rep],
    [0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64 | 0, 64 | 0, 64 | 0, 0, 1, 0, 0, 0, 0, 0]
];
var PatchBaselineIdentity$ = [3, n0, _PBI,
    0,
    [_BI, _BN, _OSp, _BD, _DB],
    [0, 0, 0, 0, 2]
];
var PatchComplianceData$ = [3, n0, _PCD,
    0,
    [_Ti, _KBI, _Cl, _Se, _S, _ITnst, _CVEI],
    [0, 0, 0, 0, 0, 4, 0], 6
];
var PatchFilter$ = [3, n0, _PFat,
    0,
    [_K, _Va],
    [0, 64 | 0], 2
];
var PatchFilterGroup$ = [3, n0, _PFG,
    0,
    [_PFatc],
    [() => PatchFilterList], 1
];
var PatchGroupPatchBaselineMapping$ = [3, n0, _PGPBM,
    0,
    [_PG, _BIas],
    [0, () => PatchBaselineIdentity$]
];
var PatchOrchestratorFilter$ = [3, n0, _POF,
    0,
    [_K, _Va],
    [0, 64 | 0]
];
var PatchRule$ = [3, n0, _PR,
    0,
    [_PFG, _CL, _AAD, _AUD, _ENS],
    [() => PatchFilterGroup$, 0, 1, 0, 2], 1
];
var PatchRuleGroup$ = [3, n0, _PRG,
    0,
    [_PRa],
    [() => PatchRuleList], 1
];
var PatchSource$ = [3, n0, _PSat,
    0,
    [_N, _Produ, _Con],
    [0, 64 | 0, [() => PatchSourceConfiguration, 0]], 3
];
var PatchStatus$ = [3, n0, _PSa,
    0,
    [_DSep, _CL, _ADp],
    [0, 0, 4]
];
var ProgressCounters$ = [3, n0, _PC,
    0,
    [_TSo, _SSu, _FSa, _CSa, _TOS],
    [1, 1, 1, 1, 1]
];
var PutComplianceItemsRequest$ = [3, n0, _PCIR,
    0,
    [_RI, _RTe, _CTo, _ES, _Ite, _ICH, _UTp],
    [0, 0, 0, () => ComplianceExecutionSummary$, () => ComplianceItemEntryList, 0, 0], 5
];
var PutComplianceItemsResult$ = [3, n0, _PCIRu,
    0,
    [],
    []
];
var PutInventoryRequest$ = [3, n0, _PIR,
    0,
    [_II, _Ite],
    [0, [() => InventoryItemList, 0]], 2
];
var PutInventoryResult$ = [3, n0, _PIRu,
    0,
    [_M],
    [0]
];
var PutParameterRequest$ = [3, n0, _PPR,
    0,
    [_N, _V, _D, _Ty, _KI, _Ov, _APl, _T, _Tie, _Po, _DTa],
    [0, [() => PSParameterValue, 0], 0, 0, 0, 2, 0, () => TagList, 0, 0, 0], 2
];
var PutParameterResult$ = [3, n0, _PPRu,
    0,
    [_Ve, _Tie],
    [1, 0]
];
var PutResourcePolicyRequest$ = [3, n0, _PRPR,
    0,
    [_RAe, _Pol, _PI, _PH],
    [0, 0, 0, 0], 2
];
var PutResourcePolicyResponse$ = [3, n0, _PRPRu,
    0,
    [_PI, _PH],
    [0, 0]
];
var RegisterDefaultHostManagementConfigurationRequest$ = [3, n0, _RDHMCR,
    0,
    [_PMe, _RA, _Ov],
    [0, 0, 2], 1
];
var RegisterDefaultHostManagementConfigurationResult$ = [3, n0, _RDHMCRe,
    0,
    [_RA],
    [0]
];
var RegisterDefaultPatchBaselineRequest$ = [3, n0, _RDPBR,
    0,
    [_BI],
    [0], 1
];
var RegisterDefaultPatchBaselineResult$ = [3, n0, _RDPBRe,
    0,
    [_BI],
    [0]
];
var RegisterPatchBaselineForPatchGroupRequest$ = [3, n0, _RPBFPGR,
    0,
    [_BI, _PG],
    [0, 0], 2
];
var RegisterPatchBaselineForPatchGroupResult$ = [3, n0, _RPBFPGRe,
    0,
    [_BI, _PG],
    [0, 0]
];
var RegisterTargetWithMaintenanceWindowRequest$ = [3, n0, _RTWMWR,
    0,
    [_WI, _RTe, _Ta, _OI, _N, _D, _CTl],
    [0, 0, () => Targets, [() => OwnerInformation, 0], 0, [() => MaintenanceWindowDescription, 0], [0, 4]], 3
];
var RegisterTargetWithMaintenanceWindowResult$ = [3, n0, _RTWMWRe,
    0,
    [_WTI],
    [0]
];
var RegisterTaskWithMaintenanceWindowRequest$ = [3, n0, _RTWMWReg,
    0,
    [_WI, _TAa, _TTa, _Ta, _SRA, _TPa, _TIP, _Pri, _MC, _ME, _LI, _N, _D, _CTl, _CB, _AC],
    [0, 0, 0, () => Targets, 0, [() => MaintenanceWindowTaskParameters, 0], [() => MaintenanceWindowTaskInvocationParameters$, 0], 1, 0, 0, () => LoggingInfo$, 0, [() => MaintenanceWindowDescription, 0], [0, 4], 0, () => AlarmConfiguration$], 3
];
var RegisterTaskWithMaintenanceWindowResult$ = [3, n0, _RTWMWRegi,
    0,
    [_WTIi],
    [0]
];
var RegistrationMetadataItem$ = [3, n0, _RMI,
    0,
    [_K, _V],
    [0, 0], 2
];
var RelatedOpsItem$ = [3, n0, _ROIe,
    0,
    [_OII],
    [0], 1
];
var RemoveTagsFromResourceRequest$ = [3, n0, _RTFRR,
    0,
    [_RTe, _RI, _TK],
    [0, 0, 64 | 0], 3
];
var RemoveTagsFromResourceResult$ = [3, n0, _RTFRRe,
    0,
    [],
    []
];
var ResetServiceSettingRequest$ = [3, n0, _RSSR,
    0,
    [_SIe],
    [0], 1
];
var ResetServiceSettingResult$ = [3, n0, _RSSRe,
    0,
    [_SSe],
    [() => ServiceSetting$]
];
var ResolvedTargets$ = [3, n0, _RTes,
    0,
    [_PVar, _Tr],
    [64 | 0, 2]
];
var ResourceComplianceSummaryItem$ = [3, n0, _RCSIe,
    0,
    [_CTo, _RTe, _RI, _St, _OSv, _ES, _CSo, _NCS],
    [0, 0, 0, 0, 0, () => ComplianceExecutionSummary$, () => CompliantSummary$, () => NonCompliantSummary$]
];
var ResourceDataSyncAwsOrganizationsSource$ = [3, n0, _RDSAOS,
    0,
    [_OSTr, _OUr],
    [0, () => ResourceDataSyncOrganizationalUnitList], 1
];
var ResourceDataSyncDestinationDataSharing$ = [3, n0, _RDSDDS,
    0,
    [_DDST],
    [0]
];
var ResourceDataSyncItem$ = [3, n0, _RDSIe,
    0,
    [_SN, _ST, _SSy, _SDe, _LST, _LSST, _SLMT, _LS, _SCT, _LSSM],
    [0, 0, () => ResourceDataSyncSourceWithState$, () => ResourceDataSyncS3Destination$, 4, 4, 4, 0, 4, 0]
];
var ResourceDataSyncOrganizationalUnit$ = [3, n0, _RDSOU,
    0,
    [_OUI],
    [0]
];
var ResourceDataSyncS3Destination$ = [3, n0, _RDSSD,
    0,
    [_BNu, _SFy, _Reg, _Pre, _AWSKMSKARN, _DDS],
    [0, 0, 0, 0, 0, () => ResourceDataSyncDestinationDataSharing$], 3
];
var ResourceDataSyncSource$ = [3, n0, _RDSS,
    0,
    [_STo, _SRou, _AOS, _IFR, _EAODS],
    [0, 64 | 0, () => ResourceDataSyncAwsOrganizationsSource$, 2, 2], 2
];
var ResourceDataSyncSourceWithState$ = [3, n0, _RDSSWS,
    0,
    [_STo, _AOS, _SRou, _IFR, _S, _EAODS],
    [0, () => ResourceDataSyncAwsOrganizationsSource$, 64 | 0, 2, 0, 2]
];
var ResultAttribute$ = [3, n0, _RAesu,
    0,
    [_TN],
    [0], 1
];
var ResumeSessionRequest$ = [3, n0, _RSR,
    0,
    [_SIes],
    [0], 1
];
var ResumeSessionResponse$ = [3, n0, _RSRe,
    0,
    [_SIes, _TV, _SUt],
    [0, 0, 0]
];
var ReviewInformation$ = [3, n0, _RIe,
    0,
    [_RTev, _St, _Rev],
    [4, 0, 0]
];
var Runbook$ = [3, n0, _Ru,
    0,
    [_DN, _DV, _P, _TPN, _Ta, _TM, _MC, _ME, _TL],
    [0, 0, [2, n0, _APM, 0, 0, 64 | 0], 0, () => Targets, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], 0, 0, () => TargetLocations], 1
];
var S3OutputLocation$ = [3, n0, _SOL,
    0,
    [_OSR, _OSBN, _OSKP],
    [0, 0, 0]
];
var S3OutputUrl$ = [3, n0, _SOUu,
    0,
    [_OU],
    [0]
];
var ScheduledWindowExecution$ = [3, n0, _SWEc,
    0,
    [_WI, _N, _ET],
    [0, 0, 0]
];
var SendAutomationSignalRequest$ = [3, n0, _SASR,
    0,
    [_AEI, _STi, _Pay],
    [0, 0, [2, n0, _APM, 0, 0, 64 | 0]], 2
];
var SendAutomationSignalResult$ = [3, n0, _SASRe,
    0,
    [],
    []
];
var SendCommandRequest$ = [3, n0, _SCR,
    0,
    [_DN, _IIn, _Ta, _DV, _DH, _DHT, _TSi, _Co, _P, _OSR, _OSBN, _OSKP, _MC, _ME, _SRA, _NC, _CWOC, _AC],
    [0, 64 | 0, () => Targets, 0, 0, 0, 1, 0, [() => _Parameters, 0], 0, 0, 0, 0, 0, 0, () => NotificationConfig$, () => CloudWatchOutputConfig$, () => AlarmConfiguration$], 1
];
var SendCommandResult$ = [3, n0, _SCRe,
    0,
    [_C],
    [[() => Command$, 0]]
];
var ServiceSetting$ = [3, n0, _SSe,
    0,
    [_SIe, _SVe, _LMD, _LMU, _ARN, _St],
    [0, 0, 4, 0, 0, 0]
];
var Session$ = [3, n0, _Sess,
    0,
    [_SIes, _Tar, _St, _SDt, _EDn, _DN, _Ow, _Rea, _De, _OU, _MSD, _ATc],
    [0, 0, 0, 4, 4, 0, 0, 0, 0, () => SessionManagerOutputUrl$, 0, 0]
];
var SessionFilter$ = [3, n0, _SFe,
    0,
    [_k, _v],
    [0, 0], 2
];
var SessionManagerOutputUrl$ = [3, n0, _SMOU,
    0,
    [_SOUu, _CWOU],
    [0, 0]
];
var SeveritySummary$ = [3, n0, _SS,
    0,
    [_CCr, _HC, _MCe, _LC, _ICn, _UC],
    [1, 1, 1, 1, 1, 1]
];
var StartAccessRequestRequest$ = [3, n0, _SARR,
    0,
    [_Rea, _Ta, _T],
    [0, () => Targets, () => TagList], 2
];
var StartAccessRequestResponse$ = [3, n0, _SARRt,
    0,
    [_ARI],
    [0]
];
var StartAssociationsOnceRequest$ = [3, n0, _SAOR,
    0,
    [_AIss],
    [64 | 0], 1
];
var StartAssociationsOnceResult$ = [3, n0, _SAORt,
    0,
    [],
    []
];
var StartAutomationExecutionRequest$ = [3, n0, _SAER,
    0,
    [_DN, _DV, _P, _CTl, _Mo, _TPN, _Ta, _TM, _MC, _ME, _TL, _T, _AC, _TLURL],
    [0, 0, [2, n0, _APM, 0, 0, 64 | 0], 0, 0, 0, () => AutomationTargets, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], 0, 0, () => TargetLocations, () => TagList, () => AlarmConfiguration$, 0], 1
];
var StartAutomationExecutionResult$ = [3, n0, _SAERt,
    0,
    [_AEI],
    [0]
];
var StartChangeRequestExecutionRequest$ = [3, n0, _SCRER,
    0,
    [_DN, _R, _STc, _DV, _P, _CRN, _CTl, _AA, _T, _SETc, _CDh],
    [0, () => Runbooks, 4, 0, [2, n0, _APM, 0, 0, 64 | 0], 0, 0, 2, () => TagList, 4, 0], 2
];
var StartChangeRequestExecutionResult$ = [3, n0, _SCRERt,
    0,
    [_AEI],
    [0]
];
var StartExecutionPreviewRequest$ = [3, n0, _SEPR,
    0,
    [_DN, _DV, _EIx],
    [0, 0, () => ExecutionInputs$], 1
];
var StartExecutionPreviewResponse$ = [3, n0, _SEPRt,
    0,
    [_EPI],
    [0]
];
var StartSessionRequest$ = [3, n0, _SSR,
    0,
    [_Tar, _DN, _Rea, _P],
    [0, 0, 0, [2, n0, _SMP, 0, 0, 64 | 0]], 1
];
var StartSessionResponse$ = [3, n0, _SSRt,
    0,
    [_SIes, _TV, _SUt],
    [0, 0, 0]
];
var StepExecution$ = [3, n0, _SEte,
    0,
    [_SNt, _Ac, _TSi, _OFn, _MA, _EST, _EET, _SSt, _RCes, _Inpu, _Ou, _Res, _FM, _WM, _FD, _SEI, _OP, _IE, _NS, _ICs, _VNS, _Ta, _TLar, _TA, _PSD],
    [0, 0, 1, 0, 1, 4, 4, 0, 0, 128 | 0, [2, n0, _APM, 0, 0, 64 | 0], 0, 0, 0, () => FailureDetails$, 0, [2, n0, _APM, 0, 0, 64 | 0], 2, 0, 2, 64 | 0, () => Targets, () => TargetLocation$, () => AlarmStateInformationList, () => ParentStepDetails$]
];
var StepExecutionFilter$ = [3, n0, _SEF,
    0,
    [_K, _Va],
    [0, 64 | 0], 2
];
var StopAutomationExecutionRequest$ = [3, n0, _SAERto,
    0,
    [_AEI, _Ty],
    [0, 0], 1
];
var StopAutomationExecutionResult$ = [3, n0, _SAERtop,
    0,
    [],
    []
];
var Tag$ = [3, n0, _Tag,
    0,
    [_K, _V],
    [0, 0], 2
];
var Target$ = [3, n0, _Tar,
    0,
    [_K, _Va],
    [0, 64 | 0]
];
var TargetLocation$ = [3, n0, _TLar,
    0,
    [_Acc, _Re, _TLMC, _TLME, _ERN, _TLAC, _ICOU, _EAx, _Ta, _TMC, _TME],
    [64 | 0, 64 | 0, 0, 0, 0, () => AlarmConfiguration$, 2, 64 | 0, () => AutomationTargets, 0, 0]
];
var TargetPreview$ = [3, n0, _TPar,
    0,
    [_Cou, _TT],
    [1, 0]
];
var TargetsSummary$ = [3, n0, _TS,
    0,
    [_TCo, _SCt, _CC, _SCu, _FC],
    [1, 1, 1, 1, 1]
];
var TerminateSessionRequest$ = [3, n0, _TSR,
    0,
    [_SIes],
    [0], 1
];
var TerminateSessionResponse$ = [3, n0, _TSRe,
    0,
    [_SIes],
    [0]
];
var UnlabelParameterVersionRequest$ = [3, n0, _UPVR,
    0,
    [_N, _PVa, _La],
    [0, 1, 64 | 0], 3
];
var UnlabelParameterVersionResult$ = [3, n0, _UPVRn,
    0,
    [_RLe, _IL],
    [64 | 0, 64 | 0]
];
var UpdateAssociationRequest$ = [3, n0, _UAR,
    0,
    [_AIs, _P, _DV, _SE, _OL, _N, _Ta, _AN, _AV, _ATPN, _ME, _MC, _CS, _SCy, _AOACI, _CN, _TL, _SO, _Du, _TM, _AC, _ADAR],
    [0, [() => _Parameters, 0], 0, 0, () => InstanceAssociationOutputLocation$, 0, () => Targets, 0, 0, 0, 0, 0, 0, 0, 2, 64 | 0, () => TargetLocations, 1, 1, [1, n0, _TM, 0, [2, n0, _TMa, 0, 0, 64 | 0]], () => AlarmConfiguration$, 0], 1
];
var UpdateAssociationResult$ = [3, n0, _UARp,
    0,
    [_AD],
    [[() => AssociationDescription$, 0]]
];
var UpdateAssociationStatusRequest$ = [3, n0, _UASR,
    0,
    [_N, _II, _AS],
    [0, 0, () => AssociationStatus$], 3
];
var UpdateAssociationStatusResult$ = [3, n0, _UASRp,
    0,
    [_AD],
    [[() => AssociationDescription$, 0]]
];
var UpdateCloudConnectorRequest$ = [3, n0, _UCCR,
    0,
    [_CCI, _DNi, _Con, _D],
    [0, 0, () => CloudConnectorConfiguration$, 0], 1
];
var UpdateCloudConnectorResult$ = [3, n0, _UCCRp,
    0,
    [_CCI],
    [0]
];
var UpdateDocumentDefaultVersionRequest$ = [3, n0, _UDDVR,
    0,
    [_N, _DV],
    [0, 0], 2
];
var UpdateDocumentDefaultVersionResult$ = [3, n0, _UDDVRp,
    0,
    [_D],
    [() => DocumentDefaultVersionDescription$]
];
var UpdateDocumentMetadataRequest$ = [3, n0, _UDMR,
    0,
    [_N, _DRoc, _DV],
    [0, () => DocumentReviews$, 0], 2
];
var UpdateDocumentMetadataResponse$ = [3, n0, _UDMRp,
    0,
    [],
    []
];
var UpdateDocumentRequest$ = [3, n0, _UDR,
    0,
    [_Cont, _N, _At, _DNi, _VN, _DV, _DF, _TT],
    [0, 0, () => AttachmentsSourceList, 0, 0, 0, 0, 0], 2
];
var UpdateDocumentResult$ = [3, n0, _UDRp,
    0,
    [_DD],
    [[() => DocumentDescription$, 0]]
];
var UpdateMaintenanceWindowRequest$ = [3, n0, _UMWR,
    0,
    [_WI, _N, _D, _SDt, _EDn, _Sc, _STch, _SO, _Du, _Cu, _AUT, _Ena, _Repl],
    [0, 0, [() => MaintenanceWindowDescription, 0], 0, 0, 0, 0, 1, 1, 1, 2, 2, 2], 1
];
var UpdateMaintenanceWindowResult$ = [3, n0, _UMWRp,
    0,
    [_WI, _N, _D, _SDt, _EDn, _Sc, _STch, _SO, _Du, _Cu, _AUT, _Ena],
    [0, 0, [() => MaintenanceWindowDescription, 0], 0, 0, 0, 0, 1, 1, 1, 2, 2]
];
var UpdateMaintenanceWindowTargetRequest$ = [3, n0, _UMWTR,
    0,
    [_WI, _WTI, _Ta, _OI, _N, _D, _Repl],
    [0, 0, () => Targets, [() => OwnerInformation, 0], 0, [() => MaintenanceWindowDescription, 0], 2], 2
];
var UpdateMaintenanceWindowTargetResult$ = [3, n0, _UMWTRp,
    0,
    [_WI, _WTI, _Ta, _OI, _N, _D],
    [0, 0, () => Targets, [() => OwnerInformation, 0], 0, [() => MaintenanceWindowDescription, 0]]
];
var UpdateMaintenanceWindowTaskRequest$ = [3, n0, _UMWTRpd,
    0,
    [_WI, _WTIi, _Ta, _TAa, _SRA, _TPa, _TIP, _Pri, _MC, _ME, _LI, _N, _D, _Repl, _CB, _AC],
    [0, 0, () => Targets, 0, 0, [() => MaintenanceWindowTaskParameters, 0], [() => MaintenanceWindowTaskInvocationParameters$, 0], 1, 0, 0, () => LoggingInfo$, 0, [() => MaintenanceWindowDescription, 0], 2, 0, () => AlarmConfiguration$], 2
];
var UpdateMaintenanceWindowTaskResult$ = [3, n0, _UMWTRpda,
    0,
    [_WI, _WTIi, _Ta, _TAa, _SRA, _TPa, _TIP, _Pri, _MC, _ME, _LI, _N, _D, _CB, _AC],
    [0, 0, () => Targets, 0, 0, [() => MaintenanceWindowTaskParameters, 0], [() => MaintenanceWindowTaskInvocationParameters$, 0], 1, 0, 0, () => LoggingInfo$, 0, [() => MaintenanceWindowDescription, 0], 0, () => AlarmConfiguration$]
];
var UpdateManagedInstanceRoleRequest$ = [3, n0, _UMIRR,
    0,
    [_II, _IRa],
    [0, 0], 2
];
var UpdateManagedInstanceRoleResult$ = [3, n0, _UMIRRp,
    0,
    [],
    []
];
var UpdateOpsItemRequest$ = [3, n0, _UOIR,
    0,
    [_OII, _D, _OD, _ODTD, _No, _Pri, _ROI, _St, _Ti, _Ca, _Se, _AST, _AETc, _PST, _PET, _OIA],
    [0, 0, () => OpsItemOperationalData, 64 | 0, () => OpsItemNotifications, 1, () => RelatedOpsItems, 0, 0, 0, 0, 4, 4, 4, 4, 0], 1
];
var UpdateOpsItemResponse$ = [3, n0, _UOIRp,
    0,
    [],
    []
];
var UpdateOpsMetadataRequest$ = [3, n0, _UOMR,
    0,
    [_OMA, _MTU, _KTD],
    [0, () => MetadataMap, 64 | 0], 1
];
var UpdateOpsMetadataResult$ = [3, n0, _UOMRp,
    0,
    [_OMA],
    [0]
];
var UpdatePatchBaselineRequest$ = [3, n0, _UPBR,
    0,
    [_BI, _N, _GF, _AR, _AP, _APCL, _APENS, _RP, _RPA, _D, _So, _ASUCS, _Repl],
    [0, 0, () => PatchFilterGroup$, () => PatchRuleGroup$, 64 | 0, 0, 2, 64 | 0, 0, 0, [() => PatchSourceList, 0], 0, 2], 1
];
var UpdatePatchBaselineResult$ = [3, n0, _UPBRp,
    0,
    [_BI, _N, _OSp, _GF, _AR, _AP, _APCL, _APENS, _RP, _RPA, _CD, _MD, _D, _So, _ASUCS],
    [0, 0, 0, () => PatchFilterGroup$, () => PatchRuleGroup$, 64 | 0, 0, 2, 64 | 0, 0, 4, 4, 0, [() => PatchSourceList, 0], 0]
];
var UpdateResourceDataSyncRequest$ = [3, n0, _URDSR,
    0,
    [_SN, _ST, _SSy],
    [0, 0, () => ResourceDataSyncSource$], 3
];
var UpdateResourceDataSyncResult$ = [3, n0, _URDSRp,
    0,
    [],
    []
];
var UpdateServiceSettingRequest$ = [3, n0, _USSR,
    0,
    [_SIe, _SVe],
    [0, 0], 2
];
var UpdateServiceSettingResult$ = [3, n0, _USSRp,
    0,
    [],
    []
];
var ValidateCloudConnectorRequest$ = [3, n0, _VCCR,
    0,
    [_CCI, _MR, _NT],
    [0, 1, 0], 1
];
var ValidateCloudConnectorResult$ = [3, n0, _VCCRa,
    0,
    [_VF, _NT],
    [() => ValidationFindingList, 0]
];
var ValidationFinding$ = [3, n0, _VFa,
    0,
    [_Ty, _Cod, _M, _PMr, _Sco],
    [0, 0, 0, 0, () => ValidationFindingScope$]
];
var ValidationFindingScope$ = [3, n0, _VFS,
    0,
    [_Ty, _I],
    [0, 0]
];
var AccountIdList = [1, n0, _AIL,
    0, [0,
        { [_xN]: _AIc }]
];
var AccountSharingInfoList = [1, n0, _ASIL,
    0, [() => AccountSharingInfo$,
        { [_xN]: _ASI }]
];
var ActivationList = [1, n0, _AL,
    0, () => Activation$
];
var AlarmList = [1, n0, _ALl,
    0, () => Alarm$
];
var AlarmStateInformationList = [1, n0, _ASILl,
    0, () => AlarmStateInformation$
];
var AssociationDescriptionList = [1, n0, _ADL,
    0, [() => AssociationDescription$,
        { [_xN]: _AD }]
];
var AssociationExecutionFilterList = [1, n0, _AEFL,
    0, [() => AssociationExecutionFilter$,
        { [_xN]: _AEF }]
];
var AssociationExecutionsList = [1, n0, _AEL,
    0, [() => AssociationExecution$,
        { [_xN]: _AE }]
];
var AssociationExecutionTargetsFilterList = [1, n0, _AETFL,
    0, [() => AssociationExecutionTargetsFilter$,
        { [_xN]: _AETF }]
];
var AssociationExecutionTargetsList = [1, n0, _AETL,
    0, [() => AssociationExecutionTarget$,
        { [_xN]: _AET }]
];
var AssociationFilterList = [1, n0, _AFL,
    0, [() => AssociationFilter$,
        { [_xN]: _AF }]
];
var AssociationList = [1, n0, _ALs,
    0, [() => Association$,
        { [_xN]: _As }]
];
var AssociationVersionList = [1, n0, _AVL,
    0, [() => AssociationVersionInfo$,
        0]
];
var AttachmentContentList = [1, n0, _ACL,
    0, [() => AttachmentContent$,
        { [_xN]: _ACt }]
];
var AttachmentInformationList = [1, n0, _AILt,
    0, [() => AttachmentInformation$,
        { [_xN]: _AIt }]
];
var AttachmentsSourceList = [1, n0, _ASL,
    0, () => AttachmentsSource$
];
var AutomationExecutionFilterList = [1, n0, _AEFLu,
    0, () => AutomationExecutionFilter$
];
var AutomationExecutionMetadataList = [1, n0, _AEML,
    0, () => AutomationExecutionMetadata$
];
var AutomationTargets = [1, n0, _ATut,
    0, () => Target$
];
var AzureSubscriptionList = [1, n0, _ASLz,
    0, () => AzureSubscription$
];
var CloudConnectorFilterList = [1, n0, _CCFL,
    0, () => CloudConnectorFilter$
];
var CloudConnectorSummaryList = [1, n0, _CCSL,
    0, () => CloudConnectorSummary$
];
var CommandFilterList = [1, n0, _CFL,
    0, () => CommandFilter$
];
var CommandInvocationList = [1, n0, _CIL,
    0, () => CommandInvocation$
];
var CommandList = [1, n0, _CLo,
    0, [() => Command$,
        0]
];
var CommandPluginList = [1, n0, _CPL,
    0, () => CommandPlugin$
];
var ComplianceItemEntryList = [1, n0, _CIEL,
    0, () => ComplianceItemEntry$
];
var ComplianceItemList = [1, n0, _CILo,
    0, [() => ComplianceItem$,
        { [_xN]: _Item }]
];
var ComplianceStringFilterList = [1, n0, _CSFL,
    0, [() => ComplianceStringFilter$,
        { [_xN]: _CFo }]
];
var ComplianceStringFilterValueList = [1, n0, _CSFVL,
    0, [0,
        { [_xN]: _FVi }]
];
var ComplianceSummaryItemList = [1, n0, _CSIL,
    0, [() => ComplianceSummaryItem$,
        { [_xN]: _Item }]
];
var CreateAssociationBatchRequestEntries = [1, n0, _CABREr,
    0, [() => CreateAssociationBatchRequestEntry$,
        { [_xN]: _en }]
];
var DescribeActivationsFilterList = [1, n0, _DAFL,
    0, () => DescribeActivationsFilter$
];
var DocumentFilterList = [1, n0, _DFL,
    0, [() => DocumentFilter$,
        { [_xN]: _DFo }]
];
var DocumentIdentifierList = [1, n0, _DIL,
    0, [() => DocumentIdentifier$,
        { [_xN]: _DIo }]
];
var DocumentKeyValuesFilterList = [1, n0, _DKVFL,
    0, () => DocumentKeyValuesFilter$
];
var DocumentParameterList = [1, n0, _DPLo,
    0, [() => DocumentParameter$,
        { [_xN]: _DPo }]
];
var DocumentRequiresList = [1, n0, _DRL,
    0, () => DocumentRequires$
];
var DocumentReviewCommentList = [1, n0, _DRCL,
    0, () => DocumentReviewCommentSource$
];
var DocumentReviewerResponseList = [1, n0, _DRRL,
    0, () => DocumentReviewerResponseSource$
];
var DocumentVersionList = [1, n0, _DVL,
    0, () => DocumentVersionInfo$
];
var EffectivePatchList = [1, n0, _EPL,
    0, () => EffectivePatch$
];
var FailedCreateAssociationList = [1, n0, _FCAL,
    0, [() => FailedCreateAssociation$,
        { [_xN]: _FCAE }]
];
var GcpProjectList = [1, n0, _GPL,
    0, () => GcpProject$
];
var GetResourcePoliciesResponseEntries = [1, n0, _GRPREe,
    0, () => GetResourcePoliciesResponseEntry$
];
var InstanceAssociationList = [1, n0, _IAL,
    0, () => InstanceAssociation$
];
var InstanceAssociationStatusInfos = [1, n0, _IASI,
    0, () => InstanceAssociationStatusInfo$
];
var InstanceInformationFilterList = [1, n0, _IIFL,
    0, [() => InstanceInformationFilter$,
        { [_xN]: _IIF }]
];
var InstanceInformationFilterValueSet = [1, n0, _IIFVS,
    0, [0,
        { [_xN]: _IIFV }]
];
var InstanceInformationList = [1, n0, _IIL,
    0, [() => InstanceInformation$,
        { [_xN]: _IInst }]
];
var InstanceInformationStringFilterList = [1, n0, _IISFL,
    0, [() => InstanceInformationStringFilter$,
        { [_xN]: _IISF }]
];
var InstancePatchStateFilterList = [1, n0, _IPSFL,
    0, () => InstancePatchStateFilter$
];
var InstancePatchStateList = [1, n0, _IPSL,
    0, [() => InstancePatchState$,
        0]
];
var InstancePatchStatesList = [1, n0, _IPSLn,
    0, [() => InstancePatchState$,
        0]
];
var InstanceProperties = [1, n0, _IPn,
    0, [() => InstanceProperty$,
        { [_xN]: _IPns }]
];
var InstancePropertyFilterList = [1, n0, _IPFL,
    0, [() => InstancePropertyFilter$,
        { [_xN]: _IPF }]
];
var InstancePropertyFilterValueSet = [1, n0, _IPFVS,
    0, [0,
        { [_xN]: _IPFV }]
];
var InstancePropertyStringFilterList = [1, n0, _IPSFLn,
    0, [() => InstancePropertyStringFilter$,
        { [_xN]: _IPSFn }]
];
var InventoryAggregatorList = [1, n0, _IALn,
    0, [() => InventoryAggregator$,
        { [_xN]: _Agg }]
];
var InventoryDeletionsList = [1, n0, _IDL,
    0, () => InventoryDeletionStatusItem$
];
var InventoryDeletionSummaryItems = [1, n0, _IDSInv,
    0, () => InventoryDeletionSummaryItem$
];
var InventoryFilterList = [1, n0, _IFL,
    0, [() => InventoryFilter$,
        { [_xN]: _IFn }]
];
var InventoryFilterValueList = [1, n0, _IFVL,
    0, [0,
        { [_xN]: _FVi }]
];
var InventoryGroupList = [1, n0, _IGL,
    0, [() => InventoryGroup$,
        { [_xN]: _IG }]
];
var InventoryItemAttributeList = [1, n0, _IIAL,
    0, [() => InventoryItemAttribute$,
        { [_xN]: _Attr }]
];
var InventoryItemList = [1, n0, _IILn,
    0, [() => InventoryItem$,
        { [_xN]: _Item }]
];
var InventoryItemSchemaResultList = [1, n0, _IISRL,
    0, [() => InventoryItemSchema$,
        0]
];
var InventoryResultEntityList = [1, n0, _IREL,
    0, [() => InventoryResultEntity$,
        { [_xN]: _Entit }]
];
var MaintenanceWindowExecutionList = [1, n0, _MWEL,
    0, () => MaintenanceWindowExecution$
];
var MaintenanceWindowExecutionTaskIdentityList = [1, n0, _MWETIL,
    0, () => MaintenanceWindowExecutionTaskIdentity$
];
var MaintenanceWindowExecutionTaskInvocationIdentityList = [1, n0, _MWETIIL,
    0, [() => MaintenanceWindowExecutionTaskInvocationIdentity$,
        0]
];
var MaintenanceWindowFilterList = [1, n0, _MWFL,
    0, () => MaintenanceWindowFilter$
];
var MaintenanceWindowIdentityList = [1, n0, _MWIL,
    0, [() => MaintenanceWindowIdentity$,
        0]
];
var MaintenanceWindowsForTargetList = [1, n0, _MWFTL,
    0, () => MaintenanceWindowIdentityForTarget$
];
var MaintenanceWindowTargetList = [1, n0, _MWTL,
    0, [() => MaintenanceWindowTarget$,
        0]
];
var MaintenanceWindowTaskList = [1, n0, _MWTLa,
    0, [() => MaintenanceWindowTask$,
        0]
];
var MaintenanceWindowTaskParametersList = [1, n0, _MWTPL,
    8, [() => MaintenanceWindowTaskParameters,
        0]
];
var MaintenanceWindowTaskParameterValueList = [1, n0, _MWTPVL,
    8, [() => MaintenanceWindowTaskParameterValue,
        0]
];
var NodeAggregatorList = [1, n0, _NAL,
    0, [() => NodeAggregator$,
        { [_xN]: _NA }]
];
var NodeFilterList = [1, n0, _NFL,
    0, [() => NodeFilter$,
        { [_xN]: _NF }]
];
var NodeFilterValueList = [1, n0, _NFVL,
    0, [0,
        { [_xN]: _FVi }]
];
var NodeList = [1, n0, _NL,
    0, [() => Node$,
        0]
];
var OpsAggregatorList = [1, n0, _OAL,
    0, [() => OpsAggregator$,
        { [_xN]: _Agg }]
];
var OpsEntityList = [1, n0, _OEL,
    0, [() => OpsEntity$,
        { [_xN]: _Entit }]
];
var OpsFilterList = [1, n0, _OFL,
    0, [() => OpsFilter$,
        { [_xN]: _OF }]
];
var OpsFilterValueList = [1, n0, _OFVL,
    0, [0,
        { [_xN]: _FVi }]
];
var OpsItemEventFilters = [1, n0, _OIEFp,
    0, () => OpsItemEventFilter$
];
var OpsItemEventSummaries = [1, n0, _OIESp,
    0, () => OpsItemEventSummary$
];
var OpsItemFilters = [1, n0, _OIF,
    0, () => OpsItemFilter$
];
var OpsItemNotifications = [1, n0, _OINp,
    0, () => OpsItemNotification$
];
var OpsItemRelatedItemsFilters = [1, n0, _OIRIFp,
    0, () => OpsItemRelatedItemsFilter$
];
var OpsItemRelatedItemSummaries = [1, n0, _OIRISp,
    0, () => OpsItemRelatedItemSummary$
];
var OpsItemSummaries = [1, n0, _OIS,
    0, () => OpsItemSummary$
];
var OpsMetadataFilterList = [1, n0, _OMFL,
    0, () => OpsMetadataFilter$
];
var OpsMetadataList = [1, n0, _OML,
    0, () => OpsMetadata$
];
var OpsResultAttributeList = [1, n0, _ORAL,
    0, [() => OpsResultAttribute$,
        { [_xN]: _ORA }]
];
var ParameterHistoryList = [1, n0, _PHL,
    0, [() => ParameterHistory$,
        0]
];
var ParameterList = [1, n0, _PL,
    0, [() => Parameter$,
        0]
];
var ParameterMetadataList = [1, n0, _PML,
    0, () => ParameterMetadata$
];
var ParameterPolicyList = [1, n0, _PPLa,
    0, () => ParameterInlinePolicy$
];
var ParametersFilterList = [1, n0, _PFL,
    0, () => ParametersFilter$
];
var ParameterStringFilterList = [1, n0, _PSFL,
    0, () => ParameterStringFilter$
];
var PatchBaselineIdentityList = [1, n0, _PBIL,
    0, () => PatchBaselineIdentity$
];
var PatchComplianceDataList = [1, n0, _PCDL,
    0, () => PatchComplianceData$
];
var PatchFilterList = [1, n0, _PFLa,
    0, () => PatchFilter$
];
var PatchGroupPatchBaselineMappingList = [1, n0, _PGPBML,
    0, () => PatchGroupPatchBaselineMapping$
];
var PatchList = [1, n0, _PLa,
    0, () => Patch$
];
var PatchOrchestratorFilterList = [1, n0, _POFL,
    0, () => PatchOrchestratorFilter$
];
var PatchRuleList = [1, n0, _PRL,
    0, () => PatchRule$
];
var PatchSourceList = [1, n0, _PSL,
    0, [() => PatchSource$,
        0]
];
var PlatformTypeList = [1, n0, _PTL,
    0, [0,
        { [_xN]: _PTla }]
];
var RegistrationMetadataList = [1, n0, _RML,
    0, () => RegistrationMetadataItem$
];
var RelatedOpsItems = [1, n0, _ROI,
    0, () => RelatedOpsItem$
];
var ResourceComplianceSummaryItemList = [1, n0, _RCSIL,
    0, [() => ResourceComplianceSummaryItem$,
        { [_xN]: _Item }]
];
var ResourceDataSyncItemList = [1, n0, _RDSIL,
    0, () => ResourceDataSyncItem$
];
var ResourceDataSyncOrganizationalUnitList = [1, n0, _RDSOUL,
    0, () => ResourceDataSyncOrganizationalUnit$
];
var ResultAttributeList = [1, n0, _RAL,
    0, [() => ResultAttribute$,
        { [_xN]: _RAesu }]
];
var ReviewInformationList = [1, n0, _RIL,
    0, [() => ReviewInformation$,
        { [_xN]: _RIe }]
];
var Runbooks = [1, n0, _R,
    0, () => Runbook$
];
var ScheduledWindowExecutionList = [1, n0, _SWEL,
    0, () => ScheduledWindowExecution$
];
var SessionFilterList = [1, n0, _SFL,
    0, () => SessionFilter$
];
var SessionList = [1, n0, _SLe,
    0, () => Session$
];
var StepExecutionFilterList = [1, n0, _SEFL,
    0, () => StepExecutionFilter$
];
var StepExecutionList = [1, n0, _SEL,
    0, () => StepExecution$
];
var TagList = [1, n0, _TLa,
    0, () => Tag$
];
var TargetLocations = [1, n0, _TL,
    0, () => TargetLocation$
];
var TargetPreviewList = [1, n0, _TPL,
    0, () => TargetPreview$
];
var Targets = [1, n0, _Ta,
    0, () => Target$
];
var ValidationFindingList = [1, n0, _VFL,
    0, () => ValidationFinding$
];
var InventoryResultItemMap = [2, n0, _IRIM,
    0, 0, () => InventoryResultItem$
];
var MaintenanceWindowTaskParameters = [2, n0, _MWTP,
    8, [0,
        0],
    [() => MaintenanceWindowTaskParameterValueExpression$,
        0]
];
var MetadataMap = [2, n0, _MM,
    0, 0, () => MetadataValue$
];
var OpsEntityItemMap = [2, n0, _OEIM,
    0, 0, () => OpsEntityItem$
];
var OpsItemOperationalData = [2, n0, _OIOD,
    0, 0, () => OpsItemDataValue$
];
var _Parameters = [2, n0, _P,
    8, 0, 64 | 0
];
var CloudConnectorConfiguration$ = [4, n0, _CCC,
    0,
    [_ACz, _GC],
    [() => AzureConfiguration$, () => GcpConfiguration$]
];
var ConfigurationTargets$ = [4, n0, _CTon,
    0,
    [_Sub],
    [() => AzureSubscriptionList]
];
var ExecutionInputs$ = [4, n0, _EIx,
    0,
    [_Aut],
    [() => AutomationExecutionInputs$]
];
var ExecutionPreview$ = [4, n0, _EPx,
    0,
    [_Aut],
    [() => AutomationExecutionPreview$]
];
var GcpConfigurationTargets$ = [4, n0, _GCT,
    0,
    [_Proj],
    [() => GcpProjectList]
];
var NodeType$ = [4, n0, _NTo,
    0,
    [_Ins],
    [[() => InstanceInfo$, 0]]
];
var AddTagsToResource$ = [9, n0, _ATTR,
    0, () => AddTagsToResourceRequest$, () => AddTagsToResourceResult$
];
var AssociateOpsItemRelatedItem$ = [9, n0, _AOIRI,
    0, () => AssociateOpsItemRelatedItemRequest$, () => AssociateOpsItemRelatedItemResponse$
];
var CancelCommand$ = [9, n0, _CCa,
    0, () => CancelCommandRequest$, () => CancelCommandResult$
];
var CancelMaintenanceWindowExecution$ = [9, n0, _CMWE,
    0, () => CancelMaintenanceWindowExecutionRequest$, () => CancelMaintenanceWindowExecutionResult$
];
var CreateActivation$ = [9, n0, _CAre,
    0, () => CreateActivationRequest$, () => CreateActivationResult$
];
var CreateAssociation$ = [9, n0, _CArea,
    0, () => CreateAssociationRequest$, () => CreateAssociationResult$
];
var CreateAssociationBatch$ = [9, n0, _CAB,
    0, () => CreateAssociationBatchRequest$, () => CreateAssociationBatchResult$
];
var CreateCloudConnector$ = [9, n0, _CCCr,
    0, () => CreateCloudConnectorRequest$, () => CreateCloudConnectorResult$
];
var CreateDocument$ = [9, n0, _CDre,
    0, () => CreateDocumentRequest$, () => CreateDocumentResult$
];
var CreateMaintenanceWindow$ = [9, n0, _CMW,
    0, () => CreateMaintenanceWindowRequest$, () => CreateMaintenanceWindowResult$
];
var CreateOpsItem$ = [9, n0, _COI,
    0, () => CreateOpsItemRequest$, () => CreateOpsItemResponse$
];
var CreateOpsMetadata$ = [9, n0, _COM,
    0, () => CreateOpsMetadataRequest$, () => CreateOpsMetadataResult$
];
var CreatePatchBaseline$ = [9, n0, _CPB,
    0, () => CreatePatchBaselineRequest$, () => CreatePatchBaselineResult$
];
var CreateResourceDataSync$ = [9, n0, _CRDS,
    0, () => CreateResourceDataSyncRequest$, () => CreateResourceDataSyncResult$
];
var DeleteActivation$ = [9, n0, _DA,
    0, () => DeleteActivationRequest$, () => DeleteActivationResult$
];
var DeleteAssociation$ = [9, n0, _DAe,
    0, () => DeleteAssociationRequest$, () => DeleteAssociationResult$
];
var DeleteCloudConnector$ = [9, n0, _DCC,
    0, () => DeleteCloudConnectorRequest$, () => DeleteCloudConnectorResult$
];
var DeleteDocument$ = [9, n0, _DDe,
    0, () => DeleteDocumentRequest$, () => DeleteDocumentResult$
];
var DeleteInventory$ = [9, n0, _DIe,
    0, () => DeleteInventoryRequest$, () => DeleteInventoryResult$
];
var DeleteMaintenanceWindow$ = [9, n0, _DMW,
    0, () => DeleteMaintenanceWindowRequest$, () => DeleteMaintenanceWindowResult$
];
var DeleteOpsItem$ = [9, n0, _DOI,
    0, () => DeleteOpsItemRequest$, () => DeleteOpsItemResponse$
];
var DeleteOpsMetadata$ = [9, n0, _DOM,
    0, () => DeleteOpsMetadataRequest$, () => DeleteOpsMetadataResult$
];
var DeleteParameter$ = [9, n0, _DPe,
    0, () => DeleteParameterRequest$, () => DeleteParameterResult$
];
var DeleteParameters$ = [9, n0, _DPel,
    0, () => DeleteParametersRequest$, () => DeleteParametersResult$
];
var DeletePatchBaseline$ = [9, n0, _DPB,
    0, () => DeletePatchBaselineRequest$, () => DeletePatchBaselineResult$
];
var DeleteResourceDataSync$ = [9, n0, _DRDS,
    0, () => DeleteResourceDataSyncRequest$, () => DeleteResourceDataSyncResult$
];
var DeleteResourcePolicy$ = [9, n0, _DRP,
    0, () => DeleteResourcePolicyRequest$, () => DeleteResourcePolicyResponse$
];
var DeregisterDefaultHostManagementConfiguration$ = [9, n0, _DDHMC,
    2, () => DeregisterDefaultHostManagementConfigurationRequest$, () => DeregisterDefaultHostManagementConfigurationResult$
];
var DeregisterManagedInstance$ = [9, n0, _DMI,
    0, () => DeregisterManagedInstanceRequest$, () => DeregisterManagedInstanceResult$
];
var DeregisterPatchBaselineForPatchGroup$ = [9, n0, _DPBFPG,
    0, () => DeregisterPatchBaselineForPatchGroupRequest$, () => DeregisterPatchBaselineForPatchGroupResult$
];
var DeregisterTargetFromMaintenanceWindow$ = [9, n0, _DTFMW,
    0, () => DeregisterTargetFromMaintenanceWindowRequest$, () => DeregisterTargetFromMaintenanceWindowResult$
];
var DeregisterTaskFromMaintenanceWindow$ = [9, n0, _DTFMWe,
    0, () => DeregisterTaskFromMaintenanceWindowRequest$, () => DeregisterTaskFromMaintenanceWindowResult$
];
var DescribeActivations$ = [9, n0, _DAes,
    0, () => DescribeActivationsRequest$, () => DescribeActivationsResult$
];
var DescribeAssociation$ = [9, n0, _DAesc,
    0, () => DescribeAssociationRequest$, () => DescribeAssociationResult$
];
var DescribeAssociationExecutions$ = [9, n0, _DAEe,
    0, () => DescribeAssociationExecutionsRequest$, () => DescribeAssociationExecutionsResult$
];
var DescribeAssociationExecutionTargets$ = [9, n0, _DAET,
    0, () => DescribeAssociationExecutionTargetsRequest$, () => DescribeAssociationExecutionTargetsResult$
];
var DescribeAutomationExecutions$ = [9, n0, _DAEes,
    0, () => DescribeAutomationExecutionsRequest$, () => DescribeAutomationExecutionsResult$
];
var DescribeAutomationStepExecutions$ = [9, n0, _DASE,
    0, () => DescribeAutomationStepExecutionsRequest$, () => DescribeAutomationStepExecutionsResult$
];
var DescribeAvailablePatches$ = [9, n0, _DAP,
    0, () => DescribeAvailablePatchesRequest$, () => DescribeAvailablePatchesResult$
];
var DescribeDocument$ = [9, n0, _DDes,
    0, () => DescribeDocumentRequest$, () => DescribeDocumentResult$
];
var DescribeDocumentPermission$ = [9, n0, _DDP,
    0, () => DescribeDocumentPermissionRequest$, () => DescribeDocumentPermissionResponse$
];
var DescribeEffectiveInstanceAssociations$ = [9, n0, _DEIA,
    0, () => DescribeEffectiveInstanceAssociationsRequest$, () => DescribeEffectiveInstanceAssociationsResult$
];
var DescribeEffectivePatchesForPatchBaseline$ = [9, n0, _DEPFPB,
    0, () => DescribeEffectivePatchesForPatchBaselineRequest$, () => DescribeEffectivePatchesForPatchBaselineResult$
];
var DescribeInstanceAssociationsStatus$ = [9, n0, _DIAS,
    0, () => DescribeInstanceAssociationsStatusRequest$, () => DescribeInstanceAssociationsStatusResult$
];
var DescribeInstanceInformation$ = [9, n0, _DIIe,
    0, () => DescribeInstanceInformationRequest$, () => DescribeInstanceInformationResult$
];
var DescribeInstancePatches$ = [9, n0, _DIP,
    0, () => DescribeInstancePatchesRequest$, () => DescribeInstancePatchesResult$
];
var DescribeInstancePatchStates$ = [9, n0, _DIPS,
    0, () => DescribeInstancePatchStatesRequest$, () => DescribeInstancePatchStatesResult$
];
var DescribeInstancePatchStatesForPatchGroup$ = [9, n0, _DIPSFPG,
    0, () => DescribeInstancePatchStatesForPatchGroupRequest$, () => DescribeInstancePatchStatesForPatchGroupResult$
];
var DescribeInstanceProperties$ = [9, n0, _DIPe,
    0, () => DescribeInstancePropertiesRequest$, () => DescribeInstancePropertiesResult$
];
var DescribeInventoryDeletions$ = [9, n0, _DID,
    0, () => DescribeInventoryDeletionsRequest$, () => DescribeInventoryDeletionsResult$
];
var DescribeMaintenanceWindowExecutions$ = [9, n0, _DMWE,
    0, () => DescribeMaintenanceWindowExecutionsRequest$, () => DescribeMaintenanceWindowExecutionsResult$
];
var DescribeMaintenanceWindowExecutionTaskInvocations$ = [9, n0, _DMWETI,
    0, () => DescribeMaintenanceWindowExecutionTaskInvocationsRequest$, () => DescribeMaintenanceWindowExecutionTaskInvocationsResult$
];
var DescribeMaintenanceWindowExecutionTasks$ = [9, n0, _DMWET,
    0, () => DescribeMaintenanceWindowExecutionTasksRequest$, () => DescribeMaintenanceWindowExecutionTasksResult$
];
var DescribeMaintenanceWindows$ = [9, n0, _DMWe,
    0, () => DescribeMaintenanceWindowsRequest$, () => DescribeMaintenanceWindowsResult$
];
var DescribeMaintenanceWindowSchedule$ = [9, n0, _DMWS,
    0, () => DescribeMaintenanceWindowScheduleRequest$, () => DescribeMaintenanceWindowScheduleResult$
];
var DescribeMaintenanceWindowsForTarget$ = [9, n0, _DMWFT,
    0, () => DescribeMaintenanceWindowsForTargetRequest$, () => DescribeMaintenanceWindowsForTargetResult$
];
var DescribeMaintenanceWindowTargets$ = [9, n0, _DMWT,
    0, () => DescribeMaintenanceWindowTargetsRequest$, () => DescribeMaintenanceWindowTargetsResult$
];
var DescribeMaintenanceWindowTasks$ = [9, n0, _DMWTe,
    0, () => DescribeMaintenanceWindowTasksRequest$, () => DescribeMaintenanceWindowTasksResult$
];
var DescribeOpsItems$ = [9, n0, _DOIe,
    0, () => DescribeOpsItemsRequest$, () => DescribeOpsItemsResponse$
];
var DescribeParameters$ = [9, n0, _DPes,
    0, () => DescribeParametersRequest$, () => DescribeParametersResult$
];
var DescribePatchBaselines$ = [9, n0, _DPBe,
    0, () => DescribePatchBaselinesRequest$, () => DescribePatchBaselinesResult$
];
var DescribePatchGroups$ = [9, n0, _DPG,
    0, () => DescribePatchGroupsRequest$, () => DescribePatchGroupsResult$
];
var DescribePatchGroupState$ = [9, n0, _DPGS,
    0, () => DescribePatchGroupStateRequest$, () => DescribePatchGroupStateResult$
];
var DescribePatchProperties$ = [9, n0, _DPP,
    0, () => DescribePatchPropertiesRequest$, () => DescribePatchPropertiesResult$
];
var DescribeSessions$ = [9, n0, _DSes,
    0, () => DescribeSessionsRequest$, () => DescribeSessionsResponse$
];
var DisassociateOpsItemRelatedItem$ = [9, n0, _DOIRI,
    0, () => DisassociateOpsItemRelatedItemRequest$, () => DisassociateOpsItemRelatedItemResponse$
];
var GetAccessToken$ = [9, n0, _GAT,
    0, () => GetAccessTokenRequest$, () => GetAccessTokenResponse$
];
var GetAutomationExecution$ = [9, n0, _GAE,
    0, () => GetAutomationExecutionRequest$, () => GetAutomationExecutionResult$
];
var GetCalendarState$ = [9, n0, _GCS,
    0, () => GetCalendarStateRequest$, () => GetCalendarStateResponse$
];
var GetCloudConnector$ = [9, n0, _GCC,
    0, () => GetCloudConnectorRequest$, () => GetCloudConnectorResult$
];
var GetCommandInvocation$ = [9, n0, _GCI,
    0, () => GetCommandInvocationRequest$, () => GetCommandInvocationResult$
];
var GetConnectionStatus$ = [9, n0, _GCSe,
    0, () => GetConnectionStatusRequest$, () => GetConnectionStatusResponse$
];
var GetDefaultPatchBaseline$ = [9, n0, _GDPB,
    0, () => GetDefaultPatchBaselineRequest$, () => GetDefaultPatchBaselineResult$
];
var GetDeployablePatchSnapshotForInstance$ = [9, n0, _GDPSFI,
    0, () => GetDeployablePatchSnapshotForInstanceRequest$, () => GetDeployablePatchSnapshotForInstanceResult$
];
var GetDocument$ = [9, n0, _GD,
    0, () => GetDocumentRequest$, () => GetDocumentResult$
];
var GetExecutionPreview$ = [9, n0, _GEP,
    0, () => GetExecutionPreviewRequest$, () => GetExecutionPreviewResponse$
];
var GetInventory$ = [9, n0, _GI,
    0, () => GetInventoryRequest$, () => GetInventoryResult$
];
var GetInventorySchema$ = [9, n0, _GIS,
    0, () => GetInventorySchemaRequest$, () => GetInventorySchemaResult$
];
var GetMaintenanceWindow$ = [9, n0, _GMW,
    0, () => GetMaintenanceWindowRequest$, () => GetMaintenanceWindowResult$
];
var GetMaintenanceWindowExecution$ = [9, n0, _GMWE,
    0, () => GetMaintenanceWindowExecutionRequest$, () => GetMaintenanceWindowExecutionResult$
];
var GetMaintenanceWindowExecutionTask$ = [9, n0, _GMWET,
    0, () => GetMaintenanceWindowExecutionTaskRequest$, () => GetMaintenanceWindowExecutionTaskResult$
];
var GetMaintenanceWindowExecutionTaskInvocation$ = [9, n0, _GMWETI,
    0, () => GetMaintenanceWindowExecutionTaskInvocationRequest$, () => GetMaintenanceWindowExecutionTaskInvocationResult$
];
var GetMaintenanceWindowTask$ = [9, n0, _GMWT,
    0, () => GetMaintenanceWindowTaskRequest$, () => GetMaintenanceWindowTaskResult$
];
var GetOpsItem$ = [9, n0, _GOI,
    0, () => GetOpsItemRequest$, () => GetOpsItemResponse$
];
var GetOpsMetadata$ = [9, n0, _GOM,
    0, () => GetOpsMetadataRequest$, () => GetOpsMetadataResult$
];
var GetOpsSummary$ = [9, n0, _GOS,
    0, () => GetOpsSummaryRequest$, () => GetOpsSummaryResult$
];
var GetParameter$ = [9, n0, _GPe,
    0, () => GetParameterRequest$, () => GetParameterResult$
];
var GetParameterHistory$ = [9, n0, _GPH,
    0, () => GetParameterHistoryRequest$, () => GetParameterHistoryResult$
];
var GetParameters$ = [9, n0, _GPet,
    0, () => GetParametersRequest$, () => GetParametersResult$
];
var GetParametersByPath$ = [9, n0, _GPBP,
    0, () => GetParametersByPathRequest$, () => GetParametersByPathResult$
];
var GetPatchBaseline$ = [9, n0, _GPB,
    0, () => GetPatchBaselineRequest$, () => GetPatchBaselineResult$
];
var GetPatchBaselineForPatchGroup$ = [9, n0, _GPBFPG,
    0, () => GetPatchBaselineForPatchGroupRequest$, () => GetPatchBaselineForPatchGroupResult$
];
var GetResourcePolicies$ = [9, n0, _GRP,
    0, () => GetResourcePoliciesRequest$, () => GetResourcePoliciesResponse$
];
var GetServiceSetting$ = [9, n0, _GSS,
    0, () => GetServiceSettingRequest$, () => GetServiceSettingResult$
];
var LabelParameterVersion$ = [9, n0, _LPV,
    0, () => LabelParameterVersionRequest$, () => LabelParameterVersionResult$
];
var ListAssociations$ = [9, n0, _LA,
    0, () => ListAssociationsRequest$, () => ListAssociationsResult$
];
var ListAssociationVersions$ = [9, n0, _LAV,
    0, () => ListAssociationVersionsRequest$, () => ListAssociationVersionsResult$
];
var ListCloudConnectors$ = [9, n0, _LCC,
    0, () => ListCloudConnectorsRequest$, () => ListCloudConnectorsResult$
];
var ListCommandInvocations$ = [9, n0, _LCI,
    0, () => ListCommandInvocationsRequest$, () => ListCommandInvocationsResult$
];
var ListCommands$ = [9, n0, _LCi,
    0, () => ListCommandsRequest$, () => ListCommandsResult$
];
var ListComplianceItems$ = [9, n0, _LCIi,
    0, () => ListComplianceItemsRequest$, () => ListComplianceItemsResult$
];
var ListComplianceSummaries$ = [9, n0, _LCS,
    0, () => ListComplianceSummariesRequest$, () => ListComplianceSummariesResult$
];
var ListDocumentMetadataHistory$ = [9, n0, _LDMH,
    0, () => ListDocumentMetadataHistoryRequest$, () => ListDocumentMetadataHistoryResponse$
];
var ListDocuments$ = [9, n0, _LD,
    0, () => ListDocumentsRequest$, () => ListDocumentsResult$
];
var ListDocumentVersions$ = [9, n0, _LDV,
    0, () => ListDocumentVersionsRequest$, () => ListDocumentVersionsResult$
];
var ListInventoryEntries$ = [9, n0, _LIE,
    0, () => ListInventoryEntriesRequest$, () => ListInventoryEntriesResult$
];
var ListNodes$ = [9, n0, _LN,
    0, () => ListNodesRequest$, () => ListNodesResult$
];
var ListNodesSummary$ = [9, n0, _LNS,
    0, () => ListNodesSummaryRequest$, () => ListNodesSummaryResult$
];
var ListOpsItemEvents$ = [9, n0, _LOIE,
    0, () => ListOpsItemEventsRequest$, () => ListOpsItemEventsResponse$
];
var ListOpsItemRelatedItems$ = [9, n0, _LOIRI,
    0, () => ListOpsItemRelatedItemsRequest$, () => ListOpsItemRelatedItemsResponse$
];
var ListOpsMetadata$ = [9, n0, _LOM,
    0, () => ListOpsMetadataRequest$, () => ListOpsMetadataResult$
];
var ListResourceComplianceSummaries$ = [9, n0, _LRCS,
    0, () => ListResourceComplianceSummariesRequest$, () => ListResourceComplianceSummariesResult$
];
var ListResourceDataSync$ = [9, n0, _LRDS,
    0, () => ListResourceDataSyncRequest$, () => ListResourceDataSyncResult$
];
var ListTagsForResource$ = [9, n0, _LTFR,
    0, () => ListTagsForResourceRequest$, () => ListTagsForResourceResult$
];
var ModifyDocumentPermission$ = [9, n0, _MDP,
    0, () => ModifyDocumentPermissionRequest$, () => ModifyDocumentPermissionResponse$
];
var PutComplianceItems$ = [9, n0, _PCI,
    0, () => PutComplianceItemsRequest$, () => PutComplianceItemsResult$
];
var PutInventory$ = [9, n0, _PIu,
    0, () => PutInventoryRequest$, () => PutInventoryResult$
];
var PutParameter$ = [9, n0, _PP,
    0, () => PutParameterRequest$, () => PutParameterResult$
];
var PutResourcePolicy$ = [9, n0, _PRP,
    0, () => PutResourcePolicyRequest$, () => PutResourcePolicyResponse$
];
var RegisterDefaultHostManagementConfiguration$ = [9, n0, _RDHMC,
    2, () => RegisterDefaultHostManagementConfigurationRequest$, () => RegisterDefaultHostManagementConfigurationResult$
];
var RegisterDefaultPatchBaseline$ = [9, n0, _RDPB,
    0, () => RegisterDefaultPatchBaselineRequest$, () => RegisterDefaultPatchBaselineResult$
];
var RegisterPatchBaselineForPatchGroup$ = [9, n0, _RPBFPG,
    0, () => RegisterPatchBaselineForPatchGroupRequest$, () => RegisterPatchBaselineForPatchGroupResult$
];
var RegisterTargetWithMaintenanceWindow$ = [9, n0, _RTWMW,
    0, () => RegisterTargetWithMaintenanceWindowRequest$, () => RegisterTargetWithMaintenanceWindowResult$
];
var RegisterTaskWithMaintenanceWindow$ = [9, n0, _RTWMWe,
    0, () => RegisterTaskWithMaintenanceWindowRequest$, () => RegisterTaskWithMaintenanceWindowResult$
];
var RemoveTagsFromResource$ = [9, n0, _RTFR,
    0, () => RemoveTagsFromResourceRequest$, () => RemoveTagsFromResourceResult$
];
var ResetServiceSetting$ = [9, n0, _RSS,
    0, () => ResetServiceSettingRequest$, () => ResetServiceSettingResult$
];
var ResumeSession$ = [9, n0, _RSe,
    0, () => ResumeSessionRequest$, () => ResumeSessionResponse$
];
var SendAutomationSignal$ = [9, n0, _SAS,
    0, () => SendAutomationSignalRequest$, () => SendAutomationSignalResult$
];
var SendCommand$ = [9, n0, _SCe,
    0, () => SendCommandRequest$, () => SendCommandResult$
];
var StartAccessRequest$ = [9, n0, _SAR,
    0, () => StartAccessRequestRequest$, () => StartAccessRequestResponse$
];
var StartAssociationsOnce$ = [9, n0, _SAO,
    0, () => StartAssociationsOnceRequest$, () => StartAssociationsOnceResult$
];
var StartAutomationExecution$ = [9, n0, _SAEt,
    0, () => StartAutomationExecutionRequest$, () => StartAutomationExecutionResult$
];
var StartChangeRequestExecution$ = [9, n0, _SCRE,
    0, () => StartChangeRequestExecutionRequest$, () => StartChangeRequestExecutionResult$
];
var StartExecutionPreview$ = [9, n0, _SEP,
    0, () => StartExecutionPreviewRequest$, () => StartExecutionPreviewResponse$
];
var StartSession$ = [9, n0, _SSta,
    0, () => StartSessionRequest$, () => StartSessionResponse$
];
var StopAutomationExecution$ = [9, n0, _SAEto,
    0, () => StopAutomationExecutionRequest$, () => StopAutomationExecutionResult$
];
var TerminateSession$ = [9, n0, _TSe,
    0, () => TerminateSessionRequest$, () => TerminateSessionResponse$
];
var UnlabelParameterVersion$ = [9, n0, _UPV,
    0, () => UnlabelParameterVersionRequest$, () => UnlabelParameterVersionResult$
];
var UpdateAssociation$ = [9, n0, _UAp,
    0, () => UpdateAssociationRequest$, () => UpdateAssociationResult$
];
var UpdateAssociationStatus$ = [9, n0, _UAS,
    0, () => UpdateAssociationStatusRequest$, () => UpdateAssociationStatusResult$
];
var UpdateCloudConnector$ = [9, n0, _UCC,
    0, () => UpdateCloudConnectorRequest$, () => UpdateCloudConnectorResult$
];
var UpdateDocument$ = [9, n0, _UD,
    0, () => UpdateDocumentRequest$, () => UpdateDocumentResult$
];
var UpdateDocumentDefaultVersion$ = [9, n0, _UDDV,
    0, () => UpdateDocumentDefaultVersionRequest$, () => UpdateDocumentDefaultVersionResult$
];
var UpdateDocumentMetadata$ = [9, n0, _UDM,
    0, () => UpdateDocumentMetadataRequest$, () => UpdateDocumentMetadataResponse$
];
var UpdateMaintenanceWindow$ = [9, n0, _UMW,
    0, () => UpdateMaintenanceWindowRequest$, () => UpdateMaintenanceWindowResult$
];
var UpdateMaintenanceWindowTarget$ = [9, n0, _UMWT,
    0, () => UpdateMaintenanceWindowTargetRequest$, () => UpdateMaintenanceWindowTargetResult$
];
var UpdateMaintenanceWindowTask$ = [9, n0, _UMWTp,
    0, () => UpdateMaintenanceWindowTaskRequest$, () => UpdateMaintenanceWindowTaskResult$
];
var UpdateManagedInstanceRole$ = [9, n0, _UMIR,
    0, () => UpdateManagedInstanceRoleRequest$, () => UpdateManagedInstanceRoleResult$
];
var UpdateOpsItem$ = [9, n0, _UOI,
    0, () => UpdateOpsItemRequest$, () => UpdateOpsItemResponse$
];
var UpdateOpsMetadata$ = [9, n0, _UOM,
    0, () => UpdateOpsMetadataRequest$, () => UpdateOpsMetadataResult$
];
var UpdatePatchBaseline$ = [9, n0, _UPB,
    0, () => UpdatePatchBaselineRequest$, () => UpdatePatchBaselineResult$
];
var UpdateResourceDataSync$ = [9, n0, _URDS,
    0, () => UpdateResourceDataSyncRequest$, () => UpdateResourceDataSyncResult$
];
var UpdateServiceSetting$ = [9, n0, _USS,
    0, () => UpdateServiceSettingRequest$, () => UpdateServiceSettingResult$
];
var ValidateCloudConnector$ = [9, n0, _VCC,
    0, () => ValidateCloudConnectorRequest$, () => ValidateCloudConnectorResult$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2014-11-06",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultSSMHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsJson1_1Protocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.ssm",
            errorTypeRegistries,
            xmlNamespace: "http://ssm.amazonaws.com/doc/2014-11-06/",
            version: "2014-11-06",
            serviceTarget: "AmazonSSM",
        },
        serviceId: config?.serviceId ?? "SSM",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, 900_000),
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class SSMClient extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultSSMHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "AmazonSSM", "SSMClient", getEndpointPlugin);
const _ep0 = {};
const _mw0 = (Command, cs, config, o) => [];

class AddTagsToResourceCommand extends command(_ep0, _mw0, "AddTagsToResource", AddTagsToResource$) {
}

class AssociateOpsItemRelatedItemCommand extends command(_ep0, _mw0, "AssociateOpsItemRelatedItem", AssociateOpsItemRelatedItem$) {
}

class CancelCommandCommand extends command(_ep0, _mw0, "CancelCommand", CancelCommand$) {
}

class CancelMaintenanceWindowExecutionCommand extends command(_ep0, _mw0, "CancelMaintenanceWindowExecution", CancelMaintenanceWindowExecution$) {
}

class CreateActivationCommand extends command(_ep0, _mw0, "CreateActivation", CreateActivation$) {
}

class CreateAssociationBatchCommand extends command(_ep0, _mw0, "CreateAssociationBatch", CreateAssociationBatch$) {
}

class CreateAssociationCommand extends command(_ep0, _mw0, "CreateAssociation", CreateAssociation$) {
}

class CreateCloudConnectorCommand extends command(_ep0, _mw0, "CreateCloudConnector", CreateCloudConnector$) {
}

class CreateDocumentCommand extends command(_ep0, _mw0, "CreateDocument", CreateDocument$) {
}

class CreateMaintenanceWindowCommand extends command(_ep0, _mw0, "CreateMaintenanceWindow", CreateMaintenanceWindow$) {
}

class CreateOpsItemCommand extends command(_ep0, _mw0, "CreateOpsItem", CreateOpsItem$) {
}

class CreateOpsMetadataCommand extends command(_ep0, _mw0, "CreateOpsMetadata", CreateOpsMetadata$) {
}

class CreatePatchBaselineCommand extends command(_ep0, _mw0, "CreatePatchBaseline", CreatePatchBaseline$) {
}

class CreateResourceDataSyncCommand extends command(_ep0, _mw0, "CreateResourceDataSync", CreateResourceDataSync$) {
}

class DeleteActivationCommand extends command(_ep0, _mw0, "DeleteActivation", DeleteActivation$) {
}

class DeleteAssociationCommand extends command(_ep0, _mw0, "DeleteAssociation", DeleteAssociation$) {
}

class DeleteCloudConnectorCommand extends command(_ep0, _mw0, "DeleteCloudConnector", DeleteCloudConnector$) {
}

class DeleteDocumentCommand extends command(_ep0, _mw0, "DeleteDocument", DeleteDocument$) {
}

class DeleteInventoryCommand extends command(_ep0, _mw0, "DeleteInventory", DeleteInventory$) {
}

class DeleteMaintenanceWindowCommand extends command(_ep0, _mw0, "DeleteMaintenanceWindow", DeleteMaintenanceWindow$) {
}

class DeleteOpsItemCommand extends command(_ep0, _mw0, "DeleteOpsItem", DeleteOpsItem$) {
}

class DeleteOpsMetadataCommand extends command(_ep0, _mw0, "DeleteOpsMetadata", DeleteOpsMetadata$) {
}

class DeleteParameterCommand extends command(_ep0, _mw0, "DeleteParameter", DeleteParameter$) {
}

class DeleteParametersCommand extends command(_ep0, _mw0, "DeleteParameters", DeleteParameters$) {
}

class DeletePatchBaselineCommand extends command(_ep0, _mw0, "DeletePatchBaseline", DeletePatchBaseline$) {
}

class DeleteResourceDataSyncCommand extends command(_ep0, _mw0, "DeleteResourceDataSync", DeleteResourceDataSync$) {
}

class DeleteResourcePolicyCommand extends command(_ep0, _mw0, "DeleteResourcePolicy", DeleteResourcePolicy$) {
}

class DeregisterDefaultHostManagementConfigurationCommand extends command(_ep0, _mw0, "DeregisterDefaultHostManagementConfiguration", DeregisterDefaultHostManagementConfiguration$) {
}

class DeregisterManagedInstanceCommand extends command(_ep0, _mw0, "DeregisterManagedInstance", DeregisterManagedInstance$) {
}

class DeregisterPatchBaselineForPatchGroupCommand extends command(_ep0, _mw0, "DeregisterPatchBaselineForPatchGroup", DeregisterPatchBaselineForPatchGroup$) {
}

class DeregisterTargetFromMaintenanceWindowCommand extends command(_ep0, _mw0, "DeregisterTargetFromMaintenanceWindow", DeregisterTargetFromMaintenanceWindow$) {
}

class DeregisterTaskFromMaintenanceWindowCommand extends command(_ep0, _mw0, "DeregisterTaskFromMaintenanceWindow", DeregisterTaskFromMaintenanceWindow$) {
}

class DescribeActivationsCommand extends command(_ep0, _mw0, "DescribeActivations", DescribeActivations$) {
}

class DescribeAssociationCommand extends command(_ep0, _mw0, "DescribeAssociation", DescribeAssociation$) {
}

class DescribeAssociationExecutionsCommand extends command(_ep0, _mw0, "DescribeAssociationExecutions", DescribeAssociationExecutions$) {
}

class DescribeAssociationExecutionTargetsCommand extends command(_ep0, _mw0, "DescribeAssociationExecutionTargets", DescribeAssociationExecutionTargets$) {
}

class DescribeAutomationExecutionsCommand extends command(_ep0, _mw0, "DescribeAutomationExecutions", DescribeAutomationExecutions$) {
}

class DescribeAutomationStepExecutionsCommand extends command(_ep0, _mw0, "DescribeAutomationStepExecutions", DescribeAutomationStepExecutions$) {
}

class DescribeAvailablePatchesCommand extends command(_ep0, _mw0, "DescribeAvailablePatches", DescribeAvailablePatches$) {
}

class DescribeDocumentCommand extends command(_ep0, _mw0, "DescribeDocument", DescribeDocument$) {
}

class DescribeDocumentPermissionCommand extends command(_ep0, _mw0, "DescribeDocumentPermission", DescribeDocumentPermission$) {
}

class DescribeEffectiveInstanceAssociationsCommand extends command(_ep0, _mw0, "DescribeEffectiveInstanceAssociations", DescribeEffectiveInstanceAssociations$) {
}

class DescribeEffectivePatchesForPatchBaselineCommand extends command(_ep0, _mw0, "DescribeEffectivePatchesForPatchBaseline", DescribeEffectivePatchesForPatchBaseline$) {
}

class DescribeInstanceAssociationsStatusCommand extends command(_ep0, _mw0, "DescribeInstanceAssociationsStatus", DescribeInstanceAssociationsStatus$) {
}

class DescribeInstanceInformationCommand extends command(_ep0, _mw0, "DescribeInstanceInformation", DescribeInstanceInformation$) {
}

class DescribeInstancePatchesCommand extends command(_ep0, _mw0, "DescribeInstancePatches", DescribeInstancePatches$) {
}

class DescribeInstancePatchStatesCommand extends command(_ep0, _mw0, "DescribeInstancePatchStates", DescribeInstancePatchStates$) {
}

class DescribeInstancePatchStatesForPatchGroupCommand extends command(_ep0, _mw0, "DescribeInstancePatchStatesForPatchGroup", DescribeInstancePatchStatesForPatchGroup$) {
}

class DescribeInstancePropertiesCommand extends command(_ep0, _mw0, "DescribeInstanceProperties", DescribeInstanceProperties$) {
}

class DescribeInventoryDeletionsCommand extends command(_ep0, _mw0, "DescribeInventoryDeletions", DescribeInventoryDeletions$) {
}

class DescribeMaintenanceWindowExecutionsCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindowExecutions", DescribeMaintenanceWindowExecutions$) {
}

class DescribeMaintenanceWindowExecutionTaskInvocationsCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindowExecutionTaskInvocations", DescribeMaintenanceWindowExecutionTaskInvocations$) {
}

class DescribeMaintenanceWindowExecutionTasksCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindowExecutionTasks", DescribeMaintenanceWindowExecutionTasks$) {
}

class DescribeMaintenanceWindowScheduleCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindowSchedule", DescribeMaintenanceWindowSchedule$) {
}

class DescribeMaintenanceWindowsCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindows", DescribeMaintenanceWindows$) {
}

class DescribeMaintenanceWindowsForTargetCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindowsForTarget", DescribeMaintenanceWindowsForTarget$) {
}

class DescribeMaintenanceWindowTargetsCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindowTargets", DescribeMaintenanceWindowTargets$) {
}

class DescribeMaintenanceWindowTasksCommand extends command(_ep0, _mw0, "DescribeMaintenanceWindowTasks", DescribeMaintenanceWindowTasks$) {
}

class DescribeOpsItemsCommand extends command(_ep0, _mw0, "DescribeOpsItems", DescribeOpsItems$) {
}

class DescribeParametersCommand extends command(_ep0, _mw0, "DescribeParameters", DescribeParameters$) {
}

class DescribePatchBaselinesCommand extends command(_ep0, _mw0, "DescribePatchBaselines", DescribePatchBaselines$) {
}

class DescribePatchGroupsCommand extends command(_ep0, _mw0, "DescribePatchGroups", DescribePatchGroups$) {
}

class DescribePatchGroupStateCommand extends command(_ep0, _mw0, "DescribePatchGroupState", DescribePatchGroupState$) {
}

class DescribePatchPropertiesCommand extends command(_ep0, _mw0, "DescribePatchProperties", DescribePatchProperties$) {
}

class DescribeSessionsCommand extends command(_ep0, _mw0, "DescribeSessions", DescribeSessions$) {
}

class DisassociateOpsItemRelatedItemCommand extends command(_ep0, _mw0, "DisassociateOpsItemRelatedItem", DisassociateOpsItemRelatedItem$) {
}

class GetAccessTokenCommand extends command(_ep0, _mw0, "GetAccessToken", GetAccessToken$) {
}

class GetAutomationExecutionCommand extends command(_ep0, _mw0, "GetAutomationExecution", GetAutomationExecution$) {
}

class GetCalendarStateCommand extends command(_ep0, _mw0, "GetCalendarState", GetCalendarState$) {
}

class GetCloudConnectorCommand extends command(_ep0, _mw0, "GetCloudConnector", GetCloudConnector$) {
}

class GetCommandInvocationCommand extends command(_ep0, _mw0, "GetCommandInvocation", GetCommandInvocation$) {
}

class GetConnectionStatusCommand extends command(_ep0, _mw0, "GetConnectionStatus", GetConnectionStatus$) {
}

class GetDefaultPatchBaselineCommand extends command(_ep0, _mw0, "GetDefaultPatchBaseline", GetDefaultPatchBaseline$) {
}

class GetDeployablePatchSnapshotForInstanceCommand extends command(_ep0, _mw0, "GetDeployablePatchSnapshotForInstance", GetDeployablePatchSnapshotForInstance$) {
}

class GetDocumentCommand extends command(_ep0, _mw0, "GetDocument", GetDocument$) {
}

class GetExecutionPreviewCommand extends command(_ep0, _mw0, "GetExecutionPreview", GetExecutionPreview$) {
}

class GetInventoryCommand extends command(_ep0, _mw0, "GetInventory", GetInventory$) {
}

class GetInventorySchemaCommand extends command(_ep0, _mw0, "GetInventorySchema", GetInventorySchema$) {
}

class GetMaintenanceWindowCommand extends command(_ep0, _mw0, "GetMaintenanceWindow", GetMaintenanceWindow$) {
}

class GetMaintenanceWindowExecutionCommand extends command(_ep0, _mw0, "GetMaintenanceWindowExecution", GetMaintenanceWindowExecution$) {
}

class GetMaintenanceWindowExecutionTaskCommand extends command(_ep0, _mw0, "GetMaintenanceWindowExecutionTask", GetMaintenanceWindowExecutionTask$) {
}

class GetMaintenanceWindowExecutionTaskInvocationCommand extends command(_ep0, _mw0, "GetMaintenanceWindowExecutionTaskInvocation", GetMaintenanceWindowExecutionTaskInvocation$) {
}

class GetMaintenanceWindowTaskCommand extends command(_ep0, _mw0, "GetMaintenanceWindowTask", GetMaintenanceWindowTask$) {
}

class GetOpsItemCommand extends command(_ep0, _mw0, "GetOpsItem", GetOpsItem$) {
}

class GetOpsMetadataCommand extends command(_ep0, _mw0, "GetOpsMetadata", GetOpsMetadata$) {
}

class GetOpsSummaryCommand extends command(_ep0, _mw0, "GetOpsSummary", GetOpsSummary$) {
}

class GetParameterCommand extends command(_ep0, _mw0, "GetParameter", GetParameter$) {
}

class GetParameterHistoryCommand extends command(_ep0, _mw0, "GetParameterHistory", GetParameterHistory$) {
}

class GetParametersByPathCommand extends command(_ep0, _mw0, "GetParametersByPath", GetParametersByPath$) {
}

class GetParametersCommand extends command(_ep0, _mw0, "GetParameters", GetParameters$) {
}

class GetPatchBaselineCommand extends command(_ep0, _mw0, "GetPatchBaseline", GetPatchBaseline$) {
}

class GetPatchBaselineForPatchGroupCommand extends command(_ep0, _mw0, "GetPatchBaselineForPatchGroup", GetPatchBaselineForPatchGroup$) {
}

class GetResourcePoliciesCommand extends command(_ep0, _mw0, "GetResourcePolicies", GetResourcePolicies$) {
}

class GetServiceSettingCommand extends command(_ep0, _mw0, "GetServiceSetting", GetServiceSetting$) {
}

class LabelParameterVersionCommand extends command(_ep0, _mw0, "LabelParameterVersion", LabelParameterVersion$) {
}

class ListAssociationsCommand extends command(_ep0, _mw0, "ListAssociations", ListAssociations$) {
}

class ListAssociationVersionsCommand extends command(_ep0, _mw0, "ListAssociationVersions", ListAssociationVersions$) {
}

class ListCloudConnectorsCommand extends command(_ep0, _mw0, "ListCloudConnectors", ListCloudConnectors$) {
}

class ListCommandInvocationsCommand extends command(_ep0, _mw0, "ListCommandInvocations", ListCommandInvocations$) {
}

class ListCommandsCommand extends command(_ep0, _mw0, "ListCommands", ListCommands$) {
}

class ListComplianceItemsCommand extends command(_ep0, _mw0, "ListComplianceItems", ListComplianceItems$) {
}

class ListComplianceSummariesCommand extends command(_ep0, _mw0, "ListComplianceSummaries", ListComplianceSummaries$) {
}

class ListDocumentMetadataHistoryCommand extends command(_ep0, _mw0, "ListDocumentMetadataHistory", ListDocumentMetadataHistory$) {
}

class ListDocumentsCommand extends command(_ep0, _mw0, "ListDocuments", ListDocuments$) {
}

class ListDocumentVersionsCommand extends command(_ep0, _mw0, "ListDocumentVersions", ListDocumentVersions$) {
}

class ListInventoryEntriesCommand extends command(_ep0, _mw0, "ListInventoryEntries", ListInventoryEntries$) {
}

class ListNodesCommand extends command(_ep0, _mw0, "ListNodes", ListNodes$) {
}

class ListNodesSummaryCommand extends command(_ep0, _mw0, "ListNodesSummary", ListNodesSummary$) {
}

class ListOpsItemEventsCommand extends command(_ep0, _mw0, "ListOpsItemEvents", ListOpsItemEvents$) {
}

class ListOpsItemRelatedItemsCommand extends command(_ep0, _mw0, "ListOpsItemRelatedItems", ListOpsItemRelatedItems$) {
}

class ListOpsMetadataCommand extends command(_ep0, _mw0, "ListOpsMetadata", ListOpsMetadata$) {
}

class ListResourceComplianceSummariesCommand extends command(_ep0, _mw0, "ListResourceComplianceSummaries", ListResourceComplianceSummaries$) {
}

class ListResourceDataSyncCommand extends command(_ep0, _mw0, "ListResourceDataSync", ListResourceDataSync$) {
}

class ListTagsForResourceCommand extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
}

class ModifyDocumentPermissionCommand extends command(_ep0, _mw0, "ModifyDocumentPermission", ModifyDocumentPermission$) {
}

class PutComplianceItemsCommand extends command(_ep0, _mw0, "PutComplianceItems", PutComplianceItems$) {
}

class PutInventoryCommand extends command(_ep0, _mw0, "PutInventory", PutInventory$) {
}

class PutParameterCommand extends command(_ep0, _mw0, "PutParameter", PutParameter$) {
}

class PutResourcePolicyCommand extends command(_ep0, _mw0, "PutResourcePolicy", PutResourcePolicy$) {
}

class RegisterDefaultHostManagementConfigurationCommand extends command(_ep0, _mw0, "RegisterDefaultHostManagementConfiguration", RegisterDefaultHostManagementConfiguration$) {
}

class RegisterDefaultPatchBaselineCommand extends command(_ep0, _mw0, "RegisterDefaultPatchBaseline", RegisterDefaultPatchBaseline$) {
}

class RegisterPatchBaselineForPatchGroupCommand extends command(_ep0, _mw0, "RegisterPatchBaselineForPatchGroup", RegisterPatchBaselineForPatchGroup$) {
}

class RegisterTargetWithMaintenanceWindowCommand extends command(_ep0, _mw0, "RegisterTargetWithMaintenanceWindow", RegisterTargetWithMaintenanceWindow$) {
}

class RegisterTaskWithMaintenanceWindowCommand extends command(_ep0, _mw0, "RegisterTaskWithMaintenanceWindow", RegisterTaskWithMaintenanceWindow$) {
}

class RemoveTagsFromResourceCommand extends command(_ep0, _mw0, "RemoveTagsFromResource", RemoveTagsFromResource$) {
}

class ResetServiceSettingCommand extends command(_ep0, _mw0, "ResetServiceSetting", ResetServiceSetting$) {
}

class ResumeSessionCommand extends command(_ep0, _mw0, "ResumeSession", ResumeSession$) {
}

class SendAutomationSignalCommand extends command(_ep0, _mw0, "SendAutomationSignal", SendAutomationSignal$) {
}

class SendCommandCommand extends command(_ep0, _mw0, "SendCommand", SendCommand$) {
}

class StartAccessRequestCommand extends command(_ep0, _mw0, "StartAccessRequest", StartAccessRequest$) {
}

class StartAssociationsOnceCommand extends command(_ep0, _mw0, "StartAssociationsOnce", StartAssociationsOnce$) {
}

class StartAutomationExecutionCommand extends command(_ep0, _mw0, "StartAutomationExecution", StartAutomationExecution$) {
}

class StartChangeRequestExecutionCommand extends command(_ep0, _mw0, "StartChangeRequestExecution", StartChangeRequestExecution$) {
}

class StartExecutionPreviewCommand extends command(_ep0, _mw0, "StartExecutionPreview", StartExecutionPreview$) {
}

class StartSessionCommand extends command(_ep0, _mw0, "StartSession", StartSession$) {
}

class StopAutomationExecutionCommand extends command(_ep0, _mw0, "StopAutomationExecution", StopAutomationExecution$) {
}

class TerminateSessionCommand extends command(_ep0, _mw0, "TerminateSession", TerminateSession$) {
}

class UnlabelParameterVersionCommand extends command(_ep0, _mw0, "UnlabelParameterVersion", UnlabelParameterVersion$) {
}

class UpdateAssociationCommand extends command(_ep0, _mw0, "UpdateAssociation", UpdateAssociation$) {
}

class UpdateAssociationStatusCommand extends command(_ep0, _mw0, "UpdateAssociationStatus", UpdateAssociationStatus$) {
}

class UpdateCloudConnectorCommand extends command(_ep0, _mw0, "UpdateCloudConnector", UpdateCloudConnector$) {
}

class UpdateDocumentCommand extends command(_ep0, _mw0, "UpdateDocument", UpdateDocument$) {
}

class UpdateDocumentDefaultVersionCommand extends command(_ep0, _mw0, "UpdateDocumentDefaultVersion", UpdateDocumentDefaultVersion$) {
}

class UpdateDocumentMetadataCommand extends command(_ep0, _mw0, "UpdateDocumentMetadata", UpdateDocumentMetadata$) {
}

class UpdateMaintenanceWindowCommand extends command(_ep0, _mw0, "UpdateMaintenanceWindow", UpdateMaintenanceWindow$) {
}

class UpdateMaintenanceWindowTargetCommand extends command(_ep0, _mw0, "UpdateMaintenanceWindowTarget", UpdateMaintenanceWindowTarget$) {
}

class UpdateMaintenanceWindowTaskCommand extends command(_ep0, _mw0, "UpdateMaintenanceWindowTask", UpdateMaintenanceWindowTask$) {
}

class UpdateManagedInstanceRoleCommand extends command(_ep0, _mw0, "UpdateManagedInstanceRole", UpdateManagedInstanceRole$) {
}

class UpdateOpsItemCommand extends command(_ep0, _mw0, "UpdateOpsItem", UpdateOpsItem$) {
}

class UpdateOpsMetadataCommand extends command(_ep0, _mw0, "UpdateOpsMetadata", UpdateOpsMetadata$) {
}

class UpdatePatchBaselineCommand extends command(_ep0, _mw0, "UpdatePatchBaseline", UpdatePatchBaseline$) {
}

class UpdateResourceDataSyncCommand extends command(_ep0, _mw0, "UpdateResourceDataSync", UpdateResourceDataSync$) {
}

class UpdateServiceSettingCommand extends command(_ep0, _mw0, "UpdateServiceSetting", UpdateServiceSetting$) {
}

class ValidateCloudConnectorCommand extends command(_ep0, _mw0, "ValidateCloudConnector", ValidateCloudConnector$) {
}

const paginateDescribeActivations = createPaginator(SSMClient, DescribeActivationsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeAssociationExecutions = createPaginator(SSMClient, DescribeAssociationExecutionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeAssociationExecutionTargets = createPaginator(SSMClient, DescribeAssociationExecutionTargetsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeAutomationExecutions = createPaginator(SSMClient, DescribeAutomationExecutionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeAutomationStepExecutions = createPaginator(SSMClient, DescribeAutomationStepExecutionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeAvailablePatches = createPaginator(SSMClient, DescribeAvailablePatchesCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeEffectiveInstanceAssociations = createPaginator(SSMClient, DescribeEffectiveInstanceAssociationsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeEffectivePatchesForPatchBaseline = createPaginator(SSMClient, DescribeEffectivePatchesForPatchBaselineCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeInstanceAssociationsStatus = createPaginator(SSMClient, DescribeInstanceAssociationsStatusCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeInstanceInformation = createPaginator(SSMClient, DescribeInstanceInformationCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeInstancePatches = createPaginator(SSMClient, DescribeInstancePatchesCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeInstancePatchStatesForPatchGroup = createPaginator(SSMClient, DescribeInstancePatchStatesForPatchGroupCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeInstancePatchStates = createPaginator(SSMClient, DescribeInstancePatchStatesCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeInstanceProperties = createPaginator(SSMClient, DescribeInstancePropertiesCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeInventoryDeletions = createPaginator(SSMClient, DescribeInventoryDeletionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindowExecutions = createPaginator(SSMClient, DescribeMaintenanceWindowExecutionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindowExecutionTaskInvocations = createPaginator(SSMClient, DescribeMaintenanceWindowExecutionTaskInvocationsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindowExecutionTasks = createPaginator(SSMClient, DescribeMaintenanceWindowExecutionTasksCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindowSchedule = createPaginator(SSMClient, DescribeMaintenanceWindowScheduleCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindowsForTarget = createPaginator(SSMClient, DescribeMaintenanceWindowsForTargetCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindows = createPaginator(SSMClient, DescribeMaintenanceWindowsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindowTargets = createPaginator(SSMClient, DescribeMaintenanceWindowTargetsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeMaintenanceWindowTasks = createPaginator(SSMClient, DescribeMaintenanceWindowTasksCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeOpsItems = createPaginator(SSMClient, DescribeOpsItemsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeParameters = createPaginator(SSMClient, DescribeParametersCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribePatchBaselines = createPaginator(SSMClient, DescribePatchBaselinesCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribePatchGroups = createPaginator(SSMClient, DescribePatchGroupsCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribePatchProperties = createPaginator(SSMClient, DescribePatchPropertiesCommand, "NextToken", "NextToken", "MaxResults");

const paginateDescribeSessions = createPaginator(SSMClient, DescribeSessionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateGetInventory = createPaginator(SSMClient, GetInventoryCommand, "NextToken", "NextToken", "MaxResults");

const paginateGetInventorySchema = createPaginator(SSMClient, GetInventorySchemaCommand, "NextToken", "NextToken", "MaxResults");

const paginateGetOpsSummary = createPaginator(SSMClient, GetOpsSummaryCommand, "NextToken", "NextToken", "MaxResults");

const paginateGetParameterHistory = createPaginator(SSMClient, GetParameterHistoryCommand, "NextToken", "NextToken", "MaxResults");

const paginateGetParametersByPath = createPaginator(SSMClient, GetParametersByPathCommand, "NextToken", "NextToken", "MaxResults");

const paginateGetResourcePolicies = createPaginator(SSMClient, GetResourcePoliciesCommand, "NextToken", "NextToken", "MaxResults");

const paginateListAssociations = createPaginator(SSMClient, ListAssociationsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListAssociationVersions = createPaginator(SSMClient, ListAssociationVersionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListCloudConnectors = createPaginator(SSMClient, ListCloudConnectorsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListCommandInvocations = createPaginator(SSMClient, ListCommandInvocationsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListCommands = createPaginator(SSMClient, ListCommandsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListComplianceItems = createPaginator(SSMClient, ListComplianceItemsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListComplianceSummaries = createPaginator(SSMClient, ListComplianceSummariesCommand, "NextToken", "NextToken", "MaxResults");

const paginateListDocuments = createPaginator(SSMClient, ListDocumentsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListDocumentVersions = createPaginator(SSMClient, ListDocumentVersionsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListNodes = createPaginator(SSMClient, ListNodesCommand, "NextToken", "NextToken", "MaxResults");

const paginateListNodesSummary = createPaginator(SSMClient, ListNodesSummaryCommand, "NextToken", "NextToken", "MaxResults");

const paginateListOpsItemEvents = createPaginator(SSMClient, ListOpsItemEventsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListOpsItemRelatedItems = createPaginator(SSMClient, ListOpsItemRelatedItemsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListOpsMetadata = createPaginator(SSMClient, ListOpsMetadataCommand, "NextToken", "NextToken", "MaxResults");

const paginateListResourceComplianceSummaries = createPaginator(SSMClient, ListResourceComplianceSummariesCommand, "NextToken", "NextToken", "MaxResults");

const paginateListResourceDataSync = createPaginator(SSMClient, ListResourceDataSyncCommand, "NextToken", "NextToken", "MaxResults");

const paginateValidateCloudConnector = createPaginator(SSMClient, ValidateCloudConnectorCommand, "NextToken", "NextToken", "MaxResults");

const checkState = async (client, input) => {
    let reason;
    try {
        let result = await client.send(new GetCommandInvocationCommand(input));
        reason = result;
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "Pending") {
                return { state: WaiterState.RETRY, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "InProgress") {
                return { state: WaiterState.RETRY, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "Delayed") {
                return { state: WaiterState.RETRY, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "Success") {
                return { state: WaiterState.SUCCESS, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "Cancelled") {
                return { state: WaiterState.FAILURE, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "TimedOut") {
                return { state: WaiterState.FAILURE, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "Failed") {
                return { state: WaiterState.FAILURE, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                return result.Status;
            };
            if (returnComparator() === "Cancelling") {
                return { state: WaiterState.FAILURE, reason };
            }
        }
        catch (e) { }
    }
    catch (exception) {
        reason = exception;
        if (exception.name === "InvocationDoesNotExist") {
            return { state: WaiterState.RETRY, reason };
        }
    }
    return { state: WaiterState.RETRY, reason };
};
const waitForCommandExecuted = async (params, input) => {
    const serviceDefaults = { minDelay: 5, maxDelay: 120 };
    return createWaiter({ ...serviceDefaults, ...params }, input, checkState);
};
const waitUntilCommandExecuted = async (params, input) => {
    const serviceDefaults = { minDelay: 5, maxDelay: 120 };
    const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState);
    return checkExceptions(result);
};

const commands = {
    AddTagsToResourceCommand,
    AssociateOpsItemRelatedItemCommand,
    CancelCommandCommand,
    CancelMaintenanceWindowExecutionCommand,
    CreateActivationCommand,
    CreateAssociationCommand,
    CreateAssociationBatchCommand,
    CreateCloudConnectorCommand,
    CreateDocumentCommand,
    CreateMaintenanceWindowCommand,
    CreateOpsItemCommand,
    CreateOpsMetadataCommand,
    CreatePatchBaselineCommand,
    CreateResourceDataSyncCommand,
    DeleteActivationCommand,
    DeleteAssociationCommand,
    DeleteCloudConnectorCommand,
    DeleteDocumentCommand,
    DeleteInventoryCommand,
    DeleteMaintenanceWindowCommand,
    DeleteOpsItemCommand,
    DeleteOpsMetadataCommand,
    DeleteParameterCommand,
    DeleteParametersCommand,
    DeletePatchBaselineCommand,
    DeleteResourceDataSyncCommand,
    DeleteResourcePolicyCommand,
    DeregisterDefaultHostManagementConfigurationCommand,
    DeregisterManagedInstanceCommand,
    DeregisterPatchBaselineForPatchGroupCommand,
    DeregisterTargetFromMaintenanceWindowCommand,
    DeregisterTaskFromMaintenanceWindowCommand,
    DescribeActivationsCommand,
    DescribeAssociationCommand,
    DescribeAssociationExecutionsCommand,
    DescribeAssociationExecutionTargetsCommand,
    DescribeAutomationExecutionsCommand,
    DescribeAutomationStepExecutionsCommand,
    DescribeAvailablePatchesCommand,
    DescribeDocumentCommand,
    DescribeDocumentPermissionCommand,
    DescribeEffectiveInstanceAssociationsCommand,
    DescribeEffectivePatchesForPatchBaselineCommand,
    DescribeInstanceAssociationsStatusCommand,
    DescribeInstanceInformationCommand,
    DescribeInstancePatchesCommand,
    DescribeInstancePatchStatesCommand,
    DescribeInstancePatchStatesForPatchGroupCommand,
    DescribeInstancePropertiesCommand,
    DescribeInventoryDeletionsCommand,
    DescribeMaintenanceWindowExecutionsCommand,
    DescribeMaintenanceWindowExecutionTaskInvocationsCommand,
    DescribeMaintenanceWindowExecutionTasksCommand,
    DescribeMaintenanceWindowsCommand,
    DescribeMaintenanceWindowScheduleCommand,
    DescribeMaintenanceWindowsForTargetCommand,
    DescribeMaintenanceWindowTargetsCommand,
    DescribeMaintenanceWindowTasksCommand,
    DescribeOpsItemsCommand,
    DescribeParametersCommand,
    DescribePatchBaselinesCommand,
    DescribePatchGroupsCommand,
    DescribePatchGroupStateCommand,
    DescribePatchPropertiesCommand,
    DescribeSessionsCommand,
    DisassociateOpsItemRelatedItemCommand,
    GetAccessTokenCommand,
    GetAutomationExecutionCommand,
    GetCalendarStateCommand,
    GetCloudConnectorCommand,
    GetCommandInvocationCommand,
    GetConnectionStatusCommand,
    GetDefaultPatchBaselineCommand,
    GetDeployablePatchSnapshotForInstanceCommand,
    GetDocumentCommand,
    GetExecutionPreviewCommand,
    GetInventoryCommand,
    GetInventorySchemaCommand,
    GetMaintenanceWindowCommand,
    GetMaintenanceWindowExecutionCommand,
    GetMaintenanceWindowExecutionTaskCommand,
    GetMaintenanceWindowExecutionTaskInvocationCommand,
    GetMaintenanceWindowTaskCommand,
    GetOpsItemCommand,
    GetOpsMetadataCommand,
    GetOpsSummaryCommand,
    GetParameterCommand,
    GetParameterHistoryCommand,
    GetParametersCommand,
    GetParametersByPathCommand,
    GetPatchBaselineCommand,
    GetPatchBaselineForPatchGroupCommand,
    GetResourcePoliciesCommand,
    GetServiceSettingCommand,
    LabelParameterVersionCommand,
    ListAssociationsCommand,
    ListAssociationVersionsCommand,
    ListCloudConnectorsCommand,
    ListCommandInvocationsCommand,
    ListCommandsCommand,
    ListComplianceItemsCommand,
    ListComplianceSummariesCommand,
    ListDocumentMetadataHistoryCommand,
    ListDocumentsCommand,
    ListDocumentVersionsCommand,
    ListInventoryEntriesCommand,
    ListNodesCommand,
    ListNodesSummaryCommand,
    ListOpsItemEventsCommand,
    ListOpsItemRelatedItemsCommand,
    ListOpsMetadataCommand,
    ListResourceComplianceSummariesCommand,
    ListResourceDataSyncCommand,
    ListTagsForResourceCommand,
    ModifyDocumentPermissionCommand,
    PutComplianceItemsCommand,
    PutInventoryCommand,
    PutParameterCommand,
    PutResourcePolicyCommand,
    RegisterDefaultHostManagementConfigurationCommand,
    RegisterDefaultPatchBaselineCommand,
    RegisterPatchBaselineForPatchGroupCommand,
    RegisterTargetWithMaintenanceWindowCommand,
    RegisterTaskWithMaintenanceWindowCommand,
    RemoveTagsFromResourceCommand,
    ResetServiceSettingCommand,
    ResumeSessionCommand,
    SendAutomationSignalCommand,
    SendCommandCommand,
    StartAccessRequestCommand,
    StartAssociationsOnceCommand,
    StartAutomationExecutionCommand,
    StartChangeRequestExecutionCommand,
    StartExecutionPreviewCommand,
    StartSessionCommand,
    StopAutomationExecutionCommand,
    TerminateSessionCommand,
    UnlabelParameterVersionCommand,
    UpdateAssociationCommand,
    UpdateAssociationStatusCommand,
    UpdateCloudConnectorCommand,
    UpdateDocumentCommand,
    UpdateDocumentDefaultVersionCommand,
    UpdateDocumentMetadataCommand,
    UpdateMaintenanceWindowCommand,
    UpdateMaintenanceWindowTargetCommand,
    UpdateMaintenanceWindowTaskCommand,
    UpdateManagedInstanceRoleCommand,
    UpdateOpsItemCommand,
    UpdateOpsMetadataCommand,
    UpdatePatchBaselineCommand,
    UpdateResourceDataSyncCommand,
    UpdateServiceSettingCommand,
    ValidateCloudConnectorCommand,
};
const paginators = {
    paginateDescribeActivations,
    paginateDescribeAssociationExecutions,
    paginateDescribeAssociationExecutionTargets,
    paginateDescribeAutomationExecutions,
    paginateDescribeAutomationStepExecutions,
    paginateDescribeAvailablePatches,
    paginateDescribeEffectiveInstanceAssociations,
    paginateDescribeEffectivePatchesForPatchBaseline,
    paginateDescribeInstanceAssociationsStatus,
    paginateDescribeInstanceInformation,
    paginateDescribeInstancePatches,
    paginateDescribeInstancePatchStates,
    paginateDescribeInstancePatchStatesForPatchGroup,
    paginateDescribeInstanceProperties,
    paginateDescribeInventoryDeletions,
    paginateDescribeMaintenanceWindowExecutions,
    paginateDescribeMaintenanceWindowExecutionTaskInvocations,
    paginateDescribeMaintenanceWindowExecutionTasks,
    paginateDescribeMaintenanceWindows,
    paginateDescribeMaintenanceWindowSchedule,
    paginateDescribeMaintenanceWindowsForTarget,
    paginateDescribeMaintenanceWindowTargets,
    paginateDescribeMaintenanceWindowTasks,
    paginateDescribeOpsItems,
    paginateDescribeParameters,
    paginateDescribePatchBaselines,
    paginateDescribePatchGroups,
    paginateDescribePatchProperties,
    paginateDescribeSessions,
    paginateGetInventory,
    paginateGetInventorySchema,
    paginateGetOpsSummary,
    paginateGetParameterHistory,
    paginateGetParametersByPath,
    paginateGetResourcePolicies,
    paginateListAssociations,
    paginateListAssociationVersions,
    paginateListCloudConnectors,
    paginateListCommandInvocations,
    paginateListCommands,
    paginateListComplianceItems,
    paginateListComplianceSummaries,
    paginateListDocuments,
    paginateListDocumentVersions,
    paginateListNodes,
    paginateListNodesSummary,
    paginateListOpsItemEvents,
    paginateListOpsItemRelatedItems,
    paginateListOpsMetadata,
    paginateListResourceComplianceSummaries,
    paginateListResourceDataSync,
    paginateValidateCloudConnector,
};
const waiters = {
    waitUntilCommandExecuted,
};
class SSM extends SSMClient {
}
createAggregatedClient(commands, SSM, { paginators, waiters });

const AccessRequestStatus = {
    APPROVED: "Approved",
    EXPIRED: "Expired",
    PENDING: "Pending",
    REJECTED: "Rejected",
    REVOKED: "Revoked",
};
const AccessType = {
    JUSTINTIME: "JustInTime",
    STANDARD: "Standard",
};
const ResourceTypeForTagging = {
    ASSOCIATION: "Association",
    AUTOMATION: "Automation",
    CLOUD_CONNECTOR: "CloudConnector",
    DOCUMENT: "Document",
    MAINTENANCE_WINDOW: "MaintenanceWindow",
    MANAGED_INSTANCE: "ManagedInstance",
    OPSMETADATA: "OpsMetadata",
    OPS_ITEM: "OpsItem",
    PARAMETER: "Parameter",
    PATCH_BASELINE: "PatchBaseline",
};
const ExternalAlarmState = {
    ALARM: "ALARM",
    UNKNOWN: "UNKNOWN",
};
const AssociationComplianceSeverity = {
    Critical: "CRITICAL",
    High: "HIGH",
    Low: "LOW",
    Medium: "MEDIUM",
    Unspecified: "UNSPECIFIED",
};
const AssociationSyncCompliance = {
    Auto: "AUTO",
    Manual: "MANUAL",
};
const AssociationStatusName = {
    Failed: "Failed",
    Pending: "Pending",
    Success: "Success",
};
const Fault = {
    Client: "Client",
    Server: "Server",
    Unknown: "Unknown",
};
const AttachmentsSourceKey = {
    AttachmentReference: "AttachmentReference",
    S3FileUrl: "S3FileUrl",
    SourceUrl: "SourceUrl",
};
const DocumentFormat = {
    JSON: "JSON",
    TEXT: "TEXT",
    YAML: "YAML",
};
const DocumentType = {
    ApplicationConfiguration: "ApplicationConfiguration",
    ApplicationConfigurationSchema: "ApplicationConfigurationSchema",
    AutoApprovalPolicy: "AutoApprovalPolicy",
    Automation: "Automation",
    ChangeCalendar: "ChangeCalendar",
    ChangeTemplate: "Automation.ChangeTemplate",
    CloudFormation: "CloudFormation",
    Command: "Command",
    ConformancePackTemplate: "ConformancePackTemplate",
    DeploymentStrategy: "DeploymentStrategy",
    ManualApprovalPolicy: "ManualApprovalPolicy",
    Package: "Package",
    Policy: "Policy",
    ProblemAnalysis: "ProblemAnalysis",
    ProblemAnalysisTemplate: "ProblemAnalysisTemplate",
    QuickSetup: "QuickSetup",
    Session: "Session",
};
const DocumentHashType = {
    SHA1: "Sha1",
    SHA256: "Sha256",
};
const DocumentParameterType = {
    String: "String",
    StringList: "StringList",
};
const PlatformType = {
    LINUX: "Linux",
    MACOS: "MacOS",
    WINDOWS: "Windows",
};
const ReviewStatus = {
    APPROVED: "APPROVED",
    NOT_REVIEWED: "NOT_REVIEWED",
    PENDING: "PENDING",
    REJECTED: "REJECTED",
};
const DocumentStatus = {
    Active: "Active",
    Creating: "Creating",
    Deleting: "Deleting",
    Failed: "Failed",
    Updating: "Updating",
};
const OpsItemDataType = {
    SEARCHABLE_STRING: "SearchableString",
    STRING: "String",
};
const PatchComplianceLevel = {
    Critical: "CRITICAL",
    High: "HIGH",
    Informational: "INFORMATIONAL",
    Low: "LOW",
    Medium: "MEDIUM",
    Unspecified: "UNSPECIFIED",
};
const PatchFilterKey = {
    AdvisoryId: "ADVISORY_ID",
    Arch: "ARCH",
    BugzillaId: "BUGZILLA_ID",
    CVEId: "CVE_ID",
    Classification: "CLASSIFICATION",
    Epoch: "EPOCH",
    MsrcSeverity: "MSRC_SEVERITY",
    Name: "NAME",
    PatchId: "PATCH_ID",
    PatchSet: "PATCH_SET",
    Priority: "PRIORITY",
    Product: "PRODUCT",
    ProductFamily: "PRODUCT_FAMILY",
    Release: "RELEASE",
    Repository: "REPOSITORY",
    Section: "SECTION",
    Security: "SECURITY",
    Severity: "SEVERITY",
    Version: "VERSION",
};
const PatchComplianceStatus = {
    Compliant: "COMPLIANT",
    NonCompliant: "NON_COMPLIANT",
};
const OperatingSystem = {
    AlmaLinux: "ALMA_LINUX",
    AmazonLinux: "AMAZON_LINUX",
    AmazonLinux2: "AMAZON_LINUX_2",
    AmazonLinux2022: "AMAZON_LINUX_2022",
    AmazonLinux2023: "AMAZON_LINUX_2023",
    CentOS: "CENTOS",
    Debian: "DEBIAN",
    MacOS: "MACOS",
    OracleLinux: "ORACLE_LINUX",
    Raspbian: "RASPBIAN",
    RedhatEnterpriseLinux: "REDHAT_ENTERPRISE_LINUX",
    Rocky_Linux: "ROCKY_LINUX",
    Suse: "SUSE",
    Ubuntu: "UBUNTU",
    Windows: "WINDOWS",
};
const PatchAction = {
    AllowAsDependency: "ALLOW_AS_DEPENDENCY",
    Block: "BLOCK",
};
const ResourceDataSyncS3Format = {
    JSON_SERDE: "JsonSerDe",
};
const InventorySchemaDeleteOption = {
    DELETE_SCHEMA: "DeleteSchema",
    DISABLE_SCHEMA: "DisableSchema",
};
const DeletionMode = {
    RemoveSharing: "RemoveSharing",
    RollbackMigration: "RollbackMigration",
};
const DescribeActivationsFilterKeys = {
    ACTIVATION_IDS: "ActivationIds",
    DEFAULT_INSTANCE_NAME: "DefaultInstanceName",
    IAM_ROLE: "IamRole",
};
const AssociationExecutionFilterKey = {
    CreatedTime: "CreatedTime",
    ExecutionId: "ExecutionId",
    Status: "Status",
};
const AssociationFilterOperatorType = {
    Equal: "EQUAL",
    GreaterThan: "GREATER_THAN",
    LessThan: "LESS_THAN",
};
const AssociationExecutionTargetsFilterKey = {
    ResourceId: "ResourceId",
    ResourceType: "ResourceType",
    Status: "Status",
};
const AutomationExecutionFilterKey = {
    AUTOMATION_SUBTYPE: "AutomationSubtype",
    AUTOMATION_TYPE: "AutomationType",
    CURRENT_ACTION: "CurrentAction",
    DOCUMENT_NAME_PREFIX: "DocumentNamePrefix",
    EXECUTION_ID: "ExecutionId",
    EXECUTION_STATUS: "ExecutionStatus",
    OPS_ITEM_ID: "OpsItemId",
    PARENT_EXECUTION_ID: "ParentExecutionId",
    START_TIME_AFTER: "StartTimeAfter",
    START_TIME_BEFORE: "StartTimeBefore",
    TAG_KEY: "TagKey",
    TARGET_RESOURCE_GROUP: "TargetResourceGroup",
};
const AutomationExecutionStatus = {
    APPROVED: "Approved",
    CANCELLED: "Cancelled",
    CANCELLING: "Cancelling",
    CHANGE_CALENDAR_OVERRIDE_APPROVED: "ChangeCalendarOverrideApproved",
    CHANGE_CALENDAR_OVERRIDE_REJECTED: "ChangeCalendarOverrideRejected",
    COMPLETED_WITH_FAILURE: "CompletedWithFailure",
    COMPLETED_WITH_SUCCESS: "CompletedWithSuccess",
    EXITED: "Exited",
    FAILED: "Failed",
    INPROGRESS: "InProgress",
    PENDING: "Pending",
    PENDING_APPROVAL: "PendingApproval",
    PENDING_CHANGE_CALENDAR_OVERRIDE: "PendingChangeCalendarOverride",
    REJECTED: "Rejected",
    RUNBOOK_INPROGRESS: "RunbookInProgress",
    SCHEDULED: "Scheduled",
    SUCCESS: "Success",
    TIMEDOUT: "TimedOut",
    WAITING: "Waiting",
};
const AutomationSubtype = {
    AccessRequest: "AccessRequest",
    ChangeRequest: "ChangeRequest",
};
const AutomationType = {
    CrossAccount: "CrossAccount",
    Local: "Local",
};
const ExecutionMode = {
    Auto: "Auto",
    Interactive: "Interactive",
};
const StepExecutionFilterKey = {
    ACTION: "Action",
    PARENT_STEP_EXECUTION_ID: "ParentStepExecutionId",
    PARENT_STEP_ITERATION: "ParentStepIteration",
    PARENT_STEP_ITERATOR_VALUE: "ParentStepIteratorValue",
    START_TIME_AFTER: "StartTimeAfter",
    START_TIME_BEFORE: "StartTimeBefore",
    STEP_EXECUTION_ID: "StepExecutionId",
    STEP_EXECUTION_STATUS: "StepExecutionStatus",
    STEP_NAME: "StepName",
};
const DocumentPermissionType = {
    SHARE: "Share",
};
const PatchDeploymentStatus = {
    Approved: "APPROVED",
    ExplicitApproved: "EXPLICIT_APPROVED",
    ExplicitRejected: "EXPLICIT_REJECTED",
    PendingApproval: "PENDING_APPROVAL",
};
const InstanceInformationFilterKey = {
    ACTIVATION_IDS: "ActivationIds",
    AGENT_VERSION: "AgentVersion",
    ASSOCIATION_STATUS: "AssociationStatus",
    IAM_ROLE: "IamRole",
    INSTANCE_IDS: "InstanceIds",
    PING_STATUS: "PingStatus",
    PLATFORM_TYPES: "PlatformTypes",
    RESOURCE_TYPE: "ResourceType",
};
const PingStatus = {
    CONNECTION_LOST: "ConnectionLost",
    INACTIVE: "Inactive",
    ONLINE: "Online",
};
const ResourceType = {
    EC2_INSTANCE: "EC2Instance",
    MANAGED_INSTANCE: "ManagedInstance",
};
const SourceType = {
    AWS_EC2_INSTANCE: "AWS::EC2::Instance",
    AWS_IOT_THING: "AWS::IoT::Thing",
    AWS_SSM_MANAGEDINSTANCE: "AWS::SSM::ManagedInstance",
    AZURE_INSTANCE: "Microsoft.Compute/virtualMachines",
    GCP_INSTANCE: "compute.googleapis.com/Instance",
};
const PatchComplianceDataState = {
    AvailableSecurityUpdate: "AVAILABLE_SECURITY_UPDATE",
    Failed: "FAILED",
    Installed: "INSTALLED",
    InstalledOther: "INSTALLED_OTHER",
    InstalledPendingReboot: "INSTALLED_PENDING_REBOOT",
    InstalledRejected: "INSTALLED_REJECTED",
    Missing: "MISSING",
    NotApplicable: "NOT_APPLICABLE",
};
const PatchOperationType = {
    INSTALL: "Install",
    SCAN: "Scan",
};
const RebootOption = {
    NO_REBOOT: "NoReboot",
    REBOOT_IF_NEEDED: "RebootIfNeeded",
};
const InstancePatchStateOperatorType = {
    EQUAL: "Equal",
    GREATER_THAN: "GreaterThan",
    LESS_THAN: "LessThan",
    NOT_EQUAL: "NotEqual",
};
const InstancePropertyFilterOperator = {
    BEGIN_WITH: "BeginWith",
    EQUAL: "Equal",
    GREATER_THAN: "GreaterThan",
    LESS_THAN: "LessThan",
    NOT_EQUAL: "NotEqual",
};
const InstancePropertyFilterKey = {
    ACTIVATION_IDS: "ActivationIds",
    AGENT_VERSION: "AgentVersion",
    ASSOCIATION_STATUS: "AssociationStatus",
    DOCUMENT_NAME: "DocumentName",
    IAM_ROLE: "IamRole",
    INSTANCE_IDS: "InstanceIds",
    PING_STATUS: "PingStatus",
    PLATFORM_TYPES: "PlatformTypes",
    RESOURCE_TYPE: "ResourceType",
};
const InventoryDeletionStatus = {
    COMPLETE: "Complete",
    IN_PROGRESS: "InProgress",
};
const MaintenanceWindowExecutionStatus = {
    Cancelled: "CANCELLED",
    Cancelling: "CANCELLING",
    Failed: "FAILED",
    InProgress: "IN_PROGRESS",
    Pending: "PENDING",
    SkippedOverlapping: "SKIPPED_OVERLAPPING",
    Success: "SUCCESS",
    TimedOut: "TIMED_OUT",
};
const MaintenanceWindowTaskType = {
    Automation: "AUTOMATION",
    Lambda: "LAMBDA",
    RunCommand: "RUN_COMMAND",
    StepFunctions: "STEP_FUNCTIONS",
};
const MaintenanceWindowResourceType = {
    Instance: "INSTANCE",
    ResourceGroup: "RESOURCE_GROUP",
};
const MaintenanceWindowTaskCutoffBehavior = {
    CancelTask: "CANCEL_TASK",
    ContinueTask: "CONTINUE_TASK",
};
const OpsItemFilterKey = {
    ACCESS_REQUEST_APPROVER_ARN: "AccessRequestByApproverArn",
    ACCESS_REQUEST_APPROVER_ID: "AccessRequestByApproverId",
    ACCESS_REQUEST_IS_REPLICA: "AccessRequestByIsReplica",
    ACCESS_REQUEST_REQUESTER_ARN: "AccessRequestByRequesterArn",
    ACCESS_REQUEST_REQUESTER_ID: "AccessRequestByRequesterId",
    ACCESS_REQUEST_SOURCE_ACCOUNT_ID: "AccessRequestBySourceAccountId",
    ACCESS_REQUEST_SOURCE_OPS_ITEM_ID: "AccessRequestBySourceOpsItemId",
    ACCESS_REQUEST_SOURCE_REGION: "AccessRequestBySourceRegion",
    ACCESS_REQUEST_TARGET_RESOURCE_ID: "AccessRequestByTargetResourceId",
    ACCOUNT_ID: "AccountId",
    ACTUAL_END_TIME: "ActualEndTime",
    ACTUAL_START_TIME: "ActualStartTime",
    AUTOMATION_ID: "AutomationId",
    CATEGORY: "Category",
    CHANGE_REQUEST_APPROVER_ARN: "ChangeRequestByApproverArn",
    CHANGE_REQUEST_APPROVER_NAME: "ChangeRequestByApproverName",
    CHANGE_REQUEST_REQUESTER_ARN: "ChangeRequestByRequesterArn",
    CHANGE_REQUEST_REQUESTER_NAME: "ChangeRequestByRequesterName",
    CHANGE_REQUEST_TARGETS_RESOURCE_GROUP: "ChangeRequestByTargetsResourceGroup",
    CHANGE_REQUEST_TEMPLATE: "ChangeRequestByTemplate",
    CREATED_BY: "CreatedBy",
    CREATED_TIME: "CreatedTime",
    INSIGHT_TYPE: "InsightByType",
    LAST_MODIFIED_TIME: "LastModifiedTime",
    OPERATIONAL_DATA: "OperationalData",
    OPERATIONAL_DATA_KEY: "OperationalDataKey",
    OPERATIONAL_DATA_VALUE: "OperationalDataValue",
    OPSITEM_ID: "OpsItemId",
    OPSITEM_TYPE: "OpsItemType",
    PLANNED_END_TIME: "PlannedEndTime",
    PLANNED_START_TIME: "PlannedStartTime",
    PRIORITY: "Priority",
    RESOURCE_ID: "ResourceId",
    SEVERITY: "Severity",
    SOURCE: "Source",
    STATUS: "Status",
    TITLE: "Title",
};
const OpsItemFilterOperator = {
    CONTAINS: "Contains",
    EQUAL: "Equal",
    GREATER_THAN: "GreaterThan",
    LESS_THAN: "LessThan",
};
const OpsItemStatus = {
    APPROVED: "Approved",
    CANCELLED: "Cancelled",
    CANCELLING: "Cancelling",
    CHANGE_CALENDAR_OVERRIDE_APPROVED: "ChangeCalendarOverrideApproved",
    CHANGE_CALENDAR_OVERRIDE_REJECTED: "ChangeCalendarOverrideRejected",
    CLOSED: "Closed",
    COMPLETED_WITH_FAILURE: "CompletedWithFailure",
    COMPLETED_WITH_SUCCESS: "CompletedWithSuccess",
    FAILED: "Failed",
    IN_PROGRESS: "InProgress",
    OPEN: "Open",
    PENDING: "Pending",
    PENDING_APPROVAL: "PendingApproval",
    PENDING_CHANGE_CALENDAR_OVERRIDE: "PendingChangeCalendarOverride",
    REJECTED: "Rejected",
    RESOLVED: "Resolved",
    REVOKED: "Revoked",
    RUNBOOK_IN_PROGRESS: "RunbookInProgress",
    SCHEDULED: "Scheduled",
    TIMED_OUT: "TimedOut",
};
const ParametersFilterKey = {
    KEY_ID: "KeyId",
    NAME: "Name",
    TYPE: "Type",
};
const ParameterTier = {
    ADVANCED: "Advanced",
    INTELLIGENT_TIERING: "Intelligent-Tiering",
    STANDARD: "Standard",
};
const ParameterType = {
    SECURE_STRING: "SecureString",
    STRING: "String",
    STRING_LIST: "StringList",
};
const PatchSet = {
    Application: "APPLICATION",
    Os: "OS",
};
const PatchProperty = {
    PatchClassification: "CLASSIFICATION",
    PatchMsrcSeverity: "MSRC_SEVERITY",
    PatchPriority: "PRIORITY",
    PatchProductFamily: "PRODUCT_FAMILY",
    PatchSeverity: "SEVERITY",
    Product: "PRODUCT",
};
const SessionFilterKey = {
    ACCESS_TYPE: "AccessType",
    INVOKED_AFTER: "InvokedAfter",
    INVOKED_BEFORE: "InvokedBefore",
    OWNER: "Owner",
    SESSION_ID: "SessionId",
    STATUS: "Status",
    TARGET_ID: "Target",
};
const SessionState = {
    ACTIVE: "Active",
    HISTORY: "History",
};
const SessionStatus = {
    CONNECTED: "Connected",
    CONNECTING: "Connecting",
    DISCONNECTED: "Disconnected",
    FAILED: "Failed",
    TERMINATED: "Terminated",
    TERMINATING: "Terminating",
};
const CalendarState = {
    CLOSED: "CLOSED",
    OPEN: "OPEN",
};
const CommandInvocationStatus = {
    CANCELLED: "Cancelled",
    CANCELLING: "Cancelling",
    DELAYED: "Delayed",
    FAILED: "Failed",
    IN_PROGRESS: "InProgress",
    PENDING: "Pending",
    SUCCESS: "Success",
    TIMED_OUT: "TimedOut",
};
const ConnectionStatus = {
    CONNECTED: "connected",
    NOT_CONNECTED: "notconnected",
};
const AttachmentHashType = {
    SHA256: "Sha256",
};
const ImpactType = {
    MUTATING: "Mutating",
    NON_MUTATING: "NonMutating",
    UNDETERMINED: "Undetermined",
};
const ExecutionPreviewStatus = {
    FAILED: "Failed",
    IN_PROGRESS: "InProgress",
    PENDING: "Pending",
    SUCCESS: "Success",
};
const InventoryQueryOperatorType = {
    BEGIN_WITH: "BeginWith",
    EQUAL: "Equal",
    EXISTS: "Exists",
    GREATER_THAN: "GreaterThan",
    LESS_THAN: "LessThan",
    NOT_EQUAL: "NotEqual",
};
const InventoryAttributeDataType = {
    NUMBER: "number",
    STRING: "string",
};
const NotificationEvent = {
    ALL: "All",
    CANCELLED: "Cancelled",
    FAILED: "Failed",
    IN_PROGRESS: "InProgress",
    SUCCESS: "Success",
    TIMED_OUT: "TimedOut",
};
const NotificationType = {
    Command: "Command",
    Invocation: "Invocation",
};
const OpsFilterOperatorType = {
    BEGIN_WITH: "BeginWith",
    EQUAL: "Equal",
    EXISTS: "Exists",
    GREATER_THAN: "GreaterThan",
    LESS_THAN: "LessThan",
    NOT_EQUAL: "NotEqual",
};
const AssociationFilterKey = {
    AssociationId: "AssociationId",
    AssociationName: "AssociationName",
    CloudConnectorId: "CloudConnectorId",
    InstanceId: "InstanceId",
    LastExecutedAfter: "LastExecutedAfter",
    LastExecutedBefore: "LastExecutedBefore",
    Name: "Name",
    ResourceGroupName: "ResourceGroupName",
    Status: "AssociationStatusName",
};
const CloudConnectorFilterKey = {
    OrganizationId: "OrganizationId",
    ProjectId: "ProjectId",
    SubscriptionId: "SubscriptionId",
    TenantId: "TenantId",
};
const Provider = {
    AZURE: "Azure",
    GCP: "GCP",
};
const CommandFilterKey = {
    DOCUMENT_NAME: "DocumentName",
    EXECUTION_STAGE: "ExecutionStage",
    INVOKED_AFTER: "InvokedAfter",
    INVOKED_BEFORE: "InvokedBefore",
    STATUS: "Status",
};
const CommandPluginStatus = {
    CANCELLED: "Cancelled",
    FAILED: "Failed",
    IN_PROGRESS: "InProgress",
    PENDING: "Pending",
    SUCCESS: "Success",
    TIMED_OUT: "TimedOut",
};
const CommandStatus = {
    CANCELLED: "Cancelled",
    CANCELLING: "Cancelling",
    FAILED: "Failed",
    IN_PROGRESS: "InProgress",
    PENDING: "Pending",
    SUCCESS: "Success",
    TIMED_OUT: "TimedOut",
};
const ComplianceQueryOperatorType = {
    BeginWith: "BEGIN_WITH",
    Equal: "EQUAL",
    GreaterThan: "GREATER_THAN",
    LessThan: "LESS_THAN",
    NotEqual: "NOT_EQUAL",
};
const ComplianceSeverity = {
    Critical: "CRITICAL",
    High: "HIGH",
    Informational: "INFORMATIONAL",
    Low: "LOW",
    Medium: "MEDIUM",
    Unspecified: "UNSPECIFIED",
};
const ComplianceStatus = {
    Compliant: "COMPLIANT",
    NonCompliant: "NON_COMPLIANT",
};
const DocumentMetadataEnum = {
    DocumentReviews: "DocumentReviews",
};
const DocumentReviewCommentType = {
    Comment: "Comment",
};
const DocumentFilterKey = {
    DocumentType: "DocumentType",
    Name: "Name",
    Owner: "Owner",
    PlatformTypes: "PlatformTypes",
};
const NodeFilterKey = {
    ACCOUNT_ID: "AccountId",
    AGENT_TYPE: "AgentType",
    AGENT_VERSION: "AgentVersion",
    AVAILABILITY_ZONE: "AvailabilityZone",
    AVAILABILITY_ZONE_ID: "AvailabilityZoneId",
    COMPUTER_NAME: "ComputerName",
    INSTANCE_ID: "InstanceId",
    INSTANCE_STATUS: "InstanceStatus",
    IP_ADDRESS: "IpAddress",
    MANAGED_STATUS: "ManagedStatus",
    ORGANIZATIONAL_UNIT_ID: "OrganizationalUnitId",
    ORGANIZATIONAL_UNIT_PATH: "OrganizationalUnitPath",
    PLATFORM_NAME: "PlatformName",
    PLATFORM_TYPE: "PlatformType",
    PLATFORM_VERSION: "PlatformVersion",
    REGION: "Region",
    RESOURCE_TYPE: "ResourceType",
    SOURCE_ID: "SourceId",
    SOURCE_LOCATION: "SourceLocation",
    SOURCE_TYPE: "SourceType",
};
const NodeFilterOperatorType = {
    BEGIN_WITH: "BeginWith",
    EQUAL: "Equal",
    NOT_EQUAL: "NotEqual",
};
const ManagedStatus = {
    ALL: "All",
    MANAGED: "Managed",
    UNMANAGED: "Unmanaged",
};
const NodeAggregatorType = {
    COUNT: "Count",
};
const NodeAttributeName = {
    AGENT_VERSION: "AgentVersion",
    AVAILABILITY_ZONE: "AvailabilityZone",
    PLATFORM_NAME: "PlatformName",
    PLATFORM_TYPE: "PlatformType",
    PLATFORM_VERSION: "PlatformVersion",
    REGION: "Region",
    RESOURCE_TYPE: "ResourceType",
    SOURCE_TYPE: "SourceType",
};
const NodeTypeName = {
    INSTANCE: "Instance",
};
const OpsItemEventFilterKey = {
    OPSITEM_ID: "OpsItemId",
};
const OpsItemEventFilterOperator = {
    EQUAL: "Equal",
};
const OpsItemRelatedItemsFilterKey = {
    ASSOCIATION_ID: "AssociationId",
    RESOURCE_TYPE: "ResourceType",
    RESOURCE_URI: "ResourceUri",
};
const OpsItemRelatedItemsFilterOperator = {
    EQUAL: "Equal",
};
const LastResourceDataSyncStatus = {
    FAILED: "Failed",
    INPROGRESS: "InProgress",
    SUCCESSFUL: "Successful",
};
const ComplianceUploadType = {
    Complete: "COMPLETE",
    Partial: "PARTIAL",
};
const DHMCPermissionModel = {
    SELF_MANAGED: "SELF_MANAGED",
    SERVICE_MANAGED: "SERVICE_MANAGED",
};
const SignalType = {
    APPROVE: "Approve",
    REJECT: "Reject",
    RESUME: "Resume",
    REVOKE: "Revoke",
    START_STEP: "StartStep",
    STOP_STEP: "StopStep",
};
const StopType = {
    CANCEL: "Cancel",
    COMPLETE: "Complete",
};
const DocumentReviewAction = {
    Approve: "Approve",
    Reject: "Reject",
    SendForReview: "SendForReview",
    UpdateReview: "UpdateReview",
};
const ValidationFindingCode = {
    AWS_ROLE_ASSUMPTION_FAILED: "AwsRoleAssumptionFailed",
    OUTBOUND_WEB_IDENTITY_FEDERATION_DISABLED: "OutboundWebIdentityFederationDisabled",
    PROVIDER_CREDENTIAL_CREATION_FAILED: "ProviderCredentialCreationFailed",
    SUBSCRIPTION_ACCESSIBLE: "SubscriptionAccessible",
    TARGET_API_DISABLED: "TargetApiDisabled",
    TARGET_INACCESSIBLE: "TargetInaccessible",
    TARGET_MISSING_PERMISSIONS: "TargetMissingPermissions",
    TARGET_STATE_WARNING: "TargetStateWarning",
    TARGET_UNUSABLE: "TargetUnusable",
    TENANT_SUMMARY: "TenantSummary",
    WEB_IDENTITY_TOKEN_FAILED: "WebIdentityTokenFailed",
};
const ValidationFindingScopeType = {
    AZURE_SUBSCRIPTION: "azure:subscription",
    AZURE_TENANT: "azure:tenant",
    GCP_ORGANIZATION: "gcp:organization",
    GCP_PROJECT: "gcp:project",
};
const ValidationFindingType = {
    ERROR: "ERROR",
    INFO: "INFO",
    WARN: "WARN",
};

__webpack_unused_export__ = AccessDeniedException;
__webpack_unused_export__ = AccessDeniedException$;
__webpack_unused_export__ = AccessRequestStatus;
__webpack_unused_export__ = AccessType;
__webpack_unused_export__ = AccountSharingInfo$;
__webpack_unused_export__ = Activation$;
__webpack_unused_export__ = AddTagsToResource$;
__webpack_unused_export__ = AddTagsToResourceCommand;
__webpack_unused_export__ = AddTagsToResourceRequest$;
__webpack_unused_export__ = AddTagsToResourceResult$;
__webpack_unused_export__ = Alarm$;
__webpack_unused_export__ = AlarmConfiguration$;
__webpack_unused_export__ = AlarmStateInformation$;
__webpack_unused_export__ = AlreadyExistsException;
__webpack_unused_export__ = AlreadyExistsException$;
__webpack_unused_export__ = AssociateOpsItemRelatedItem$;
__webpack_unused_export__ = AssociateOpsItemRelatedItemCommand;
__webpack_unused_export__ = AssociateOpsItemRelatedItemRequest$;
__webpack_unused_export__ = AssociateOpsItemRelatedItemResponse$;
__webpack_unused_export__ = AssociatedInstances;
__webpack_unused_export__ = AssociatedInstances$;
__webpack_unused_export__ = Association$;
__webpack_unused_export__ = AssociationAlreadyExists;
__webpack_unused_export__ = AssociationAlreadyExists$;
__webpack_unused_export__ = AssociationComplianceSeverity;
__webpack_unused_export__ = AssociationDescription$;
__webpack_unused_export__ = AssociationDoesNotExist;
__webpack_unused_export__ = AssociationDoesNotExist$;
__webpack_unused_export__ = AssociationExecution$;
__webpack_unused_export__ = AssociationExecutionDoesNotExist;
__webpack_unused_export__ = AssociationExecutionDoesNotExist$;
__webpack_unused_export__ = AssociationExecutionFilter$;
__webpack_unused_export__ = AssociationExecutionFilterKey;
__webpack_unused_export__ = AssociationExecutionTarget$;
__webpack_unused_export__ = AssociationExecutionTargetsFilter$;
__webpack_unused_export__ = AssociationExecutionTargetsFilterKey;
__webpack_unused_export__ = AssociationFilter$;
__webpack_unused_export__ = AssociationFilterKey;
__webpack_unused_export__ = AssociationFilterOperatorType;
__webpack_unused_export__ = AssociationLimitExceeded;
__webpack_unused_export__ = AssociationLimitExceeded$;
__webpack_unused_export__ = AssociationOverview$;
__webpack_unused_export__ = AssociationStatus$;
__webpack_unused_export__ = AssociationStatusName;
__webpack_unused_export__ = AssociationSyncCompliance;
__webpack_unused_export__ = AssociationVersionInfo$;
__webpack_unused_export__ = AssociationVersionLimitExceeded;
__webpack_unused_export__ = AssociationVersionLimitExceeded$;
__webpack_unused_export__ = AttachmentContent$;
__webpack_unused_export__ = AttachmentHashType;
__webpack_unused_export__ = AttachmentInformation$;
__webpack_unused_export__ = AttachmentsSource$;
__webpack_unused_export__ = AttachmentsSourceKey;
__webpack_unused_export__ = AutomationDefinitionNotApprovedException;
__webpack_unused_export__ = AutomationDefinitionNotApprovedException$;
__webpack_unused_export__ = AutomationDefinitionNotFoundException;
__webpack_unused_export__ = AutomationDefinitionNotFoundException$;
__webpack_unused_export__ = AutomationDefinitionVersionNotFoundException;
__webpack_unused_export__ = AutomationDefinitionVersionNotFoundException$;
__webpack_unused_export__ = AutomationExecution$;
__webpack_unused_export__ = AutomationExecutionFilter$;
__webpack_unused_export__ = AutomationExecutionFilterKey;
__webpack_unused_export__ = AutomationExecutionInputs$;
__webpack_unused_export__ = AutomationExecutionLimitExceededException;
__webpack_unused_export__ = AutomationExecutionLimitExceededException$;
__webpack_unused_export__ = AutomationExecutionMetadata$;
__webpack_unused_export__ = AutomationExecutionNotFoundException;
__webpack_unused_export__ = AutomationExecutionNotFoundException$;
__webpack_unused_export__ = AutomationExecutionPreview$;
__webpack_unused_export__ = AutomationExecutionStatus;
__webpack_unused_export__ = AutomationStepNotFoundException;
__webpack_unused_export__ = AutomationStepNotFoundException$;
__webpack_unused_export__ = AutomationSubtype;
__webpack_unused_export__ = AutomationType;
__webpack_unused_export__ = AzureConfiguration$;
__webpack_unused_export__ = AzureSubscription$;
__webpack_unused_export__ = BaselineOverride$;
__webpack_unused_export__ = CalendarState;
__webpack_unused_export__ = CancelCommand$;
__webpack_unused_export__ = CancelCommandCommand;
__webpack_unused_export__ = CancelCommandRequest$;
__webpack_unused_export__ = CancelCommandResult$;
__webpack_unused_export__ = CancelMaintenanceWindowExecution$;
__webpack_unused_export__ = CancelMaintenanceWindowExecutionCommand;
__webpack_unused_export__ = CancelMaintenanceWindowExecutionRequest$;
__webpack_unused_export__ = CancelMaintenanceWindowExecutionResult$;
__webpack_unused_export__ = CloudConnectorConfiguration$;
__webpack_unused_export__ = CloudConnectorFilter$;
__webpack_unused_export__ = CloudConnectorFilterKey;
__webpack_unused_export__ = CloudConnectorSummary$;
__webpack_unused_export__ = CloudWatchOutputConfig$;
__webpack_unused_export__ = Command$;
__webpack_unused_export__ = CommandFilter$;
__webpack_unused_export__ = CommandFilterKey;
__webpack_unused_export__ = CommandInvocation$;
__webpack_unused_export__ = CommandInvocationStatus;
__webpack_unused_export__ = CommandPlugin$;
__webpack_unused_export__ = CommandPluginStatus;
__webpack_unused_export__ = CommandStatus;
__webpack_unused_export__ = ComplianceExecutionSummary$;
__webpack_unused_export__ = ComplianceItem$;
__webpack_unused_export__ = ComplianceItemEntry$;
__webpack_unused_export__ = ComplianceQueryOperatorType;
__webpack_unused_export__ = ComplianceSeverity;
__webpack_unused_export__ = ComplianceStatus;
__webpack_unused_export__ = ComplianceStringFilter$;
__webpack_unused_export__ = ComplianceSummaryItem$;
__webpack_unused_export__ = ComplianceTypeCountLimitExceededException;
__webpack_unused_export__ = ComplianceTypeCountLimitExceededException$;
__webpack_unused_export__ = ComplianceUploadType;
__webpack_unused_export__ = CompliantSummary$;
__webpack_unused_export__ = ConfigurationTargets$;
__webpack_unused_export__ = ConflictException;
__webpack_unused_export__ = ConflictException$;
__webpack_unused_export__ = ConnectionStatus;
__webpack_unused_export__ = CreateActivation$;
__webpack_unused_export__ = CreateActivationCommand;
__webpack_unused_export__ = CreateActivationRequest$;
__webpack_unused_export__ = CreateActivationResult$;
__webpack_unused_export__ = CreateAssociation$;
__webpack_unused_export__ = CreateAssociationBatch$;
__webpack_unused_export__ = CreateAssociationBatchCommand;
__webpack_unused_export__ = CreateAssociationBatchRequest$;
__webpack_unused_export__ = CreateAssociationBatchRequestEntry$;
__webpack_unused_export__ = CreateAssociationBatchResult$;
__webpack_unused_export__ = CreateAssociationCommand;
__webpack_unused_export__ = CreateAssociationRequest$;
__webpack_unused_export__ = CreateAssociationResult$;
__webpack_unused_export__ = CreateCloudConnector$;
__webpack_unused_export__ = CreateCloudConnectorCommand;
__webpack_unused_export__ = CreateCloudConnectorRequest$;
__webpack_unused_export__ = CreateCloudConnectorResult$;
__webpack_unused_export__ = CreateDocument$;
__webpack_unused_export__ = CreateDocumentCommand;
__webpack_unused_export__ = CreateDocumentRequest$;
__webpack_unused_export__ = CreateDocumentResult$;
__webpack_unused_export__ = CreateMaintenanceWindow$;
__webpack_unused_export__ = CreateMaintenanceWindowCommand;
__webpack_unused_export__ = CreateMaintenanceWindowRequest$;
__webpack_unused_export__ = CreateMaintenanceWindowResult$;
__webpack_unused_export__ = CreateOpsItem$;
__webpack_unused_export__ = CreateOpsItemCommand;
__webpack_unused_export__ = CreateOpsItemRequest$;
__webpack_unused_export__ = CreateOpsItemResponse$;
__webpack_unused_export__ = CreateOpsMetadata$;
__webpack_unused_export__ = CreateOpsMetadataCommand;
__webpack_unused_export__ = CreateOpsMetadataRequest$;
__webpack_unused_export__ = CreateOpsMetadataResult$;
__webpack_unused_export__ = CreatePatchBaseline$;
__webpack_unused_export__ = CreatePatchBaselineCommand;
__webpack_unused_export__ = CreatePatchBaselineRequest$;
__webpack_unused_export__ = CreatePatchBaselineResult$;
__webpack_unused_export__ = CreateResourceDataSync$;
__webpack_unused_export__ = CreateResourceDataSyncCommand;
__webpack_unused_export__ = CreateResourceDataSyncRequest$;
__webpack_unused_export__ = CreateResourceDataSyncResult$;
__webpack_unused_export__ = Credentials$;
__webpack_unused_export__ = CustomSchemaCountLimitExceededException;
__webpack_unused_export__ = CustomSchemaCountLimitExceededException$;
__webpack_unused_export__ = DHMCPermissionModel;
__webpack_unused_export__ = DeleteActivation$;
__webpack_unused_export__ = DeleteActivationCommand;
__webpack_unused_export__ = DeleteActivationRequest$;
__webpack_unused_export__ = DeleteActivationResult$;
__webpack_unused_export__ = DeleteAssociation$;
__webpack_unused_export__ = DeleteAssociationCommand;
__webpack_unused_export__ = DeleteAssociationRequest$;
__webpack_unused_export__ = DeleteAssociationResult$;
__webpack_unused_export__ = DeleteCloudConnector$;
__webpack_unused_export__ = DeleteCloudConnectorCommand;
__webpack_unused_export__ = DeleteCloudConnectorRequest$;
__webpack_unused_export__ = DeleteCloudConnectorResult$;
__webpack_unused_export__ = DeleteDocument$;
__webpack_unused_export__ = DeleteDocumentCommand;
__webpack_unused_export__ = DeleteDocumentRequest$;
__webpack_unused_export__ = DeleteDocumentResult$;
__webpack_unused_export__ = DeleteInventory$;
__webpack_unused_export__ = DeleteInventoryCommand;
__webpack_unused_export__ = DeleteInventoryRequest$;
__webpack_unused_export__ = DeleteInventoryResult$;
__webpack_unused_export__ = DeleteMaintenanceWindow$;
__webpack_unused_export__ = DeleteMaintenanceWindowCommand;
__webpack_unused_export__ = DeleteMaintenanceWindowRequest$;
__webpack_unused_export__ = DeleteMaintenanceWindowResult$;
__webpack_unused_export__ = DeleteOpsItem$;
__webpack_unused_export__ = DeleteOpsItemCommand;
__webpack_unused_export__ = DeleteOpsItemRequest$;
__webpack_unused_export__ = DeleteOpsItemResponse$;
__webpack_unused_export__ = DeleteOpsMetadata$;
__webpack_unused_export__ = DeleteOpsMetadataCommand;
__webpack_unused_export__ = DeleteOpsMetadataRequest$;
__webpack_unused_export__ = DeleteOpsMetadataResult$;
__webpack_unused_export__ = DeleteParameter$;
__webpack_unused_export__ = DeleteParameterCommand;
__webpack_unused_export__ = DeleteParameterRequest$;
__webpack_unused_export__ = DeleteParameterResult$;
__webpack_unused_export__ = DeleteParameters$;
__webpack_unused_export__ = DeleteParametersCommand;
__webpack_unused_export__ = DeleteParametersRequest$;
__webpack_unused_export__ = DeleteParametersResult$;
__webpack_unused_export__ = DeletePatchBaseline$;
__webpack_unused_export__ = DeletePatchBaselineCommand;
__webpack_unused_export__ = DeletePatchBaselineRequest$;
__webpack_unused_export__ = DeletePatchBaselineResult$;
__webpack_unused_export__ = DeleteResourceDataSync$;
__webpack_unused_export__ = DeleteResourceDataSyncCommand;
__webpack_unused_export__ = DeleteResourceDataSyncRequest$;
__webpack_unused_export__ = DeleteResourceDataSyncResult$;
__webpack_unused_export__ = DeleteResourcePolicy$;
__webpack_unused_export__ = DeleteResourcePolicyCommand;
__webpack_unused_export__ = DeleteResourcePolicyRequest$;
__webpack_unused_export__ = DeleteResourcePolicyResponse$;
__webpack_unused_export__ = DeletionMode;
__webpack_unused_export__ = DeregisterDefaultHostManagementConfiguration$;
__webpack_unused_export__ = DeregisterDefaultHostManagementConfigurationCommand;
__webpack_unused_export__ = DeregisterDefaultHostManagementConfigurationRequest$;
__webpack_unused_export__ = DeregisterDefaultHostManagementConfigurationResult$;
__webpack_unused_export__ = DeregisterManagedInstance$;
__webpack_unused_export__ = DeregisterManagedInstanceCommand;
__webpack_unused_export__ = DeregisterManagedInstanceRequest$;
__webpack_unused_export__ = DeregisterManagedInstanceResult$;
__webpack_unused_export__ = DeregisterPatchBaselineForPatchGroup$;
__webpack_unused_export__ = DeregisterPatchBaselineForPatchGroupCommand;
__webpack_unused_export__ = DeregisterPatchBaselineForPatchGroupRequest$;
__webpack_unused_export__ = DeregisterPatchBaselineForPatchGroupResult$;
__webpack_unused_export__ = DeregisterTargetFromMaintenanceWindow$;
__webpack_unused_export__ = DeregisterTargetFromMaintenanceWindowCommand;
__webpack_unused_export__ = DeregisterTargetFromMaintenanceWindowRequest$;
__webpack_unused_export__ = DeregisterTargetFromMaintenanceWindowResult$;
__webpack_unused_export__ = DeregisterTaskFromMaintenanceWindow$;
__webpack_unused_export__ = DeregisterTaskFromMaintenanceWindowCommand;
__webpack_unused_export__ = DeregisterTaskFromMaintenanceWindowRequest$;
__webpack_unused_export__ = DeregisterTaskFromMaintenanceWindowResult$;
__webpack_unused_export__ = DescribeActivations$;
__webpack_unused_export__ = DescribeActivationsCommand;
__webpack_unused_export__ = DescribeActivationsFilter$;
__webpack_unused_export__ = DescribeActivationsFilterKeys;
__webpack_unused_export__ = DescribeActivationsRequest$;
__webpack_unused_export__ = DescribeActivationsResult$;
__webpack_unused_export__ = DescribeAssociation$;
__webpack_unused_export__ = DescribeAssociationCommand;
__webpack_unused_export__ = DescribeAssociationExecutionTargets$;
__webpack_unused_export__ = DescribeAssociationExecutionTargetsCommand;
__webpack_unused_export__ = DescribeAssociationExecutionTargetsRequest$;
__webpack_unused_export__ = DescribeAssociationExecutionTargetsResult$;
__webpack_unused_export__ = DescribeAssociationExecutions$;
__webpack_unused_export__ = DescribeAssociationExecutionsCommand;
__webpack_unused_export__ = DescribeAssociationExecutionsRequest$;
__webpack_unused_export__ = DescribeAssociationExecutionsResult$;
__webpack_unused_export__ = DescribeAssociationRequest$;
__webpack_unused_export__ = DescribeAssociationResult$;
__webpack_unused_export__ = DescribeAutomationExecutions$;
__webpack_unused_export__ = DescribeAutomationExecutionsCommand;
__webpack_unused_export__ = DescribeAutomationExecutionsRequest$;
__webpack_unused_export__ = DescribeAutomationExecutionsResult$;
__webpack_unused_export__ = DescribeAutomationStepExecutions$;
__webpack_unused_export__ = DescribeAutomationStepExecutionsCommand;
__webpack_unused_export__ = DescribeAutomationStepExecutionsRequest$;
__webpack_unused_export__ = DescribeAutomationStepExecutionsResult$;
__webpack_unused_export__ = DescribeAvailablePatches$;
__webpack_unused_export__ = DescribeAvailablePatchesCommand;
__webpack_unused_export__ = DescribeAvailablePatchesRequest$;
__webpack_unused_export__ = DescribeAvailablePatchesResult$;
__webpack_unused_export__ = DescribeDocument$;
__webpack_unused_export__ = DescribeDocumentCommand;
__webpack_unused_export__ = DescribeDocumentPermission$;
__webpack_unused_export__ = DescribeDocumentPermissionCommand;
__webpack_unused_export__ = DescribeDocumentPermissionRequest$;
__webpack_unused_export__ = DescribeDocumentPermissionResponse$;
__webpack_unused_export__ = DescribeDocumentRequest$;
__webpack_unused_export__ = DescribeDocumentResult$;
__webpack_unused_export__ = DescribeEffectiveInstanceAssociations$;
__webpack_unused_export__ = DescribeEffectiveInstanceAssociationsCommand;
__webpack_unused_export__ = DescribeEffectiveInstanceAssociationsRequest$;
__webpack_unused_export__ = DescribeEffectiveInstanceAssociationsResult$;
__webpack_unused_export__ = DescribeEffectivePatchesForPatchBaseline$;
__webpack_unused_export__ = DescribeEffectivePatchesForPatchBaselineCommand;
__webpack_unused_export__ = DescribeEffectivePatchesForPatchBaselineRequest$;
__webpack_unused_export__ = DescribeEffectivePatchesForPatchBaselineResult$;
__webpack_unused_export__ = DescribeInstanceAssociationsStatus$;
__webpack_unused_export__ = DescribeInstanceAssociationsStatusCommand;
__webpack_unused_export__ = DescribeInstanceAssociationsStatusRequest$;
__webpack_unused_export__ = DescribeInstanceAssociationsStatusResult$;
__webpack_unused_export__ = DescribeInstanceInformation$;
__webpack_unused_export__ = DescribeInstanceInformationCommand;
__webpack_unused_export__ = DescribeInstanceInformationRequest$;
__webpack_unused_export__ = DescribeInstanceInformationResult$;
__webpack_unused_export__ = DescribeInstancePatchStates$;
__webpack_unused_export__ = DescribeInstancePatchStatesCommand;
__webpack_unused_export__ = DescribeInstancePatchStatesForPatchGroup$;
__webpack_unused_export__ = DescribeInstancePatchStatesForPatchGroupCommand;
__webpack_unused_export__ = DescribeInstancePatchStatesForPatchGroupRequest$;
__webpack_unused_export__ = DescribeInstancePatchStatesForPatchGroupResult$;
__webpack_unused_export__ = DescribeInstancePatchStatesRequest$;
__webpack_unused_export__ = DescribeInstancePatchStatesResult$;
__webpack_unused_export__ = DescribeInstancePatches$;
__webpack_unused_export__ = DescribeInstancePatchesCommand;
__webpack_unused_export__ = DescribeInstancePatchesRequest$;
__webpack_unused_export__ = DescribeInstancePatchesResult$;
__webpack_unused_export__ = DescribeInstanceProperties$;
__webpack_unused_export__ = DescribeInstancePropertiesCommand;
__webpack_unused_export__ = DescribeInstancePropertiesRequest$;
__webpack_unused_export__ = DescribeInstancePropertiesResult$;
__webpack_unused_export__ = DescribeInventoryDeletions$;
__webpack_unused_export__ = DescribeInventoryDeletionsCommand;
__webpack_unused_export__ = DescribeInventoryDeletionsRequest$;
__webpack_unused_export__ = DescribeInventoryDeletionsResult$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTaskInvocations$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTaskInvocationsCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTaskInvocationsRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTaskInvocationsResult$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTasks$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTasksCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTasksRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionTasksResult$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutions$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionsCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionsRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowExecutionsResult$;
__webpack_unused_export__ = DescribeMaintenanceWindowSchedule$;
__webpack_unused_export__ = DescribeMaintenanceWindowScheduleCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowScheduleRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowScheduleResult$;
__webpack_unused_export__ = DescribeMaintenanceWindowTargets$;
__webpack_unused_export__ = DescribeMaintenanceWindowTargetsCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowTargetsRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowTargetsResult$;
__webpack_unused_export__ = DescribeMaintenanceWindowTasks$;
__webpack_unused_export__ = DescribeMaintenanceWindowTasksCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowTasksRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowTasksResult$;
__webpack_unused_export__ = DescribeMaintenanceWindows$;
__webpack_unused_export__ = DescribeMaintenanceWindowsCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowsForTarget$;
__webpack_unused_export__ = DescribeMaintenanceWindowsForTargetCommand;
__webpack_unused_export__ = DescribeMaintenanceWindowsForTargetRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowsForTargetResult$;
__webpack_unused_export__ = DescribeMaintenanceWindowsRequest$;
__webpack_unused_export__ = DescribeMaintenanceWindowsResult$;
__webpack_unused_export__ = DescribeOpsItems$;
__webpack_unused_export__ = DescribeOpsItemsCommand;
__webpack_unused_export__ = DescribeOpsItemsRequest$;
__webpack_unused_export__ = DescribeOpsItemsResponse$;
__webpack_unused_export__ = DescribeParameters$;
__webpack_unused_export__ = DescribeParametersCommand;
__webpack_unused_export__ = DescribeParametersRequest$;
__webpack_unused_export__ = DescribeParametersResult$;
__webpack_unused_export__ = DescribePatchBaselines$;
__webpack_unused_export__ = DescribePatchBaselinesCommand;
__webpack_unused_export__ = DescribePatchBaselinesRequest$;
__webpack_unused_export__ = DescribePatchBaselinesResult$;
__webpack_unused_export__ = DescribePatchGroupState$;
__webpack_unused_export__ = DescribePatchGroupStateCommand;
__webpack_unused_export__ = DescribePatchGroupStateRequest$;
__webpack_unused_export__ = DescribePatchGroupStateResult$;
__webpack_unused_export__ = DescribePatchGroups$;
__webpack_unused_export__ = DescribePatchGroupsCommand;
__webpack_unused_export__ = DescribePatchGroupsRequest$;
__webpack_unused_export__ = DescribePatchGroupsResult$;
__webpack_unused_export__ = DescribePatchProperties$;
__webpack_unused_export__ = DescribePatchPropertiesCommand;
__webpack_unused_export__ = DescribePatchPropertiesRequest$;
__webpack_unused_export__ = DescribePatchPropertiesResult$;
__webpack_unused_export__ = DescribeSessions$;
__webpack_unused_export__ = DescribeSessionsCommand;
__webpack_unused_export__ = DescribeSessionsRequest$;
__webpack_unused_export__ = DescribeSessionsResponse$;
__webpack_unused_export__ = DisassociateOpsItemRelatedItem$;
__webpack_unused_export__ = DisassociateOpsItemRelatedItemCommand;
__webpack_unused_export__ = DisassociateOpsItemRelatedItemRequest$;
__webpack_unused_export__ = DisassociateOpsItemRelatedItemResponse$;
__webpack_unused_export__ = DocumentAlreadyExists;
__webpack_unused_export__ = DocumentAlreadyExists$;
__webpack_unused_export__ = DocumentDefaultVersionDescription$;
__webpack_unused_export__ = DocumentDescription$;
__webpack_unused_export__ = DocumentFilter$;
__webpack_unused_export__ = DocumentFilterKey;
__webpack_unused_export__ = DocumentFormat;
__webpack_unused_export__ = DocumentHashType;
__webpack_unused_export__ = DocumentIdentifier$;
__webpack_unused_export__ = DocumentKeyValuesFilter$;
__webpack_unused_export__ = DocumentLimitExceeded;
__webpack_unused_export__ = DocumentLimitExceeded$;
__webpack_unused_export__ = DocumentMetadataEnum;
__webpack_unused_export__ = DocumentMetadataResponseInfo$;
__webpack_unused_export__ = DocumentParameter$;
__webpack_unused_export__ = DocumentParameterType;
__webpack_unused_export__ = DocumentPermissionLimit;
__webpack_unused_export__ = DocumentPermissionLimit$;
__webpack_unused_export__ = DocumentPermissionType;
__webpack_unused_export__ = DocumentRequires$;
__webpack_unused_export__ = DocumentReviewAction;
__webpack_unused_export__ = DocumentReviewCommentSource$;
__webpack_unused_export__ = DocumentReviewCommentType;
__webpack_unused_export__ = DocumentReviewerResponseSource$;
__webpack_unused_export__ = DocumentReviews$;
__webpack_unused_export__ = DocumentStatus;
__webpack_unused_export__ = DocumentType;
__webpack_unused_export__ = DocumentVersionInfo$;
__webpack_unused_export__ = DocumentVersionLimitExceeded;
__webpack_unused_export__ = DocumentVersionLimitExceeded$;
__webpack_unused_export__ = DoesNotExistException;
__webpack_unused_export__ = DoesNotExistException$;
__webpack_unused_export__ = DuplicateDocumentContent;
__webpack_unused_export__ = DuplicateDocumentContent$;
__webpack_unused_export__ = DuplicateDocumentVersionName;
__webpack_unused_export__ = DuplicateDocumentVersionName$;
__webpack_unused_export__ = DuplicateInstanceId;
__webpack_unused_export__ = DuplicateInstanceId$;
__webpack_unused_export__ = EffectivePatch$;
__webpack_unused_export__ = ExecutionInputs$;
__webpack_unused_export__ = ExecutionMode;
__webpack_unused_export__ = ExecutionPreview$;
__webpack_unused_export__ = ExecutionPreviewStatus;
__webpack_unused_export__ = ExternalAlarmState;
__webpack_unused_export__ = FailedCreateAssociation$;
__webpack_unused_export__ = FailureDetails$;
__webpack_unused_export__ = Fault;
__webpack_unused_export__ = FeatureNotAvailableException;
__webpack_unused_export__ = FeatureNotAvailableException$;
__webpack_unused_export__ = GcpConfiguration$;
__webpack_unused_export__ = GcpConfigurationTargets$;
__webpack_unused_export__ = GcpProject$;
__webpack_unused_export__ = GetAccessToken$;
__webpack_unused_export__ = GetAccessTokenCommand;
__webpack_unused_export__ = GetAccessTokenRequest$;
__webpack_unused_export__ = GetAccessTokenResponse$;
__webpack_unused_export__ = GetAutomationExecution$;
__webpack_unused_export__ = GetAutomationExecutionCommand;
__webpack_unused_export__ = GetAutomationExecutionRequest$;
__webpack_unused_export__ = GetAutomationExecutionResult$;
__webpack_unused_export__ = GetCalendarState$;
__webpack_unused_export__ = GetCalendarStateCommand;
__webpack_unused_export__ = GetCalendarStateRequest$;
__webpack_unused_export__ = GetCalendarStateResponse$;
__webpack_unused_export__ = GetCloudConnector$;
__webpack_unused_export__ = GetCloudConnectorCommand;
__webpack_unused_export__ = GetCloudConnectorRequest$;
__webpack_unused_export__ = GetCloudConnectorResult$;
__webpack_unused_export__ = GetCommandInvocation$;
__webpack_unused_export__ = GetCommandInvocationCommand;
__webpack_unused_export__ = GetCommandInvocationRequest$;
__webpack_unused_export__ = GetCommandInvocationResult$;
__webpack_unused_export__ = GetConnectionStatus$;
__webpack_unused_export__ = GetConnectionStatusCommand;
__webpack_unused_export__ = GetConnectionStatusRequest$;
__webpack_unused_export__ = GetConnectionStatusResponse$;
__webpack_unused_export__ = GetDefaultPatchBaseline$;
__webpack_unused_export__ = GetDefaultPatchBaselineCommand;
__webpack_unused_export__ = GetDefaultPatchBaselineRequest$;
__webpack_unused_export__ = GetDefaultPatchBaselineResult$;
__webpack_unused_export__ = GetDeployablePatchSnapshotForInstance$;
__webpack_unused_export__ = GetDeployablePatchSnapshotForInstanceCommand;
__webpack_unused_export__ = GetDeployablePatchSnapshotForInstanceRequest$;
__webpack_unused_export__ = GetDeployablePatchSnapshotForInstanceResult$;
__webpack_unused_export__ = GetDocument$;
__webpack_unused_export__ = GetDocumentCommand;
__webpack_unused_export__ = GetDocumentRequest$;
__webpack_unused_export__ = GetDocumentResult$;
__webpack_unused_export__ = GetExecutionPreview$;
__webpack_unused_export__ = GetExecutionPreviewCommand;
__webpack_unused_export__ = GetExecutionPreviewRequest$;
__webpack_unused_export__ = GetExecutionPreviewResponse$;
__webpack_unused_export__ = GetInventory$;
__webpack_unused_export__ = GetInventoryCommand;
__webpack_unused_export__ = GetInventoryRequest$;
__webpack_unused_export__ = GetInventoryResult$;
__webpack_unused_export__ = GetInventorySchema$;
__webpack_unused_export__ = GetInventorySchemaCommand;
__webpack_unused_export__ = GetInventorySchemaRequest$;
__webpack_unused_export__ = GetInventorySchemaResult$;
__webpack_unused_export__ = GetMaintenanceWindow$;
__webpack_unused_export__ = GetMaintenanceWindowCommand;
__webpack_unused_export__ = GetMaintenanceWindowExecution$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionCommand;
__webpack_unused_export__ = GetMaintenanceWindowExecutionRequest$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionResult$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTask$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTaskCommand;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTaskInvocation$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTaskInvocationCommand;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTaskInvocationRequest$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTaskInvocationResult$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTaskRequest$;
__webpack_unused_export__ = GetMaintenanceWindowExecutionTaskResult$;
__webpack_unused_export__ = GetMaintenanceWindowRequest$;
__webpack_unused_export__ = GetMaintenanceWindowResult$;
__webpack_unused_export__ = GetMaintenanceWindowTask$;
__webpack_unused_export__ = GetMaintenanceWindowTaskCommand;
__webpack_unused_export__ = GetMaintenanceWindowTaskRequest$;
__webpack_unused_export__ = GetMaintenanceWindowTaskResult$;
__webpack_unused_export__ = GetOpsItem$;
__webpack_unused_export__ = GetOpsItemCommand;
__webpack_unused_export__ = GetOpsItemRequest$;
__webpack_unused_export__ = GetOpsItemResponse$;
__webpack_unused_export__ = GetOpsMetadata$;
__webpack_unused_export__ = GetOpsMetadataCommand;
__webpack_unused_export__ = GetOpsMetadataRequest$;
__webpack_unused_export__ = GetOpsMetadataResult$;
__webpack_unused_export__ = GetOpsSummary$;
__webpack_unused_export__ = GetOpsSummaryCommand;
__webpack_unused_export__ = GetOpsSummaryRequest$;
__webpack_unused_export__ = GetOpsSummaryResult$;
__webpack_unused_export__ = GetParameter$;
exports.lhy = GetParameterCommand;
__webpack_unused_export__ = GetParameterHistory$;
__webpack_unused_export__ = GetParameterHistoryCommand;
__webpack_unused_export__ = GetParameterHistoryRequest$;
__webpack_unused_export__ = GetParameterHistoryResult$;
__webpack_unused_export__ = GetParameterRequest$;
__webpack_unused_export__ = GetParameterResult$;
__webpack_unused_export__ = GetParameters$;
__webpack_unused_export__ = GetParametersByPath$;
__webpack_unused_export__ = GetParametersByPathCommand;
__webpack_unused_export__ = GetParametersByPathRequest$;
__webpack_unused_export__ = GetParametersByPathResult$;
__webpack_unused_export__ = GetParametersCommand;
__webpack_unused_export__ = GetParametersRequest$;
__webpack_unused_export__ = GetParametersResult$;
__webpack_unused_export__ = GetPatchBaseline$;
__webpack_unused_export__ = GetPatchBaselineCommand;
__webpack_unused_export__ = GetPatchBaselineForPatchGroup$;
__webpack_unused_export__ = GetPatchBaselineForPatchGroupCommand;
__webpack_unused_export__ = GetPatchBaselineForPatchGroupRequest$;
__webpack_unused_export__ = GetPatchBaselineForPatchGroupResult$;
__webpack_unused_export__ = GetPatchBaselineRequest$;
__webpack_unused_export__ = GetPatchBaselineResult$;
__webpack_unused_export__ = GetResourcePolicies$;
__webpack_unused_export__ = GetResourcePoliciesCommand;
__webpack_unused_export__ = GetResourcePoliciesRequest$;
__webpack_unused_export__ = GetResourcePoliciesResponse$;
__webpack_unused_export__ = GetResourcePoliciesResponseEntry$;
__webpack_unused_export__ = GetServiceSetting$;
__webpack_unused_export__ = GetServiceSettingCommand;
__webpack_unused_export__ = GetServiceSettingRequest$;
__webpack_unused_export__ = GetServiceSettingResult$;
__webpack_unused_export__ = HierarchyLevelLimitExceededException;
__webpack_unused_export__ = HierarchyLevelLimitExceededException$;
__webpack_unused_export__ = HierarchyTypeMismatchException;
__webpack_unused_export__ = HierarchyTypeMismatchException$;
__webpack_unused_export__ = IdempotentParameterMismatch;
__webpack_unused_export__ = IdempotentParameterMismatch$;
__webpack_unused_export__ = ImpactType;
__webpack_unused_export__ = IncompatiblePolicyException;
__webpack_unused_export__ = IncompatiblePolicyException$;
__webpack_unused_export__ = InstanceAggregatedAssociationOverview$;
__webpack_unused_export__ = InstanceAssociation$;
__webpack_unused_export__ = InstanceAssociationOutputLocation$;
__webpack_unused_export__ = InstanceAssociationOutputUrl$;
__webpack_unused_export__ = InstanceAssociationStatusInfo$;
__webpack_unused_export__ = InstanceInfo$;
__webpack_unused_export__ = InstanceInformation$;
__webpack_unused_export__ = InstanceInformationFilter$;
__webpack_unused_export__ = InstanceInformationFilterKey;
__webpack_unused_export__ = InstanceInformationStringFilter$;
__webpack_unused_export__ = InstancePatchState$;
__webpack_unused_export__ = InstancePatchStateFilter$;
__webpack_unused_export__ = InstancePatchStateOperatorType;
__webpack_unused_export__ = InstanceProperty$;
__webpack_unused_export__ = InstancePropertyFilter$;
__webpack_unused_export__ = InstancePropertyFilterKey;
__webpack_unused_export__ = InstancePropertyFilterOperator;
__webpack_unused_export__ = InstancePropertyStringFilter$;
__webpack_unused_export__ = InternalServerError;
__webpack_unused_export__ = InternalServerError$;
__webpack_unused_export__ = InvalidActivation;
__webpack_unused_export__ = InvalidActivation$;
__webpack_unused_export__ = InvalidActivationId;
__webpack_unused_export__ = InvalidActivationId$;
__webpack_unused_export__ = InvalidAggregatorException;
__webpack_unused_export__ = InvalidAggregatorException$;
__webpack_unused_export__ = InvalidAllowedPatternException;
__webpack_unused_export__ = InvalidAllowedPatternException$;
__webpack_unused_export__ = InvalidAssociation;
__webpack_unused_export__ = InvalidAssociation$;
__webpack_unused_export__ = InvalidAssociationVersion;
__webpack_unused_export__ = InvalidAssociationVersion$;
__webpack_unused_export__ = InvalidAutomationExecutionParametersException;
__webpack_unused_export__ = InvalidAutomationExecutionParametersException$;
__webpack_unused_export__ = InvalidAutomationSignalException;
__webpack_unused_export__ = InvalidAutomationSignalException$;
__webpack_unused_export__ = InvalidAutomationStatusUpdateException;
__webpack_unused_export__ = InvalidAutomationStatusUpdateException$;
__webpack_unused_export__ = InvalidCommandId;
__webpack_unused_export__ = InvalidCommandId$;
__webpack_unused_export__ = InvalidDeleteInventoryParametersException;
__webpack_unused_export__ = InvalidDeleteInventoryParametersException$;
__webpack_unused_export__ = InvalidDeletionIdException;
__webpack_unused_export__ = InvalidDeletionIdException$;
__webpack_unused_export__ = InvalidDocument;
__webpack_unused_export__ = InvalidDocument$;
__webpack_unused_export__ = InvalidDocumentContent;
__webpack_unused_export__ = InvalidDocumentContent$;
__webpack_unused_export__ = InvalidDocumentOperation;
__webpack_unused_export__ = InvalidDocumentOperation$;
__webpack_unused_export__ = InvalidDocumentSchemaVersion;
__webpack_unused_export__ = InvalidDocumentSchemaVersion$;
__webpack_unused_export__ = InvalidDocumentType;
__webpack_unused_export__ = InvalidDocumentType$;
__webpack_unused_export__ = InvalidDocumentVersion;
__webpack_unused_export__ = InvalidDocumentVersion$;
__webpack_unused_export__ = InvalidFilter;
__webpack_unused_export__ = InvalidFilter$;
__webpack_unused_export__ = InvalidFilterKey;
__webpack_unused_export__ = InvalidFilterKey$;
__webpack_unused_export__ = InvalidFilterOption;
__webpack_unused_export__ = InvalidFilterOption$;
__webpack_unused_export__ = InvalidFilterValue;
__webpack_unused_export__ = InvalidFilterValue$;
__webpack_unused_export__ = InvalidInstanceId;
__webpack_unused_export__ = InvalidInstanceId$;
__webpack_unused_export__ = InvalidInstanceInformationFilterValue;
__webpack_unused_export__ = InvalidInstanceInformationFilterValue$;
__webpack_unused_export__ = InvalidInstancePropertyFilterValue;
__webpack_unused_export__ = InvalidInstancePropertyFilterValue$;
__webpack_unused_export__ = InvalidInventoryGroupException;
__webpack_unused_export__ = InvalidInventoryGroupException$;
__webpack_unused_export__ = InvalidInventoryItemContextException;
__webpack_unused_export__ = InvalidInventoryItemContextException$;
__webpack_unused_export__ = InvalidInventoryRequestException;
__webpack_unused_export__ = InvalidInventoryRequestException$;
__webpack_unused_export__ = InvalidItemContentException;
__webpack_unused_export__ = InvalidItemContentException$;
__webpack_unused_export__ = InvalidKeyId;
__webpack_unused_export__ = InvalidKeyId$;
__webpack_unused_export__ = InvalidNextToken;
__webpack_unused_export__ = InvalidNextToken$;
__webpack_unused_export__ = InvalidNotificationConfig;
__webpack_unused_export__ = InvalidNotificationConfig$;
__webpack_unused_export__ = InvalidOptionException;
__webpack_unused_export__ = InvalidOptionException$;
__webpack_unused_export__ = InvalidOutputFolder;
__webpack_unused_export__ = InvalidOutputFolder$;
__webpack_unused_export__ = InvalidOutputLocation;
__webpack_unused_export__ = InvalidOutputLocation$;
__webpack_unused_export__ = InvalidParameters;
__webpack_unused_export__ = InvalidParameters$;
__webpack_unused_export__ = InvalidPermissionType;
__webpack_unused_export__ = InvalidPermissionType$;
__webpack_unused_export__ = InvalidPluginName;
__webpack_unused_export__ = InvalidPluginName$;
__webpack_unused_export__ = InvalidPolicyAttributeException;
__webpack_unused_export__ = InvalidPolicyAttributeException$;
__webpack_unused_export__ = InvalidPolicyTypeException;
__webpack_unused_export__ = InvalidPolicyTypeException$;
__webpack_unused_export__ = InvalidResourceId;
__webpack_unused_export__ = InvalidResourceId$;
__webpack_unused_export__ = InvalidResourceType;
__webpack_unused_export__ = InvalidResourceType$;
__webpack_unused_export__ = InvalidResultAttributeException;
__webpack_unused_export__ = InvalidResultAttributeException$;
__webpack_unused_export__ = InvalidRole;
__webpack_unused_export__ = InvalidRole$;
__webpack_unused_export__ = InvalidSchedule;
__webpack_unused_export__ = InvalidSchedule$;
__webpack_unused_export__ = InvalidTag;
__webpack_unused_export__ = InvalidTag$;
__webpack_unused_export__ = InvalidTarget;
__webpack_unused_export__ = InvalidTarget$;
__webpack_unused_export__ = InvalidTargetMaps;
__webpack_unused_export__ = InvalidTargetMaps$;
__webpack_unused_export__ = InvalidTypeNameException;
__webpack_unused_export__ = InvalidTypeNameException$;
__webpack_unused_export__ = InvalidUpdate;
__webpack_unused_export__ = InvalidUpdate$;
__webpack_unused_export__ = InventoryAggregator$;
__webpack_unused_export__ = InventoryAttributeDataType;
__webpack_unused_export__ = InventoryDeletionStatus;
__webpack_unused_export__ = InventoryDeletionStatusItem$;
__webpack_unused_export__ = InventoryDeletionSummary$;
__webpack_unused_export__ = InventoryDeletionSummaryItem$;
__webpack_unused_export__ = InventoryFilter$;
__webpack_unused_export__ = InventoryGroup$;
__webpack_unused_export__ = InventoryItem$;
__webpack_unused_export__ = InventoryItemAttribute$;
__webpack_unused_export__ = InventoryItemSchema$;
__webpack_unused_export__ = InventoryQueryOperatorType;
__webpack_unused_export__ = InventoryResultEntity$;
__webpack_unused_export__ = InventoryResultItem$;
__webpack_unused_export__ = InventorySchemaDeleteOption;
__webpack_unused_export__ = InvocationDoesNotExist;
__webpack_unused_export__ = InvocationDoesNotExist$;
__webpack_unused_export__ = ItemContentMismatchException;
__webpack_unused_export__ = ItemContentMismatchException$;
__webpack_unused_export__ = ItemSizeLimitExceededException;
__webpack_unused_export__ = ItemSizeLimitExceededException$;
__webpack_unused_export__ = LabelParameterVersion$;
__webpack_unused_export__ = LabelParameterVersionCommand;
__webpack_unused_export__ = LabelParameterVersionRequest$;
__webpack_unused_export__ = LabelParameterVersionResult$;
__webpack_unused_export__ = LastResourceDataSyncStatus;
__webpack_unused_export__ = ListAssociationVersions$;
__webpack_unused_export__ = ListAssociationVersionsCommand;
__webpack_unused_export__ = ListAssociationVersionsRequest$;
__webpack_unused_export__ = ListAssociationVersionsResult$;
__webpack_unused_export__ = ListAssociations$;
__webpack_unused_export__ = ListAssociationsCommand;
__webpack_unused_export__ = ListAssociationsRequest$;
__webpack_unused_export__ = ListAssociationsResult$;
__webpack_unused_export__ = ListCloudConnectors$;
__webpack_unused_export__ = ListCloudConnectorsCommand;
__webpack_unused_export__ = ListCloudConnectorsRequest$;
__webpack_unused_export__ = ListCloudConnectorsResult$;
__webpack_unused_export__ = ListCommandInvocations$;
__webpack_unused_export__ = ListCommandInvocationsCommand;
__webpack_unused_export__ = ListCommandInvocationsRequest$;
__webpack_unused_export__ = ListCommandInvocationsResult$;
__webpack_unused_export__ = ListCommands$;
__webpack_unused_export__ = ListCommandsCommand;
__webpack_unused_export__ = ListCommandsRequest$;
__webpack_unused_export__ = ListCommandsResult$;
__webpack_unused_export__ = ListComplianceItems$;
__webpack_unused_export__ = ListComplianceItemsCommand;
__webpack_unused_export__ = ListComplianceItemsRequest$;
__webpack_unused_export__ = ListComplianceItemsResult$;
__webpack_unused_export__ = ListComplianceSummaries$;
__webpack_unused_export__ = ListComplianceSummariesCommand;
__webpack_unused_export__ = ListComplianceSummariesRequest$;
__webpack_unused_export__ = ListComplianceSummariesResult$;
__webpack_unused_export__ = ListDocumentMetadataHistory$;
__webpack_unused_export__ = ListDocumentMetadataHistoryCommand;
__webpack_unused_export__ = ListDocumentMetadataHistoryRequest$;
__webpack_unused_export__ = ListDocumentMetadataHistoryResponse$;
__webpack_unused_export__ = ListDocumentVersions$;
__webpack_unused_export__ = ListDocumentVersionsCommand;
__webpack_unused_export__ = ListDocumentVersionsRequest$;
__webpack_unused_export__ = ListDocumentVersionsResult$;
__webpack_unused_export__ = ListDocuments$;
__webpack_unused_export__ = ListDocumentsCommand;
__webpack_unused_export__ = ListDocumentsRequest$;
__webpack_unused_export__ = ListDocumentsResult$;
__webpack_unused_export__ = ListInventoryEntries$;
__webpack_unused_export__ = ListInventoryEntriesCommand;
__webpack_unused_export__ = ListInventoryEntriesRequest$;
__webpack_unused_export__ = ListInventoryEntriesResult$;
__webpack_unused_export__ = ListNodes$;
__webpack_unused_export__ = ListNodesCommand;
__webpack_unused_export__ = ListNodesRequest$;
__webpack_unused_export__ = ListNodesResult$;
__webpack_unused_export__ = ListNodesSummary$;
__webpack_unused_export__ = ListNodesSummaryCommand;
__webpack_unused_export__ = ListNodesSummaryRequest$;
__webpack_unused_export__ = ListNodesSummaryResult$;
__webpack_unused_export__ = ListOpsItemEvents$;
__webpack_unused_export__ = ListOpsItemEventsCommand;
__webpack_unused_export__ = ListOpsItemEventsRequest$;
__webpack_unused_export__ = ListOpsItemEventsResponse$;
__webpack_unused_export__ = ListOpsItemRelatedItems$;
__webpack_unused_export__ = ListOpsItemRelatedItemsCommand;
__webpack_unused_export__ = ListOpsItemRelatedItemsRequest$;
__webpack_unused_export__ = ListOpsItemRelatedItemsResponse$;
__webpack_unused_export__ = ListOpsMetadata$;
__webpack_unused_export__ = ListOpsMetadataCommand;
__webpack_unused_export__ = ListOpsMetadataRequest$;
__webpack_unused_export__ = ListOpsMetadataResult$;
__webpack_unused_export__ = ListResourceComplianceSummaries$;
__webpack_unused_export__ = ListResourceComplianceSummariesCommand;
__webpack_unused_export__ = ListResourceComplianceSummariesRequest$;
__webpack_unused_export__ = ListResourceComplianceSummariesResult$;
__webpack_unused_export__ = ListResourceDataSync$;
__webpack_unused_export__ = ListResourceDataSyncCommand;
__webpack_unused_export__ = ListResourceDataSyncRequest$;
__webpack_unused_export__ = ListResourceDataSyncResult$;
__webpack_unused_export__ = ListTagsForResource$;
__webpack_unused_export__ = ListTagsForResourceCommand;
__webpack_unused_export__ = ListTagsForResourceRequest$;
__webpack_unused_export__ = ListTagsForResourceResult$;
__webpack_unused_export__ = LoggingInfo$;
__webpack_unused_export__ = MaintenanceWindowAutomationParameters$;
__webpack_unused_export__ = MaintenanceWindowExecution$;
__webpack_unused_export__ = MaintenanceWindowExecutionStatus;
__webpack_unused_export__ = MaintenanceWindowExecutionTaskIdentity$;
__webpack_unused_export__ = MaintenanceWindowExecutionTaskInvocationIdentity$;
__webpack_unused_export__ = MaintenanceWindowFilter$;
__webpack_unused_export__ = MaintenanceWindowIdentity$;
__webpack_unused_export__ = MaintenanceWindowIdentityForTarget$;
__webpack_unused_export__ = MaintenanceWindowLambdaParameters$;
__webpack_unused_export__ = MaintenanceWindowResourceType;
__webpack_unused_export__ = MaintenanceWindowRunCommandParameters$;
__webpack_unused_export__ = MaintenanceWindowStepFunctionsParameters$;
__webpack_unused_export__ = MaintenanceWindowTarget$;
__webpack_unused_export__ = MaintenanceWindowTask$;
__webpack_unused_export__ = MaintenanceWindowTaskCutoffBehavior;
__webpack_unused_export__ = MaintenanceWindowTaskInvocationParameters$;
__webpack_unused_export__ = MaintenanceWindowTaskParameterValueExpression$;
__webpack_unused_export__ = MaintenanceWindowTaskType;
__webpack_unused_export__ = MalformedResourcePolicyDocumentException;
__webpack_unused_export__ = MalformedResourcePolicyDocumentException$;
__webpack_unused_export__ = ManagedStatus;
__webpack_unused_export__ = MaxDocumentSizeExceeded;
__webpack_unused_export__ = MaxDocumentSizeExceeded$;
__webpack_unused_export__ = MetadataValue$;
__webpack_unused_export__ = ModifyDocumentPermission$;
__webpack_unused_export__ = ModifyDocumentPermissionCommand;
__webpack_unused_export__ = ModifyDocumentPermissionRequest$;
__webpack_unused_export__ = ModifyDocumentPermissionResponse$;
__webpack_unused_export__ = NoLongerSupportedException;
__webpack_unused_export__ = NoLongerSupportedException$;
__webpack_unused_export__ = Node$;
__webpack_unused_export__ = NodeAggregator$;
__webpack_unused_export__ = NodeAggregatorType;
__webpack_unused_export__ = NodeAttributeName;
__webpack_unused_export__ = NodeFilter$;
__webpack_unused_export__ = NodeFilterKey;
__webpack_unused_export__ = NodeFilterOperatorType;
__webpack_unused_export__ = NodeOwnerInfo$;
__webpack_unused_export__ = NodeType$;
__webpack_unused_export__ = NodeTypeName;
__webpack_unused_export__ = NonCompliantSummary$;
__webpack_unused_export__ = NotificationConfig$;
__webpack_unused_export__ = NotificationEvent;
__webpack_unused_export__ = NotificationType;
__webpack_unused_export__ = OperatingSystem;
__webpack_unused_export__ = OpsAggregator$;
__webpack_unused_export__ = OpsEntity$;
__webpack_unused_export__ = OpsEntityItem$;
__webpack_unused_export__ = OpsFilter$;
__webpack_unused_export__ = OpsFilterOperatorType;
__webpack_unused_export__ = OpsItem$;
__webpack_unused_export__ = OpsItemAccessDeniedException;
__webpack_unused_export__ = OpsItemAccessDeniedException$;
__webpack_unused_export__ = OpsItemAlreadyExistsException;
__webpack_unused_export__ = OpsItemAlreadyExistsException$;
__webpack_unused_export__ = OpsItemConflictException;
__webpack_unused_export__ = OpsItemConflictException$;
__webpack_unused_export__ = OpsItemDataType;
__webpack_unused_export__ = OpsItemDataValue$;
__webpack_unused_export__ = OpsItemEventFilter$;
__webpack_unused_export__ = OpsItemEventFilterKey;
__webpack_unused_export__ = OpsItemEventFilterOperator;
__webpack_unused_export__ = OpsItemEventSummary$;
__webpack_unused_export__ = OpsItemFilter$;
__webpack_unused_export__ = OpsItemFilterKey;
__webpack_unused_export__ = OpsItemFilterOperator;
__webpack_unused_export__ = OpsItemIdentity$;
__webpack_unused_export__ = OpsItemInvalidParameterException;
__webpack_unused_export__ = OpsItemInvalidParameterException$;
__webpack_unused_export__ = OpsItemLimitExceededException;
__webpack_unused_export__ = OpsItemLimitExceededException$;
__webpack_unused_export__ = OpsItemNotFoundException;
__webpack_unused_export__ = OpsItemNotFoundException$;
__webpack_unused_export__ = OpsItemNotification$;
__webpack_unused_export__ = OpsItemRelatedItemAlreadyExistsException;
__webpack_unused_export__ = OpsItemRelatedItemAlreadyExistsException$;
__webpack_unused_export__ = OpsItemRelatedItemAssociationNotFoundException;
__webpack_unused_export__ = OpsItemRelatedItemAssociationNotFoundException$;
__webpack_unused_export__ = OpsItemRelatedItemSummary$;
__webpack_unused_export__ = OpsItemRelatedItemsFilter$;
__webpack_unused_export__ = OpsItemRelatedItemsFilterKey;
__webpack_unused_export__ = OpsItemRelatedItemsFilterOperator;
__webpack_unused_export__ = OpsItemStatus;
__webpack_unused_export__ = OpsItemSummary$;
__webpack_unused_export__ = OpsMetadata$;
__webpack_unused_export__ = OpsMetadataAlreadyExistsException;
__webpack_unused_export__ = OpsMetadataAlreadyExistsException$;
__webpack_unused_export__ = OpsMetadataFilter$;
__webpack_unused_export__ = OpsMetadataInvalidArgumentException;
__webpack_unused_export__ = OpsMetadataInvalidArgumentException$;
__webpack_unused_export__ = OpsMetadataKeyLimitExceededException;
__webpack_unused_export__ = OpsMetadataKeyLimitExceededException$;
__webpack_unused_export__ = OpsMetadataLimitExceededException;
__webpack_unused_export__ = OpsMetadataLimitExceededException$;
__webpack_unused_export__ = OpsMetadataNotFoundException;
__webpack_unused_export__ = OpsMetadataNotFoundException$;
__webpack_unused_export__ = OpsMetadataTooManyUpdatesException;
__webpack_unused_export__ = OpsMetadataTooManyUpdatesException$;
__webpack_unused_export__ = OpsResultAttribute$;
__webpack_unused_export__ = OutputSource$;
__webpack_unused_export__ = Parameter$;
__webpack_unused_export__ = ParameterAlreadyExists;
__webpack_unused_export__ = ParameterAlreadyExists$;
__webpack_unused_export__ = ParameterHistory$;
__webpack_unused_export__ = ParameterInlinePolicy$;
__webpack_unused_export__ = ParameterLimitExceeded;
__webpack_unused_export__ = ParameterLimitExceeded$;
__webpack_unused_export__ = ParameterMaxVersionLimitExceeded;
__webpack_unused_export__ = ParameterMaxVersionLimitExceeded$;
__webpack_unused_export__ = ParameterMetadata$;
__webpack_unused_export__ = ParameterNotFound;
__webpack_unused_export__ = ParameterNotFound$;
__webpack_unused_export__ = ParameterPatternMismatchException;
__webpack_unused_export__ = ParameterPatternMismatchException$;
__webpack_unused_export__ = ParameterStringFilter$;
__webpack_unused_export__ = ParameterTier;
__webpack_unused_export__ = ParameterType;
__webpack_unused_export__ = ParameterVersionLabelLimitExceeded;
__webpack_unused_export__ = ParameterVersionLabelLimitExceeded$;
__webpack_unused_export__ = ParameterVersionNotFound;
__webpack_unused_export__ = ParameterVersionNotFound$;
__webpack_unused_export__ = ParametersFilter$;
__webpack_unused_export__ = ParametersFilterKey;
__webpack_unused_export__ = ParentStepDetails$;
__webpack_unused_export__ = Patch$;
__webpack_unused_export__ = PatchAction;
__webpack_unused_export__ = PatchBaselineIdentity$;
__webpack_unused_export__ = PatchComplianceData$;
__webpack_unused_export__ = PatchComplianceDataState;
__webpack_unused_export__ = PatchComplianceLevel;
__webpack_unused_export__ = PatchComplianceStatus;
__webpack_unused_export__ = PatchDeploymentStatus;
__webpack_unused_export__ = PatchFilter$;
__webpack_unused_export__ = PatchFilterGroup$;
__webpack_unused_export__ = PatchFilterKey;
__webpack_unused_export__ = PatchGroupPatchBaselineMapping$;
__webpack_unused_export__ = PatchOperationType;
__webpack_unused_export__ = PatchOrchestratorFilter$;
__webpack_unused_export__ = PatchProperty;
__webpack_unused_export__ = PatchRule$;
__webpack_unused_export__ = PatchRuleGroup$;
__webpack_unused_export__ = PatchSet;
__webpack_unused_export__ = PatchSource$;
__webpack_unused_export__ = PatchStatus$;
__webpack_unused_export__ = PingStatus;
__webpack_unused_export__ = PlatformType;
__webpack_unused_export__ = PoliciesLimitExceededException;
__webpack_unused_export__ = PoliciesLimitExceededException$;
__webpack_unused_export__ = ProgressCounters$;
__webpack_unused_export__ = Provider;
__webpack_unused_export__ = PutComplianceItems$;
__webpack_unused_export__ = PutComplianceItemsCommand;
__webpack_unused_export__ = PutComplianceItemsRequest$;
__webpack_unused_export__ = PutComplianceItemsResult$;
__webpack_unused_export__ = PutInventory$;
__webpack_unused_export__ = PutInventoryCommand;
__webpack_unused_export__ = PutInventoryRequest$;
__webpack_unused_export__ = PutInventoryResult$;
__webpack_unused_export__ = PutParameter$;
__webpack_unused_export__ = PutParameterCommand;
__webpack_unused_export__ = PutParameterRequest$;
__webpack_unused_export__ = PutParameterResult$;
__webpack_unused_export__ = PutResourcePolicy$;
__webpack_unused_export__ = PutResourcePolicyCommand;
__webpack_unused_export__ = PutResourcePolicyRequest$;
__webpack_unused_export__ = PutResourcePolicyResponse$;
__webpack_unused_export__ = RebootOption;
__webpack_unused_export__ = RegisterDefaultHostManagementConfiguration$;
__webpack_unused_export__ = RegisterDefaultHostManagementConfigurationCommand;
__webpack_unused_export__ = RegisterDefaultHostManagementConfigurationRequest$;
__webpack_unused_export__ = RegisterDefaultHostManagementConfigurationResult$;
__webpack_unused_export__ = RegisterDefaultPatchBaseline$;
__webpack_unused_export__ = RegisterDefaultPatchBaselineCommand;
__webpack_unused_export__ = RegisterDefaultPatchBaselineRequest$;
__webpack_unused_export__ = RegisterDefaultPatchBaselineResult$;
__webpack_unused_export__ = RegisterPatchBaselineForPatchGroup$;
__webpack_unused_export__ = RegisterPatchBaselineForPatchGroupCommand;
__webpack_unused_export__ = RegisterPatchBaselineForPatchGroupRequest$;
__webpack_unused_export__ = RegisterPatchBaselineForPatchGroupResult$;
__webpack_unused_export__ = RegisterTargetWithMaintenanceWindow$;
__webpack_unused_export__ = RegisterTargetWithMaintenanceWindowCommand;
__webpack_unused_export__ = RegisterTargetWithMaintenanceWindowRequest$;
__webpack_unused_export__ = RegisterTargetWithMaintenanceWindowResult$;
__webpack_unused_export__ = RegisterTaskWithMaintenanceWindow$;
__webpack_unused_export__ = RegisterTaskWithMaintenanceWindowCommand;
__webpack_unused_export__ = RegisterTaskWithMaintenanceWindowRequest$;
__webpack_unused_export__ = RegisterTaskWithMaintenanceWindowResult$;
__webpack_unused_export__ = RegistrationMetadataItem$;
__webpack_unused_export__ = RelatedOpsItem$;
__webpack_unused_export__ = RemoveTagsFromResource$;
__webpack_unused_export__ = RemoveTagsFromResourceCommand;
__webpack_unused_export__ = RemoveTagsFromResourceRequest$;
__webpack_unused_export__ = RemoveTagsFromResourceResult$;
__webpack_unused_export__ = ResetServiceSetting$;
__webpack_unused_export__ = ResetServiceSettingCommand;
__webpack_unused_export__ = ResetServiceSettingRequest$;
__webpack_unused_export__ = ResetServiceSettingResult$;
__webpack_unused_export__ = ResolvedTargets$;
__webpack_unused_export__ = ResourceComplianceSummaryItem$;
__webpack_unused_export__ = ResourceDataSyncAlreadyExistsException;
__webpack_unused_export__ = ResourceDataSyncAlreadyExistsException$;
__webpack_unused_export__ = ResourceDataSyncAwsOrganizationsSource$;
__webpack_unused_export__ = ResourceDataSyncConflictException;
__webpack_unused_export__ = ResourceDataSyncConflictException$;
__webpack_unused_export__ = ResourceDataSyncCountExceededException;
__webpack_unused_export__ = ResourceDataSyncCountExceededException$;
__webpack_unused_export__ = ResourceDataSyncDestinationDataSharing$;
__webpack_unused_export__ = ResourceDataSyncInvalidConfigurationException;
__webpack_unused_export__ = ResourceDataSyncInvalidConfigurationException$;
__webpack_unused_export__ = ResourceDataSyncItem$;
__webpack_unused_export__ = ResourceDataSyncNotFoundException;
__webpack_unused_export__ = ResourceDataSyncNotFoundException$;
__webpack_unused_export__ = ResourceDataSyncOrganizationalUnit$;
__webpack_unused_export__ = ResourceDataSyncS3Destination$;
__webpack_unused_export__ = ResourceDataSyncS3Format;
__webpack_unused_export__ = ResourceDataSyncSource$;
__webpack_unused_export__ = ResourceDataSyncSourceWithState$;
__webpack_unused_export__ = ResourceInUseException;
__webpack_unused_export__ = ResourceInUseException$;
__webpack_unused_export__ = ResourceLimitExceededException;
__webpack_unused_export__ = ResourceLimitExceededException$;
__webpack_unused_export__ = ResourceNotFoundException;
__webpack_unused_export__ = ResourceNotFoundException$;
__webpack_unused_export__ = ResourcePolicyConflictException;
__webpack_unused_export__ = ResourcePolicyConflictException$;
__webpack_unused_export__ = ResourcePolicyInvalidParameterException;
__webpack_unused_export__ = ResourcePolicyInvalidParameterException$;
__webpack_unused_export__ = ResourcePolicyLimitExceededException;
__webpack_unused_export__ = ResourcePolicyLimitExceededException$;
__webpack_unused_export__ = ResourcePolicyNotFoundException;
__webpack_unused_export__ = ResourcePolicyNotFoundException$;
__webpack_unused_export__ = ResourceType;
__webpack_unused_export__ = ResourceTypeForTagging;
__webpack_unused_export__ = ResultAttribute$;
__webpack_unused_export__ = ResumeSession$;
__webpack_unused_export__ = ResumeSessionCommand;
__webpack_unused_export__ = ResumeSessionRequest$;
__webpack_unused_export__ = ResumeSessionResponse$;
__webpack_unused_export__ = ReviewInformation$;
__webpack_unused_export__ = ReviewStatus;
__webpack_unused_export__ = Runbook$;
__webpack_unused_export__ = S3OutputLocation$;
__webpack_unused_export__ = S3OutputUrl$;
__webpack_unused_export__ = SSM;
exports.jBj = SSMClient;
__webpack_unused_export__ = SSMServiceException;
__webpack_unused_export__ = SSMServiceException$;
__webpack_unused_export__ = ScheduledWindowExecution$;
__webpack_unused_export__ = SendAutomationSignal$;
__webpack_unused_export__ = SendAutomationSignalCommand;
__webpack_unused_export__ = SendAutomationSignalRequest$;
__webpack_unused_export__ = SendAutomationSignalResult$;
__webpack_unused_export__ = SendCommand$;
__webpack_unused_export__ = SendCommandCommand;
__webpack_unused_export__ = SendCommandRequest$;
__webpack_unused_export__ = SendCommandResult$;
__webpack_unused_export__ = ServiceQuotaExceededException;
__webpack_unused_export__ = ServiceQuotaExceededException$;
__webpack_unused_export__ = ServiceSetting$;
__webpack_unused_export__ = ServiceSettingNotFound;
__webpack_unused_export__ = ServiceSettingNotFound$;
__webpack_unused_export__ = Session$;
__webpack_unused_export__ = SessionFilter$;
__webpack_unused_export__ = SessionFilterKey;
__webpack_unused_export__ = SessionManagerOutputUrl$;
__webpack_unused_export__ = SessionState;
__webpack_unused_export__ = SessionStatus;
__webpack_unused_export__ = SeveritySummary$;
__webpack_unused_export__ = SignalType;
__webpack_unused_export__ = SourceType;
__webpack_unused_export__ = StartAccessRequest$;
__webpack_unused_export__ = StartAccessRequestCommand;
__webpack_unused_export__ = StartAccessRequestRequest$;
__webpack_unused_export__ = StartAccessRequestResponse$;
__webpack_unused_export__ = StartAssociationsOnce$;
__webpack_unused_export__ = StartAssociationsOnceCommand;
__webpack_unused_export__ = StartAssociationsOnceRequest$;
__webpack_unused_export__ = StartAssociationsOnceResult$;
__webpack_unused_export__ = StartAutomationExecution$;
__webpack_unused_export__ = StartAutomationExecutionCommand;
__webpack_unused_export__ = StartAutomationExecutionRequest$;
__webpack_unused_export__ = StartAutomationExecutionResult$;
__webpack_unused_export__ = StartChangeRequestExecution$;
__webpack_unused_export__ = StartChangeRequestExecutionCommand;
__webpack_unused_export__ = StartChangeRequestExecutionRequest$;
__webpack_unused_export__ = StartChangeRequestExecutionResult$;
__webpack_unused_export__ = StartExecutionPreview$;
__webpack_unused_export__ = StartExecutionPreviewCommand;
__webpack_unused_export__ = StartExecutionPreviewRequest$;
__webpack_unused_export__ = StartExecutionPreviewResponse$;
__webpack_unused_export__ = StartSession$;
__webpack_unused_export__ = StartSessionCommand;
__webpack_unused_export__ = StartSessionRequest$;
__webpack_unused_export__ = StartSessionResponse$;
__webpack_unused_export__ = StatusUnchanged;
__webpack_unused_export__ = StatusUnchanged$;
__webpack_unused_export__ = StepExecution$;
__webpack_unused_export__ = StepExecutionFilter$;
__webpack_unused_export__ = StepExecutionFilterKey;
__webpack_unused_export__ = StopAutomationExecution$;
__webpack_unused_export__ = StopAutomationExecutionCommand;
__webpack_unused_export__ = StopAutomationExecutionRequest$;
__webpack_unused_export__ = StopAutomationExecutionResult$;
__webpack_unused_export__ = StopType;
__webpack_unused_export__ = SubTypeCountLimitExceededException;
__webpack_unused_export__ = SubTypeCountLimitExceededException$;
__webpack_unused_export__ = Tag$;
__webpack_unused_export__ = Target$;
__webpack_unused_export__ = TargetInUseException;
__webpack_unused_export__ = TargetInUseException$;
__webpack_unused_export__ = TargetLocation$;
__webpack_unused_export__ = TargetNotConnected;
__webpack_unused_export__ = TargetNotConnected$;
__webpack_unused_export__ = TargetPreview$;
__webpack_unused_export__ = TargetsSummary$;
__webpack_unused_export__ = TerminateSession$;
__webpack_unused_export__ = TerminateSessionCommand;
__webpack_unused_export__ = TerminateSessionRequest$;
__webpack_unused_export__ = TerminateSessionResponse$;
__webpack_unused_export__ = ThrottlingException;
__webpack_unused_export__ = ThrottlingException$;
__webpack_unused_export__ = TooManyTagsError;
__webpack_unused_export__ = TooManyTagsError$;
__webpack_unused_export__ = TooManyUpdates;
__webpack_unused_export__ = TooManyUpdates$;
__webpack_unused_export__ = TotalSizeLimitExceededException;
__webpack_unused_export__ = TotalSizeLimitExceededException$;
__webpack_unused_export__ = UnlabelParameterVersion$;
__webpack_unused_export__ = UnlabelParameterVersionCommand;
__webpack_unused_export__ = UnlabelParameterVersionRequest$;
__webpack_unused_export__ = UnlabelParameterVersionResult$;
__webpack_unused_export__ = UnsupportedCalendarException;
__webpack_unused_export__ = UnsupportedCalendarException$;
__webpack_unused_export__ = UnsupportedFeatureRequiredException;
__webpack_unused_export__ = UnsupportedFeatureRequiredException$;
__webpack_unused_export__ = UnsupportedInventoryItemContextException;
__webpack_unused_export__ = UnsupportedInventoryItemContextException$;
__webpack_unused_export__ = UnsupportedInventorySchemaVersionException;
__webpack_unused_export__ = UnsupportedInventorySchemaVersionException$;
__webpack_unused_export__ = UnsupportedOperatingSystem;
__webpack_unused_export__ = UnsupportedOperatingSystem$;
__webpack_unused_export__ = UnsupportedOperationException;
__webpack_unused_export__ = UnsupportedOperationException$;
__webpack_unused_export__ = UnsupportedParameterType;
__webpack_unused_export__ = UnsupportedParameterType$;
__webpack_unused_export__ = UnsupportedPlatformType;
__webpack_unused_export__ = UnsupportedPlatformType$;
__webpack_unused_export__ = UpdateAssociation$;
__webpack_unused_export__ = UpdateAssociationCommand;
__webpack_unused_export__ = UpdateAssociationRequest$;
__webpack_unused_export__ = UpdateAssociationResult$;
__webpack_unused_export__ = UpdateAssociationStatus$;
__webpack_unused_export__ = UpdateAssociationStatusCommand;
__webpack_unused_export__ = UpdateAssociationStatusRequest$;
__webpack_unused_export__ = UpdateAssociationStatusResult$;
__webpack_unused_export__ = UpdateCloudConnector$;
__webpack_unused_export__ = UpdateCloudConnectorCommand;
__webpack_unused_export__ = UpdateCloudConnectorRequest$;
__webpack_unused_export__ = UpdateCloudConnectorResult$;
__webpack_unused_export__ = UpdateDocument$;
__webpack_unused_export__ = UpdateDocumentCommand;
__webpack_unused_export__ = UpdateDocumentDefaultVersion$;
__webpack_unused_export__ = UpdateDocumentDefaultVersionCommand;
__webpack_unused_export__ = UpdateDocumentDefaultVersionRequest$;
__webpack_unused_export__ = UpdateDocumentDefaultVersionResult$;
__webpack_unused_export__ = UpdateDocumentMetadata$;
__webpack_unused_export__ = UpdateDocumentMetadataCommand;
__webpack_unused_export__ = UpdateDocumentMetadataRequest$;
__webpack_unused_export__ = UpdateDocumentMetadataResponse$;
__webpack_unused_export__ = UpdateDocumentRequest$;
__webpack_unused_export__ = UpdateDocumentResult$;
__webpack_unused_export__ = UpdateMaintenanceWindow$;
__webpack_unused_export__ = UpdateMaintenanceWindowCommand;
__webpack_unused_export__ = UpdateMaintenanceWindowRequest$;
__webpack_unused_export__ = UpdateMaintenanceWindowResult$;
__webpack_unused_export__ = UpdateMaintenanceWindowTarget$;
__webpack_unused_export__ = UpdateMaintenanceWindowTargetCommand;
__webpack_unused_export__ = UpdateMaintenanceWindowTargetRequest$;
__webpack_unused_export__ = UpdateMaintenanceWindowTargetResult$;
__webpack_unused_export__ = UpdateMaintenanceWindowTask$;
__webpack_unused_export__ = UpdateMaintenanceWindowTaskCommand;
__webpack_unused_export__ = UpdateMaintenanceWindowTaskRequest$;
__webpack_unused_export__ = UpdateMaintenanceWindowTaskResult$;
__webpack_unused_export__ = UpdateManagedInstanceRole$;
__webpack_unused_export__ = UpdateManagedInstanceRoleCommand;
__webpack_unused_export__ = UpdateManagedInstanceRoleRequest$;
__webpack_unused_export__ = UpdateManagedInstanceRoleResult$;
__webpack_unused_export__ = UpdateOpsItem$;
__webpack_unused_export__ = UpdateOpsItemCommand;
__webpack_unused_export__ = UpdateOpsItemRequest$;
__webpack_unused_export__ = UpdateOpsItemResponse$;
__webpack_unused_export__ = UpdateOpsMetadata$;
__webpack_unused_export__ = UpdateOpsMetadataCommand;
__webpack_unused_export__ = UpdateOpsMetadataRequest$;
__webpack_unused_export__ = UpdateOpsMetadataResult$;
__webpack_unused_export__ = UpdatePatchBaseline$;
__webpack_unused_export__ = UpdatePatchBaselineCommand;
__webpack_unused_export__ = UpdatePatchBaselineRequest$;
__webpack_unused_export__ = UpdatePatchBaselineResult$;
__webpack_unused_export__ = UpdateResourceDataSync$;
__webpack_unused_export__ = UpdateResourceDataSyncCommand;
__webpack_unused_export__ = UpdateResourceDataSyncRequest$;
__webpack_unused_export__ = UpdateResourceDataSyncResult$;
__webpack_unused_export__ = UpdateServiceSetting$;
__webpack_unused_export__ = UpdateServiceSettingCommand;
__webpack_unused_export__ = UpdateServiceSettingRequest$;
__webpack_unused_export__ = UpdateServiceSettingResult$;
__webpack_unused_export__ = ValidateCloudConnector$;
__webpack_unused_export__ = ValidateCloudConnectorCommand;
__webpack_unused_export__ = ValidateCloudConnectorRequest$;
__webpack_unused_export__ = ValidateCloudConnectorResult$;
__webpack_unused_export__ = ValidationException;
__webpack_unused_export__ = ValidationException$;
__webpack_unused_export__ = ValidationFinding$;
__webpack_unused_export__ = ValidationFindingCode;
__webpack_unused_export__ = ValidationFindingScope$;
__webpack_unused_export__ = ValidationFindingScopeType;
__webpack_unused_export__ = ValidationFindingType;
__webpack_unused_export__ = errorTypeRegistries;
__webpack_unused_export__ = paginateDescribeActivations;
__webpack_unused_export__ = paginateDescribeAssociationExecutionTargets;
__webpack_unused_export__ = paginateDescribeAssociationExecutions;
__webpack_unused_export__ = paginateDescribeAutomationExecutions;
__webpack_unused_export__ = paginateDescribeAutomationStepExecutions;
__webpack_unused_export__ = paginateDescribeAvailablePatches;
__webpack_unused_export__ = paginateDescribeEffectiveInstanceAssociations;
__webpack_unused_export__ = paginateDescribeEffectivePatchesForPatchBaseline;
__webpack_unused_export__ = paginateDescribeInstanceAssociationsStatus;
__webpack_unused_export__ = paginateDescribeInstanceInformation;
__webpack_unused_export__ = paginateDescribeInstancePatchStates;
__webpack_unused_export__ = paginateDescribeInstancePatchStatesForPatchGroup;
__webpack_unused_export__ = paginateDescribeInstancePatches;
__webpack_unused_export__ = paginateDescribeInstanceProperties;
__webpack_unused_export__ = paginateDescribeInventoryDeletions;
__webpack_unused_export__ = paginateDescribeMaintenanceWindowExecutionTaskInvocations;
__webpack_unused_export__ = paginateDescribeMaintenanceWindowExecutionTasks;
__webpack_unused_export__ = paginateDescribeMaintenanceWindowExecutions;
__webpack_unused_export__ = paginateDescribeMaintenanceWindowSchedule;
__webpack_unused_export__ = paginateDescribeMaintenanceWindowTargets;
__webpack_unused_export__ = paginateDescribeMaintenanceWindowTasks;
__webpack_unused_export__ = paginateDescribeMaintenanceWindows;
__webpack_unused_export__ = paginateDescribeMaintenanceWindowsForTarget;
__webpack_unused_export__ = paginateDescribeOpsItems;
__webpack_unused_export__ = paginateDescribeParameters;
__webpack_unused_export__ = paginateDescribePatchBaselines;
__webpack_unused_export__ = paginateDescribePatchGroups;
__webpack_unused_export__ = paginateDescribePatchProperties;
__webpack_unused_export__ = paginateDescribeSessions;
__webpack_unused_export__ = paginateGetInventory;
__webpack_unused_export__ = paginateGetInventorySchema;
__webpack_unused_export__ = paginateGetOpsSummary;
__webpack_unused_export__ = paginateGetParameterHistory;
__webpack_unused_export__ = paginateGetParametersByPath;
__webpack_unused_export__ = paginateGetResourcePolicies;
__webpack_unused_export__ = paginateListAssociationVersions;
__webpack_unused_export__ = paginateListAssociations;
__webpack_unused_export__ = paginateListCloudConnectors;
__webpack_unused_export__ = paginateListCommandInvocations;
__webpack_unused_export__ = paginateListCommands;
__webpack_unused_export__ = paginateListComplianceItems;
__webpack_unused_export__ = paginateListComplianceSummaries;
__webpack_unused_export__ = paginateListDocumentVersions;
__webpack_unused_export__ = paginateListDocuments;
__webpack_unused_export__ = paginateListNodes;
__webpack_unused_export__ = paginateListNodesSummary;
__webpack_unused_export__ = paginateListOpsItemEvents;
__webpack_unused_export__ = paginateListOpsItemRelatedItems;
__webpack_unused_export__ = paginateListOpsMetadata;
__webpack_unused_export__ = paginateListResourceComplianceSummaries;
__webpack_unused_export__ = paginateListResourceDataSync;
__webpack_unused_export__ = paginateValidateCloudConnector;
__webpack_unused_export__ = waitForCommandExecuted;
__webpack_unused_export__ = waitUntilCommandExecuted;


/***/ }),

/***/ 52590:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { getHostHeaderPlugin, hostHeaderMiddleware, hostHeaderMiddlewareOptions, resolveHostHeaderConfig } = __webpack_require__(5152);
exports.getHostHeaderPlugin = getHostHeaderPlugin;
exports.hostHeaderMiddleware = hostHeaderMiddleware;
exports.hostHeaderMiddlewareOptions = hostHeaderMiddlewareOptions;
exports.resolveHostHeaderConfig = resolveHostHeaderConfig;


/***/ }),

/***/ 85242:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { getLoggerPlugin, loggerMiddleware, loggerMiddlewareOptions } = __webpack_require__(5152);
exports.getLoggerPlugin = getLoggerPlugin;
exports.loggerMiddleware = loggerMiddleware;
exports.loggerMiddlewareOptions = loggerMiddlewareOptions;


/***/ }),

/***/ 81568:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { getRecursionDetectionPlugin, recursionDetectionMiddleware, recursionDetectionMiddlewareOptions } = __webpack_require__(5152);
exports.getRecursionDetectionPlugin = getRecursionDetectionPlugin;
exports.recursionDetectionMiddleware = recursionDetectionMiddleware;
exports.recursionDetectionMiddlewareOptions = recursionDetectionMiddlewareOptions;


/***/ }),

/***/ 32959:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { DEFAULT_UA_APP_ID, getUserAgentMiddlewareOptions, getUserAgentPlugin, resolveUserAgentConfig, userAgentMiddleware } = __webpack_require__(5152);
exports.DEFAULT_UA_APP_ID = DEFAULT_UA_APP_ID;
exports.getUserAgentMiddlewareOptions = getUserAgentMiddlewareOptions;
exports.getUserAgentPlugin = getUserAgentPlugin;
exports.resolveUserAgentConfig = resolveUserAgentConfig;
exports.userAgentMiddleware = userAgentMiddleware;


/***/ }),

/***/ 36463:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS, REGION_ENV_NAME, REGION_INI_NAME, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveRegionConfig, stsRegionDefaultResolver, stsRegionWarning: warning } = __webpack_require__(5152);
exports.NODE_REGION_CONFIG_FILE_OPTIONS = NODE_REGION_CONFIG_FILE_OPTIONS;
exports.NODE_REGION_CONFIG_OPTIONS = NODE_REGION_CONFIG_OPTIONS;
exports.REGION_ENV_NAME = REGION_ENV_NAME;
exports.REGION_INI_NAME = REGION_INI_NAME;
exports.getAwsRegionExtensionConfiguration = getAwsRegionExtensionConfiguration;
exports.resolveAwsRegionExtensionConfiguration = resolveAwsRegionExtensionConfiguration;
exports.resolveRegionConfig = resolveRegionConfig;
exports.stsRegionDefaultResolver = stsRegionDefaultResolver;
exports.warning = warning;


/***/ }),

/***/ 83068:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { awsEndpointFunctions, getUserAgentPrefix, isIpAddress, partition, resolveDefaultAwsRegionalEndpointsConfig, resolveEndpoint, setPartitionInfo, toEndpointV1, useDefaultPartitionInfo } = __webpack_require__(5152);
exports.awsEndpointFunctions = awsEndpointFunctions;
exports.getUserAgentPrefix = getUserAgentPrefix;
exports.isIpAddress = isIpAddress;
exports.partition = partition;
exports.resolveDefaultAwsRegionalEndpointsConfig = resolveDefaultAwsRegionalEndpointsConfig;
exports.resolveEndpoint = resolveEndpoint;
exports.setPartitionInfo = setPartitionInfo;
exports.toEndpointV1 = toEndpointV1;
exports.useDefaultPartitionInfo = useDefaultPartitionInfo;
const { EndpointError } = __webpack_require__(62085);
exports.EndpointError = EndpointError;


/***/ }),

/***/ 51656:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { NODE_APP_ID_CONFIG_OPTIONS, UA_APP_ID_ENV_NAME, UA_APP_ID_INI_NAME, createDefaultUserAgentProvider, crtAvailability, defaultUserAgent } = __webpack_require__(5152);
exports.NODE_APP_ID_CONFIG_OPTIONS = NODE_APP_ID_CONFIG_OPTIONS;
exports.UA_APP_ID_ENV_NAME = UA_APP_ID_ENV_NAME;
exports.UA_APP_ID_INI_NAME = UA_APP_ID_INI_NAME;
exports.createDefaultUserAgentProvider = createDefaultUserAgentProvider;
exports.crtAvailability = crtAvailability;
exports.defaultUserAgent = defaultUserAgent;


/***/ }),

/***/ 61860:
/***/ ((module) => {

/******************************************************************************
Copyright (c) Microsoft Corporation.

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY
AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM
LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR
OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
PERFORMANCE OF THIS SOFTWARE.
***************************************************************************** */
/* global global, define, Symbol, Reflect, Promise, SuppressedError, Iterator */
var __extends;
var __assign;
var __rest;
var __decorate;
var __param;
var __esDecorate;
var __runInitializers;
var __propKey;
var __setFunctionName;
var __metadata;
var __awaiter;
var __generator;
var __exportStar;
var __values;
var __read;
var __spread;
var __spreadArrays;
var __spreadArray;
var __await;
var __asyncGenerator;
var __asyncDelegator;
var __asyncValues;
var __makeTemplateObject;
var __importStar;
var __importDefault;
var __classPrivateFieldGet;
var __classPrivateFieldSet;
var __classPrivateFieldIn;
var __createBinding;
var __addDisposableResource;
var __disposeResources;
var __rewriteRelativeImportExtension;
(function (factory) {
    var root = typeof global === "object" ? global : typeof self === "object" ? self : typeof this === "object" ? this : {};
    if (typeof define === "function" && define.amd) {
        define("tslib", ["exports"], function (exports) { factory(createExporter(root, createExporter(exports))); });
    }
    else if ( true && typeof module.exports === "object") {
        factory(createExporter(root, createExporter(module.exports)));
    }
    else {
        factory(createExporter(root));
    }
    function createExporter(exports, previous) {
        if (exports !== root) {
            if (typeof Object.create === "function") {
                Object.defineProperty(exports, "__esModule", { value: true });
            }
            else {
                exports.__esModule = true;
            }
        }
        return function (id, v) { return exports[id] = previous ? previous(id, v) : v; };
    }
})
(function (exporter) {
    var extendStatics = Object.setPrototypeOf ||
        ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; }) ||
        function (d, b) { for (var p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p]; };

    __extends = function (d, b) {
        if (typeof b !== "function" && b !== null)
            throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
        extendStatics(d, b);
        function __() { this.constructor = d; }
        d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
    };

    __assign = Object.assign || function (t) {
        for (var s, i = 1, n = arguments.length; i < n; i++) {
            s = arguments[i];
            for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p)) t[p] = s[p];
        }
        return t;
    };

    __rest = function (s, e) {
        var t = {};
        for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p) && e.indexOf(p) < 0)
            t[p] = s[p];
        if (s != null && typeof Object.getOwnPropertySymbols === "function")
            for (var i = 0, p = Object.getOwnPropertySymbols(s); i < p.length; i++) {
                if (e.indexOf(p[i]) < 0 && Object.prototype.propertyIsEnumerable.call(s, p[i]))
                    t[p[i]] = s[p[i]];
            }
        return t;
    };

    __decorate = function (decorators, target, key, desc) {
        var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
        if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
        else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
        return c > 3 && r && Object.defineProperty(target, key, r), r;
    };

    __param = function (paramIndex, decorator) {
        return function (target, key) { decorator(target, key, paramIndex); }
    };

    __esDecorate = function (ctor, descriptorIn, decorators, contextIn, initializers, extraInitializers) {
        function accept(f) { if (f !== void 0 && typeof f !== "function") throw new TypeError("Function expected"); return f; }
        var kind = contextIn.kind, key = kind === "getter" ? "get" : kind === "setter" ? "set" : "value";
        var target = !descriptorIn && ctor ? contextIn["static"] ? ctor : ctor.prototype : null;
        var descriptor = descriptorIn || (target ? Object.getOwnPropertyDescriptor(target, contextIn.name) : {});
        var _, done = false;
        for (var i = decorators.length - 1; i >= 0; i--) {
            var context = {};
            for (var p in contextIn) context[p] = p === "access" ? {} : contextIn[p];
            for (var p in contextIn.access) context.access[p] = contextIn.access[p];
            context.addInitializer = function (f) { if (done) throw new TypeError("Cannot add initializers after decoration has completed"); extraInitializers.push(accept(f || null)); };
            var result = (0, decorators[i])(kind === "accessor" ? { get: descriptor.get, set: descriptor.set } : descriptor[key], context);
            if (kind === "accessor") {
                if (result === void 0) continue;
                if (result === null || typeof result !== "object") throw new TypeError("Object expected");
                if (_ = accept(result.get)) descriptor.get = _;
                if (_ = accept(result.set)) descriptor.set = _;
                if (_ = accept(result.init)) initializers.unshift(_);
            }
            else if (_ = accept(result)) {
                if (kind === "field") initializers.unshift(_);
                else descriptor[key] = _;
            }
        }
        if (target) Object.defineProperty(target, contextIn.name, descriptor);
        done = true;
    };

    __runInitializers = function (thisArg, initializers, value) {
        var useValue = arguments.length > 2;
        for (var i = 0; i < initializers.length; i++) {
            value = useValue ? initializers[i].call(thisArg, value) : initializers[i].call(thisArg);
        }
        return useValue ? value : void 0;
    };

    __propKey = function (x) {
        return typeof x === "symbol" ? x : "".concat(x);
    };

    __setFunctionName = function (f, name, prefix) {
        if (typeof name === "symbol") name = name.description ? "[".concat(name.description, "]") : "";
        return Object.defineProperty(f, "name", { configurable: true, value: prefix ? "".concat(prefix, " ", name) : name });
    };

    __metadata = function (metadataKey, metadataValue) {
        if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(metadataKey, metadataValue);
    };

    __awaiter = function (thisArg, _arguments, P, generator) {
        function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
        return new (P || (P = Promise))(function (resolve, reject) {
            function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
            function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
            function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
            step((generator = generator.apply(thisArg, _arguments || [])).next());
        });
    };

    __generator = function (thisArg, body) {
        var _ = { label: 0, sent: function() { if (t[0] & 1) throw t[1]; return t[1]; }, trys: [], ops: [] }, f, y, t, g = Object.create((typeof Iterator === "function" ? Iterator : Object).prototype);
        return g.next = verb(0), g["throw"] = verb(1), g["return"] = verb(2), typeof Symbol === "function" && (g[Symbol.iterator] = function() { return this; }), g;
        function verb(n) { return function (v) { return step([n, v]); }; }
        function step(op) {
            if (f) throw new TypeError("Generator is already executing.");
            while (g && (g = 0, op[0] && (_ = 0)), _) try {
                if (f = 1, y && (t = op[0] & 2 ? y["return"] : op[0] ? y["throw"] || ((t = y["return"]) && t.call(y), 0) : y.next) && !(t = t.call(y, op[1])).done) return t;
                if (y = 0, t) op = [op[0] & 2, t.value];
                switch (op[0]) {
                    case 0: case 1: t = op; break;
                    case 4: _.label++; return { value: op[1], done: false };
                    case 5: _.label++; y = op[1]; op = [0]; continue;
                    case 7: op = _.ops.pop(); _.trys.pop(); continue;
                    default:
                        if (!(t = _.trys, t = t.length > 0 && t[t.length - 1]) && (op[0] === 6 || op[0] === 2)) { _ = 0; continue; }
                        if (op[0] === 3 && (!t || (op[1] > t[0] && op[1] < t[3]))) { _.label = op[1]; break; }
                        if (op[0] === 6 && _.label < t[1]) { _.label = t[1]; t = op; break; }
                        if (t && _.label < t[2]) { _.label = t[2]; _.ops.push(op); break; }
                        if (t[2]) _.ops.pop();
                        _.trys.pop(); continue;
                }
                op = body.call(thisArg, _);
            } catch (e) { op = [6, e]; y = 0; } finally { f = t = 0; }
            if (op[0] & 5) throw op[1]; return { value: op[0] ? op[1] : void 0, done: true };
        }
    };

    __exportStar = function(m, o) {
        for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(o, p)) __createBinding(o, m, p);
    };

    __createBinding = Object.create ? (function(o, m, k, k2) {
        if (k2 === undefined) k2 = k;
        var desc = Object.getOwnPropertyDescriptor(m, k);
        if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
            desc = { enumerable: true, get: function() { return m[k]; } };
        }
        Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
        if (k2 === undefined) k2 = k;
        o[k2] = m[k];
    });

    __values = function (o) {
        var s = typeof Symbol === "function" && Symbol.iterator, m = s && o[s], i = 0;
        if (m) return m.call(o);
        if (o && typeof o.length === "number") return {
            next: function () {
                if (o && i >= o.length) o = void 0;
                return { value: o && o[i++], done: !o };
            }
        };
        throw new TypeError(s ? "Object is not iterable." : "Symbol.iterator is not defined.");
    };

    __read = function (o, n) {
        var m = typeof Symbol === "function" && o[Symbol.iterator];
        if (!m) return o;
        var i = m.call(o), r, ar = [], e;
        try {
            while ((n === void 0 || n-- > 0) && !(r = i.next()).done) ar.push(r.value);
        }
        catch (error) { e = { error: error }; }
        finally {
            try {
                if (r && !r.done && (m = i["return"])) m.call(i);
            }
            finally { if (e) throw e.error; }
        }
        return ar;
    };

    /** @deprecated */
    __spread = function () {
        for (var ar = [], i = 0; i < arguments.length; i++)
            ar = ar.concat(__read(arguments[i]));
        return ar;
    };

    /** @deprecated */
    __spreadArrays = function () {
        for (var s = 0, i = 0, il = arguments.length; i < il; i++) s += arguments[i].length;
        for (var r = Array(s), k = 0, i = 0; i < il; i++)
            for (var a = arguments[i], j = 0, jl = a.length; j < jl; j++, k++)
                r[k] = a[j];
        return r;
    };

    __spreadArray = function (to, from, pack) {
        if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
            if (ar || !(i in from)) {
                if (!ar) ar = Array.prototype.slice.call(from, 0, i);
                ar[i] = from[i];
            }
        }
        return to.concat(ar || Array.prototype.slice.call(from));
    };

    __await = function (v) {
        return this instanceof __await ? (this.v = v, this) : new __await(v);
    };

    __asyncGenerator = function (thisArg, _arguments, generator) {
        if (!Symbol.asyncIterator) throw new TypeError("Symbol.asyncIterator is not defined.");
        var g = generator.apply(thisArg, _arguments || []), i, q = [];
        return i = Object.create((typeof AsyncIterator === "function" ? AsyncIterator : Object).prototype), verb("next"), verb("throw"), verb("return", awaitReturn), i[Symbol.asyncIterator] = function () { return this; }, i;
        function awaitReturn(f) { return function (v) { return Promise.resolve(v).then(f, reject); }; }
        function verb(n, f) { if (g[n]) { i[n] = function (v) { return new Promise(function (a, b) { q.push([n, v, a, b]) > 1 || resume(n, v); }); }; if (f) i[n] = f(i[n]); } }
        function resume(n, v) { try { step(g[n](v)); } catch (e) { settle(q[0][3], e); } }
        function step(r) { r.value instanceof __await ? Promise.resolve(r.value.v).then(fulfill, reject) : settle(q[0][2], r); }
        function fulfill(value) { resume("next", value); }
        function reject(value) { resume("throw", value); }
        function settle(f, v) { if (f(v), q.shift(), q.length) resume(q[0][0], q[0][1]); }
    };

    __asyncDelegator = function (o) {
        var i, p;
        return i = {}, verb("next"), verb("throw", function (e) { throw e; }), verb("return"), i[Symbol.iterator] = function () { return this; }, i;
        function verb(n, f) { i[n] = o[n] ? function (v) { return (p = !p) ? { value: __await(o[n](v)), done: false } : f ? f(v) : v; } : f; }
    };

    __asyncValues = function (o) {
        if (!Symbol.asyncIterator) throw new TypeError("Symbol.asyncIterator is not defined.");
        var m = o[Symbol.asyncIterator], i;
        return m ? m.call(o) : (o = typeof __values === "function" ? __values(o) : o[Symbol.iterator](), i = {}, verb("next"), verb("throw"), verb("return"), i[Symbol.asyncIterator] = function () { return this; }, i);
        function verb(n) { i[n] = o[n] && function (v) { return new Promise(function (resolve, reject) { v = o[n](v), settle(resolve, reject, v.done, v.value); }); }; }
        function settle(resolve, reject, d, v) { Promise.resolve(v).then(function(v) { resolve({ value: v, done: d }); }, reject); }
    };

    __makeTemplateObject = function (cooked, raw) {
        if (Object.defineProperty) { Object.defineProperty(cooked, "raw", { value: raw }); } else { cooked.raw = raw; }
        return cooked;
    };

    var __setModuleDefault = Object.create ? (function(o, v) {
        Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
        o["default"] = v;
    };

    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };

    __importStar = function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };

    __importDefault = function (mod) {
        return (mod && mod.__esModule) ? mod : { "default": mod };
    };

    __classPrivateFieldGet = function (receiver, state, kind, f) {
        if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a getter");
        if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot read private member from an object whose class did not declare it");
        return kind === "m" ? f : kind === "a" ? f.call(receiver) : f ? f.value : state.get(receiver);
    };

    __classPrivateFieldSet = function (receiver, state, value, kind, f) {
        if (kind === "m") throw new TypeError("Private method is not writable");
        if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a setter");
        if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot write private member to an object whose class did not declare it");
        return (kind === "a" ? f.call(receiver, value) : f ? f.value = value : state.set(receiver, value)), value;
    };

    __classPrivateFieldIn = function (state, receiver) {
        if (receiver === null || (typeof receiver !== "object" && typeof receiver !== "function")) throw new TypeError("Cannot use 'in' operator on non-object");
        return typeof state === "function" ? receiver === state : state.has(receiver);
    };

    __addDisposableResource = function (env, value, async) {
        if (value !== null && value !== void 0) {
            if (typeof value !== "object" && typeof value !== "function") throw new TypeError("Object expected.");
            var dispose, inner;
            if (async) {
                if (!Symbol.asyncDispose) throw new TypeError("Symbol.asyncDispose is not defined.");
                dispose = value[Symbol.asyncDispose];
            }
            if (dispose === void 0) {
                if (!Symbol.dispose) throw new TypeError("Symbol.dispose is not defined.");
                dispose = value[Symbol.dispose];
                if (async) inner = dispose;
            }
            if (typeof dispose !== "function") throw new TypeError("Object not disposable.");
            if (inner) dispose = function() { try { inner.call(this); } catch (e) { return Promise.reject(e); } };
            env.stack.push({ value: value, dispose: dispose, async: async });
        }
        else if (async) {
            env.stack.push({ async: true });
        }
        return value;
    };

    var _SuppressedError = typeof SuppressedError === "function" ? SuppressedError : function (error, suppressed, message) {
        var e = new Error(message);
        return e.name = "SuppressedError", e.error = error, e.suppressed = suppressed, e;
    };

    __disposeResources = function (env) {
        function fail(e) {
            env.error = env.hasError ? new _SuppressedError(e, env.error, "An error was suppressed during disposal.") : e;
            env.hasError = true;
        }
        var r, s = 0;
        function next() {
            while (r = env.stack.pop()) {
                try {
                    if (!r.async && s === 1) return s = 0, env.stack.push(r), Promise.resolve().then(next);
                    if (r.dispose) {
                        var result = r.dispose.call(r.value);
                        if (r.async) return s |= 2, Promise.resolve(result).then(next, function(e) { fail(e); return next(); });
                    }
                    else s |= 1;
                }
                catch (e) {
                    fail(e);
                }
            }
            if (s === 1) return env.hasError ? Promise.reject(env.error) : Promise.resolve();
            if (env.hasError) throw env.error;
        }
        return next();
    };

    __rewriteRelativeImportExtension = function (path, preserveJsx, extraExtensions, ignoreCase) {
        if (typeof path === "string" && /^\.\.?\//.test(path)) {
            if (extraExtensions) {
                for (var extension in extraExtensions) {
                    var suffix = path.slice(-extension.length);
                    if (suffix === extension || ignoreCase && suffix.toLowerCase() === extension.toLowerCase()) {
                        var output = extraExtensions[extension];
                        return output === extension ? path : path.slice(0, -extension.length) + output;
                    }
                }
            }
            return path.replace(/\.(tsx)$|((?:\.d)?)((?:\.[^./]+?)?)\.([cm]?)ts$/i, function (m, tsx, d, ext, cm) {
                return tsx ? preserveJsx ? ".jsx" : ".js" : d && (!ext || !cm) ? m : (d + ext + "." + cm.toLowerCase() + "js");
            });
        }
        return path;
    };

    exporter("__extends", __extends);
    exporter("__assign", __assign);
    exporter("__rest", __rest);
    exporter("__decorate", __decorate);
    exporter("__param", __param);
    exporter("__esDecorate", __esDecorate);
    exporter("__runInitializers", __runInitializers);
    exporter("__propKey", __propKey);
    exporter("__setFunctionName", __setFunctionName);
    exporter("__metadata", __metadata);
    exporter("__awaiter", __awaiter);
    exporter("__generator", __generator);
    exporter("__exportStar", __exportStar);
    exporter("__createBinding", __createBinding);
    exporter("__values", __values);
    exporter("__read", __read);
    exporter("__spread", __spread);
    exporter("__spreadArrays", __spreadArrays);
    exporter("__spreadArray", __spreadArray);
    exporter("__await", __await);
    exporter("__asyncGenerator", __asyncGenerator);
    exporter("__asyncDelegator", __asyncDelegator);
    exporter("__asyncValues", __asyncValues);
    exporter("__makeTemplateObject", __makeTemplateObject);
    exporter("__importStar", __importStar);
    exporter("__importDefault", __importDefault);
    exporter("__classPrivateFieldGet", __classPrivateFieldGet);
    exporter("__classPrivateFieldSet", __classPrivateFieldSet);
    exporter("__classPrivateFieldIn", __classPrivateFieldIn);
    exporter("__addDisposableResource", __addDisposableResource);
    exporter("__disposeResources", __disposeResources);
    exporter("__rewriteRelativeImportExtension", __rewriteRelativeImportExtension);
});

0 && (0);


/***/ }),

/***/ 29273:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildHardenAmi: () => (/* binding */ buildHardenAmi),
  createAwsClients: () => (/* binding */ createAwsClients),
  createBuildHardenAmi: () => (/* binding */ createBuildHardenAmi)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var dist_cjs = __webpack_require__(35193);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-imagebuilder/dist-cjs/index.js
var client_imagebuilder_dist_cjs = __webpack_require__(81309);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(34736);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/aws/client-config.js
var client_config = __webpack_require__(72367);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/ansible-arguments.js
/**
 * `ansible-extra-args` as the user writes it (shell-like words, quotes allowed) becomes a list of words here, is checked
 * against the few ansible-playbook options that make sense for a CIS role run, and is put back into the component's bash
 * with every word single-quoted. Nothing the user writes is ever interpreted by a shell on the build instance.
 */
/** Splits like a POSIX shell would, without any expansion: whitespace separates; '...', "..." and \ quote. */
function splitShellWords(text) {
    const words = [];
    let current = '';
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char === "'") {
            const end = text.indexOf("'", i + 1);
            if (end < 0)
                throw new SyntaxError('has a single quote that is never closed');
            current += text.slice(i + 1, end);
            i = end;
            inWord = true;
        }
        else if (char === '"') {
            let j = i + 1;
            for (; j < text.length && text[j] !== '"'; j++) {
                // Inside double quotes a backslash only escapes these, as in a POSIX shell.
                if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]))
                    j++;
                current += text[j];
            }
            if (j >= text.length)
                throw new SyntaxError('has a double quote that is never closed');
            i = j;
            inWord = true;
        }
        else if (char === '\\') {
            if (i + 1 >= text.length)
                throw new SyntaxError('ends with a lone backslash');
            current += text[++i];
            inWord = true;
        }
        else if (/\s/.test(char)) {
            if (inWord)
                words.push(current);
            current = '';
            inWord = false;
        }
        else {
            current += char;
            inWord = true;
        }
    }
    if (inWord)
        words.push(current);
    return words;
}
/** Options taking a value; `--name value` and `--name=value` are both accepted. */
const VALUE_OPTIONS = new Set(['-e', '--extra-vars', '--skip-tags', '-t', '--tags']);
/** Options without a value. */
const FLAG_OPTIONS = new Set(['--diff', '--verbose']);
const VERBOSITY = /^-v{1,6}$/;
/**
 * Returns what is wrong with the words as ansible-playbook arguments for the CIS role, or undefined when they are fine.
 * Only tags, skip-tags, extra-vars, verbosity and --diff are allowed: anything else (inventories, connection settings,
 * --check, which the Lockdown roles do not support) would change what the hardening step is.
 */
function ansibleArgumentsProblem(words) {
    // Image Builder treats {{ ... }} in a component document as its own variable syntax.
    if (words.some((word) => word.includes('{{')))
        return `contains '{{', which Image Builder reads as a component variable`;
    for (let i = 0; i < words.length; i++) {
        const word = words[i];
        const equals = word.startsWith('--') ? word.indexOf('=') : -1;
        const option = equals > 0 ? word.slice(0, equals) : word;
        if (VALUE_OPTIONS.has(option)) {
            const value = equals > 0 ? word.slice(equals + 1) : words[++i];
            if (value === undefined || value === '')
                return `gives ${option} without a value`;
            if ((option === '-e' || option === '--extra-vars') && value.startsWith('@')) {
                return `reads extra-vars from a file (${value}), which does not exist on the build instance`;
            }
            continue;
        }
        if (FLAG_OPTIONS.has(word) || VERBOSITY.test(word))
            continue;
        if (word.startsWith('-'))
            return `uses ${option}, which drydock does not pass to ansible-playbook`;
        return `has '${word}', which is not an option`;
    }
    return undefined;
}
/** One word for bash, single-quoted so that nothing in it is expanded. */
function bashQuote(word) {
    return `'${word.replaceAll("'", `'\\''`)}'`;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/node-os.js
/**
 * What drydock knows about each EKS node operating system: where AWS publishes the recommended EKS-optimized AMI, which
 * Ansible Lockdown CIS role and audit match it, and the smallest set of role settings that keeps a hardened node able
 * to join an EKS cluster.
 */
const NODE_OSES = ['al2023', 'al2'];
const ARCHITECTURES = ['x86_64', 'arm64'];
const LOCKDOWN = 'https://github.com/ansible-lockdown';
const NODE_OS_PROFILES = {
    al2023: {
        os: 'al2023',
        displayName: 'Amazon Linux 2023',
        benchmark: 'AMAZON2023-CIS',
        roleRepository: `${LOCKDOWN}/AMAZON2023-CIS.git`,
        auditRepository: `${LOCKDOWN}/AMAZON2023-CIS-Audit.git`,
        defaultAnsibleArguments: [
            '--extra-vars',
            '{"amzn2023cis_syslog_service":"external","amzn2023cis_selinux_disable":true}',
            '--skip-tags',
            'rule_1.1.2.3,rule_1.1.4.3,rule_1.2.1,rule_1.3.1,rule_1.3.3,firewalld,accounts,logrotate,rule_6.2.10',
        ],
        installAnsible: 'dnf install -y ansible',
        packageManager: 'dnf',
        // AL2023 nodes join through nodeadm (NodeConfig in user data); /etc/eks/bootstrap.sh is gone.
        bootstrapCheck: 'command -v nodeadm',
    },
    al2: {
        os: 'al2',
        displayName: 'Amazon Linux 2',
        benchmark: 'AMAZON2-CIS',
        roleRepository: `${LOCKDOWN}/AMAZON2-CIS.git`,
        auditRepository: `${LOCKDOWN}/AMAZON2-CIS-Audit.git`,
        defaultAnsibleArguments: [
            '--extra-vars',
            '{"amazon2cis_firewall":"external","amazon2cis_rule_4_5_2_4":false}',
            '--skip-tags',
            'rule_6.2.11,rule_6.2.12,rule_6.2.13,rule_6.2.14,rule_6.2.15,rule_6.2.16,rule_6.2.17,rule_4.5.2.4',
        ],
        // The extras channel is how AL2 ships a supported Ansible; it is what the AWS sample pipeline uses too.
        installAnsible: 'amazon-linux-extras install -y ansible2',
        packageManager: 'yum',
        bootstrapCheck: 'test -x /etc/eks/bootstrap.sh',
        // EKS published its last AL2 AMIs for Kubernetes 1.32 (AL2 EKS AMIs reached end of support in November 2025).
        lastKubernetesVersion: '1.32',
    },
};
/**
 * The public SSM parameter naming the recommended EKS-optimized AMI, the one AWS moves forward with every AMI release:
 *   AL2023: /aws/service/eks/optimized-ami/<k8s>/amazon-linux-2023/<x86_64|arm64>/standard/recommended/image_id
 *   AL2:    /aws/service/eks/optimized-ami/<k8s>/amazon-linux-2[-arm64]/recommended/image_id
 */
function eksOptimizedAmiParameter(os, kubernetesVersion, architecture) {
    const base = `/aws/service/eks/optimized-ami/${kubernetesVersion}`;
    if (os === 'al2023')
        return `${base}/amazon-linux-2023/${architecture}/standard/recommended/image_id`;
    return `${base}/${architecture === 'arm64' ? 'amazon-linux-2-arm64' : 'amazon-linux-2'}/recommended/image_id`;
}
/** Compares Kubernetes minor versions written `major.minor`. */
function compareKubernetesVersions(a, b) {
    const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
    const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
    return aMajor - bMajor || aMinor - bMinor;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/pinned-ref.js
const COMMIT = /^[0-9a-f]{40}$/;
const SHORT_COMMIT = /^[0-9a-f]{7,39}$/;
// git check-ref-format, narrowed to what release tags look like; no spaces, quotes or shell characters.
const TAG = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;
/** Names that are branches in every Ansible Lockdown repository, never release tags. */
const MOVING = new Set(['main', 'master', 'devel', 'head', 'latest']);
/** Parses a pinned ref, or returns the problem with the text. */
function parsePinnedRef(text) {
    if (COMMIT.test(text))
        return { kind: 'commit', sha: text };
    if (SHORT_COMMIT.test(text) && /\d/.test(text) && /[a-f]/.test(text)) {
        return { problem: 'looks like an abbreviated commit' };
    }
    if (MOVING.has(text.toLowerCase()) || /^benchmark[-_]/i.test(text))
        return { problem: 'is a branch, which moves' };
    if (!TAG.test(text) || text.endsWith('.lock') || text.includes('..'))
        return { problem: 'is not a valid tag name' };
    return { kind: 'tag', name: text };
}
function describePinnedRef(ref) {
    return ref.kind === 'tag' ? ref.name : ref.sha;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/component-document.js




/**
 * The Image Builder component that hardens an EKS node: an AWSTOE document (schemaVersion 1.0) with three phases.
 *   build     installs Ansible, fetches the Ansible Lockdown CIS role at a pinned tag or commit, runs it, cleans up
 *   validate  checks that the node can still bootstrap into EKS (runs on the build instance, before the snapshot)
 *   test      runs the matching CIS audit (goss) on an instance started from the new image, records the score in SSM
 *             for the action to read, uploads the report when a bucket is given, then fails the build under the
 *             minimum (after the upload, so the report of a failed image reaches the bucket too)
 *
 * The document is a pure function of its options, so the same options give byte-identical text, which is what lets the
 * ensure step reuse a component version instead of creating a new one.
 */
/** Bumped whenever the generated text changes for the same options, so existing component versions are not reused. */
const COMPONENT_GENERATOR_VERSION = 2;
/** goss, the audit engine the Ansible Lockdown audits are written for; pinned, and checked against its release checksum. */
const GOSS_VERSION = 'v0.4.9';
/** Where the test phase records the audit result, one parameter per image: `<prefix>/<ami-id>`. */
const AUDIT_PARAMETER_PREFIX = '/drydock/cis-audit';
/** Where the test phase keeps the audit report on the test instance (and what S3Upload picks up). */
const REPORT_DIR = '/var/lib/drydock/cis-audit';
const WORK_DIR = '/var/tmp/drydock';
/** The score RunCisAudit computed, for the gate step. */
const AUDIT_SCORE_FILE = `${WORK_DIR}/cis-audit-score`;
/** The Lockdown audit script looks for its content under /opt/<BENCHMARK>-Audit. */
const AUDIT_CONTENT_PARENT = '/opt';
/** The component's description: which role at which version, and which generator wrote it. */
function hardeningComponentDescription(options) {
    const profile = NODE_OS_PROFILES[options.os];
    return `CIS hardening of the EKS-optimized ${profile.displayName} AMI with ansible-lockdown/${profile.benchmark} ${describePinnedRef(options.roleVersion)}; generated by drydock (generator ${COMPONENT_GENERATOR_VERSION})`;
}
function hardeningComponentDocument(options) {
    const profile = NODE_OS_PROFILES[options.os];
    const document = new dist/* Document */.yo({
        name: `drydock-cis-hardening-${options.os}`,
        description: hardeningComponentDescription(options),
        schemaVersion: 1,
        phases: [
            { name: 'build', steps: buildSteps(profile, options) },
            { name: 'validate', steps: validateSteps(profile) },
            { name: 'test', steps: testSteps(profile, options) },
        ],
    });
    // AWSTOE documents are written `schemaVersion: 1.0`; keep the fraction the way every AWS example has it.
    const version = document.get('schemaVersion', true);
    version.minFractionDigits = 1;
    return document.toString({ lineWidth: 0 });
}
const script = (...lines) => ['set -euo pipefail', ...lines].join('\n') + '\n';
/** Fetches exactly the pinned ref: a tag only as refs/tags/<name>, a commit by id, verified after checkout. */
function fetchPinned(repository, ref, directory) {
    const fetch = ref.kind === 'tag'
        ? [
            `git fetch -q --depth 1 origin ${bashQuote(`refs/tags/${ref.name}:refs/tags/${ref.name}`)}`,
            `git -c advice.detachedHead=false checkout -q ${bashQuote(`refs/tags/${ref.name}`)}`,
        ]
        : [
            `git fetch -q --depth 1 origin ${bashQuote(ref.sha)}`,
            'git -c advice.detachedHead=false checkout -q FETCH_HEAD',
            `test "$(git rev-parse HEAD)" = ${bashQuote(ref.sha)}`,
        ];
    return [
        `rm -rf ${directory} && mkdir -p ${directory} && cd ${directory}`,
        'git init -q',
        `git remote add origin ${bashQuote(repository)}`,
        ...fetch,
        `echo "${repository} ${describePinnedRef(ref)} is commit $(git rev-parse HEAD)"`,
    ];
}
/** Installs a package only when missing, and remembers it so the cleanup removes only what this component added. */
function ensurePackage(profile, command, pkg) {
    return `command -v ${command} >/dev/null || { ${profile.packageManager} install -y ${pkg} && echo ${pkg} >> ${WORK_DIR}/installed-packages; }`;
}
function buildSteps(profile, options) {
    const roleDir = `${WORK_DIR}/roles/${profile.benchmark}`;
    const playbook = `${WORK_DIR}/cis-hardening.yml`;
    const ansibleArguments = options.ansibleArguments.map(bashQuote).join(' ');
    return [
        {
            name: 'InstallAnsible',
            action: 'ExecuteBash',
            inputs: {
                commands: [
                    script(`mkdir -p ${WORK_DIR} && : > ${WORK_DIR}/installed-packages`, ensurePackage(profile, 'git', 'git'), `command -v ansible-playbook >/dev/null || { ${profile.installAnsible} && echo ansible >> ${WORK_DIR}/installed-packages; }`, 'ansible-playbook --version'),
                ],
            },
        },
        {
            name: 'FetchCisRole',
            action: 'ExecuteBash',
            maxAttempts: 3,
            inputs: { commands: [script(...fetchPinned(profile.roleRepository, options.roleVersion, roleDir))] },
        },
        {
            name: 'RunCisRole',
            action: 'ExecuteBash',
            timeoutSeconds: 5400,
            inputs: {
                commands: [
                    script(`cat > ${playbook} <<'PLAYBOOK'`, `- name: CIS hardening of an EKS node (${profile.benchmark})`, '  hosts: localhost', '  connection: local', '  become: true', '  roles:', `    - role: ${profile.benchmark}`, 'PLAYBOOK', `ANSIBLE_ROLES_PATH=${WORK_DIR}/roles ANSIBLE_NOCOLOR=1 ansible-playbook -i localhost, ${playbook} ${ansibleArguments}`.trimEnd()),
                ],
            },
        },
        {
            name: 'Cleanup',
            action: 'ExecuteBash',
            inputs: {
                commands: [
                    script(
                    // Remove only what InstallAnsible added, so a hardened image carries no build tooling.
                    `packages=$(cat ${WORK_DIR}/installed-packages)`, `if [ -n "$packages" ]; then ${profile.packageManager} remove -y $packages; fi`, `${profile.packageManager} clean all`, `rm -rf ${WORK_DIR} /root/.ansible`),
                ],
            },
        },
    ];
}
function validateSteps(profile) {
    return [
        {
            name: 'CheckNodeCanJoinEks',
            action: 'ExecuteBash',
            inputs: {
                commands: [
                    script(profile.bootstrapCheck, 'test -x /usr/bin/kubelet', 'systemctl cat containerd >/dev/null', 
                    // The CIS role rewrites sshd_config; a config sshd rejects would leave nodes without SSH or SSM fallback.
                    'if command -v sshd >/dev/null; then sshd -t; fi'),
                ],
            },
        },
    ];
}
function testSteps(profile, options) {
    const auditDir = `${AUDIT_CONTENT_PARENT}/${profile.benchmark}-Audit`;
    const gossArch = options.architecture === 'arm64' ? 'arm64' : 'amd64';
    const gossUrl = `https://github.com/goss-org/goss/releases/download/${GOSS_VERSION}/goss-linux-${gossArch}`;
    const auditName = `${profile.benchmark}-Audit ${describePinnedRef(options.auditVersion)}`;
    const steps = [
        {
            name: 'InstallCisAudit',
            action: 'ExecuteBash',
            maxAttempts: 3,
            inputs: {
                commands: [
                    script(`mkdir -p ${WORK_DIR}`, ensurePackage(profile, 'git', 'git'), ensurePackage(profile, 'jq', 'jq'), `curl -fsSL -o /usr/local/bin/goss ${gossUrl}`, `curl -fsSL -o ${WORK_DIR}/goss.sha256 ${gossUrl}.sha256`, `echo "$(awk '{print $1}' ${WORK_DIR}/goss.sha256)  /usr/local/bin/goss" | sha256sum -c -`, 'chmod 0755 /usr/local/bin/goss', ...fetchPinned(profile.auditRepository, options.auditVersion, auditDir)),
                ],
            },
        },
        {
            name: 'RunCisAudit',
            action: 'ExecuteBash',
            timeoutSeconds: 3600,
            inputs: { commands: [script(...auditScript(profile, options, auditDir, auditName))] },
        },
    ];
    if (options.auditReportBucket) {
        steps.push({
            name: 'UploadAuditReport',
            action: 'S3Upload',
            maxAttempts: 3,
            onFailure: 'Abort',
            inputs: [{ source: `${REPORT_DIR}/*`, destination: `s3://${options.auditReportBucket}/drydock/cis-audit/` }],
        });
    }
    if (options.auditMinScore > 0) {
        steps.push({
            name: 'CheckCisAuditScore',
            action: 'ExecuteBash',
            inputs: {
                commands: [
                    script(`score=$(cat ${AUDIT_SCORE_FILE})`, `if awk -v s="$score" -v m=${options.auditMinScore} 'BEGIN { exit !(s < m) }'; then`, `  echo "CIS audit score $score is under audit-min-score ${options.auditMinScore}: failing the image"`, '  exit 1', 'fi', `echo "CIS audit score $score meets audit-min-score ${options.auditMinScore}"`),
                ],
            },
        });
    }
    return steps;
}
function auditScript(profile, options, auditDir, auditName) {
    return [
        // The test instance runs from the new image, so its own ami-id is the id of the image under test.
        "token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)",
        'imds() { curl -fsS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"; }',
        'ami_id=$(imds ami-id)',
        'region=$(imds placement/region)',
        `mkdir -p ${REPORT_DIR}`,
        `report=${REPORT_DIR}/$ami_id.json`,
        `cd ${auditDir}`,
        // goss exits non-zero when any control fails; the score below is what decides.
        './run_audit.sh -o "$report" || true',
        `test -s "$report" || { echo "The CIS audit (${auditName}) wrote no report"; exit 1; }`,
        `total=$(jq -r '.summary["test-count"] // empty' "$report")`,
        `test -n "$total" || { echo "The CIS audit report has no summary"; exit 1; }`,
        `failed=$(jq -r '.summary["failed-count"] // 0' "$report")`,
        `skipped=$(jq -r '.summary["skipped-count"] // 0' "$report")`,
        'passed=$((total - failed - skipped))',
        // The score is the share of controls that ran and passed; skipped controls do not count either way.
        `score=$(awk -v p="$passed" -v f="$failed" 'BEGIN { n = p + f; if (n <= 0) print "0.0"; else printf "%.1f", 100 * p / n }')`,
        `echo "CIS audit (${auditName}): score $score% ($passed passed, $failed failed, $skipped skipped of $total)"`,
        `result=$(jq -cn --argjson score "$score" --argjson passed "$passed" --argjson failed "$failed" --argjson skipped "$skipped" --argjson total "$total" --argjson minimum ${options.auditMinScore} ` +
            `--arg benchmark ${bashQuote(profile.benchmark)} --arg audit ${bashQuote(describePinnedRef(options.auditVersion))} ` +
            `'{score: $score, passed: $passed, failed: $failed, skipped: $skipped, total: $total, minimum: $minimum, benchmark: $benchmark, auditVersion: $audit}')`,
        // Recorded before the gate, so the action can report the score of a failed build too.
        `aws ssm put-parameter --region "$region" --name "${AUDIT_PARAMETER_PREFIX}/$ami_id" --type String --overwrite --value "$result" >/dev/null ` +
            `|| echo "warning: could not record the audit result in ${AUDIT_PARAMETER_PREFIX}/$ami_id; grant the instance profile ssm:PutParameter on it"`,
        // For CheckCisAuditScore, the gate, which runs after the report is uploaded.
        `echo "$score" > ${AUDIT_SCORE_FILE}`,
    ];
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/fingerprint.js

/**
 * A stable digest of what a resource is made from. Keys are sorted, so the same content gives the same fingerprint
 * whatever order it was assembled in. Stored as a tag on components and recipes: equal fingerprint, nothing to create.
 */
function fingerprint(value) {
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(value)).digest('hex');
}
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, item]) => item !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
/** Image Builder client tokens are 1 to 36 characters; a token derived from the content makes a retried create idempotent. */
function clientTokenFor(...parts) {
    return fingerprint(parts).slice(0, 36);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/paging.js
/**
 * Every Image Builder list call pages with nextToken; this walks all pages. `limit` guards against a service that keeps
 * returning the same token, which would otherwise loop forever.
 */
async function collectPages(fetchPage, limit = 1000) {
    const items = [];
    let token;
    for (let page = 0; page < limit; page++) {
        const response = await fetchPage(token);
        items.push(...(response.items ?? []));
        if (!response.nextToken)
            return items;
        token = response.nextToken;
    }
    throw new Error(`stopped after ${limit} pages: the service kept returning a next page`);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/pipeline-definition.js


function defaultPipelineName(os, kubernetesVersion, architecture) {
    return `drydock-eks-${os}-${kubernetesVersion.replace('.', '-')}-${architecture}`;
}
/** The names of the resources behind one pipeline. The component carries a suffix since components and recipes list apart. */
function resourceNames(pipelineName) {
    return {
        component: `${pipelineName}-cis-hardening`,
        recipe: pipelineName,
        infrastructure: pipelineName,
        distribution: pipelineName,
        pipeline: pipelineName,
    };
}
const DEFAULT_AMI_NAME_TEMPLATE = 'drydock-eks-{os}-{kubernetes}-{arch}-cis-{date}';
/** Placeholders of the AMI name template that become Image Builder's own build-time variables. */
const IMAGE_BUILDER_VARIABLES = {
    date: '{{ imagebuilder:buildDate }}',
    build: '{{ imagebuilder:buildVersion }}',
};
const DRYDOCK_PLACEHOLDERS = ['os', 'kubernetes', 'arch', 'cis'];
const PLACEHOLDER = /\{([a-z]+)\}/g;
/**
 * The name as sent to Image Builder, variables still in it (AmiNameString in the Image Builder API model): at most 127
 * characters, first and last a letter, digit, - or _ (or the braces of a variable).
 */
const AMI_NAME_STRING = /^[-_A-Za-z0-9{][-_A-Za-z0-9\s:{}.]+[-_A-Za-z0-9}]$/;
const AMI_NAME_MAX_LENGTH = 127;
/**
 * What the name may hold outside Image Builder's variables: what both Image Builder and EC2 accept. EC2 would take
 * ( ) [ ] / ' @ too, but Image Builder refuses them; Image Builder takes : { } only for its variables, and EC2 refuses
 * them in the AMI it names.
 */
const AMI_NAME_CHARACTER = /[-_A-Za-z0-9 .]/;
/** Returns what is wrong with an AMI name template, or undefined. */
function amiNameTemplateProblem(template, values) {
    const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
    const unknown = names.find((name) => !Object.hasOwn(IMAGE_BUILDER_VARIABLES, name) && !DRYDOCK_PLACEHOLDERS.includes(name));
    if (unknown !== undefined)
        return `has the unknown placeholder {${unknown}}`;
    // {build} alone is not enough: it counts the builds of one recipe version, and starts again at 1 with every new one.
    if (!names.includes('date'))
        return 'has no {date}, which Image Builder requires so that every build gets a new AMI name';
    // drydock's values are checked as filled in: a {cis} tag such as 1.0.0+fix brings a character of its own.
    const literal = template.replace(PLACEHOLDER, (_, name) => (Object.hasOwn(IMAGE_BUILDER_VARIABLES, name) ? '' : drydockValue(name, values)));
    const refused = [...literal].find((character) => !AMI_NAME_CHARACTER.test(character));
    if (refused !== undefined)
        return `gives names with ${(0,errors/* shownValue */.JJ)(refused)}, which an AMI name cannot contain (allowed: letters, digits, spaces, . - _)`;
    const sent = renderAmiName(template, values);
    if (sent.length > AMI_NAME_MAX_LENGTH) {
        return `is ${sent.length} characters as sent to Image Builder ({date} counts ${IMAGE_BUILDER_VARIABLES['date'].length}), more than the ${AMI_NAME_MAX_LENGTH} it allows`;
    }
    if (!AMI_NAME_STRING.test(sent))
        return 'starts or ends with a space or a dot, which Image Builder refuses';
    return undefined;
}
/** The AMI name for the distribution configuration: drydock's placeholders filled in, {date}/{build} left to Image Builder. */
function renderAmiName(template, values) {
    return template.replace(PLACEHOLDER, (_, name) => Object.hasOwn(IMAGE_BUILDER_VARIABLES, name) ? IMAGE_BUILDER_VARIABLES[name] : drydockValue(name, values));
}
function drydockValue(name, values) {
    if (name === 'cis')
        return describePinnedRef(values.cis);
    return values[name];
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/semver.js
// Image Builder allows each node up to 2^30-1 and no leading zeros in practice; we accept what it returns.
const SEMANTIC = /^(\d+)\.(\d+)\.(\d+)$/;
function parseSemanticVersion(text) {
    const match = SEMANTIC.exec(text);
    if (!match)
        return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}
function formatSemanticVersion(version) {
    return `${version.major}.${version.minor}.${version.patch}`;
}
function compareSemanticVersions(a, b) {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
function compareBuildVersions(a, b) {
    return compareSemanticVersions(a, b) || a.build - b.build;
}
const FIRST_VERSION = { major: 1, minor: 0, patch: 0 };
/** The version after the newest one: a patch bump, since every drydock change is a content change of the same recipe line. */
function nextPatchVersion(newest) {
    return newest ? { ...newest, patch: newest.patch + 1 } : FIRST_VERSION;
}
/**
 * The name and version inside a versioned Image Builder ARN, such as
 * `arn:aws:imagebuilder:us-east-1:123456789012:image/drydock-eks/1.0.3/7` (build version) or
 * `...:image-recipe/drydock-eks/1.0.3` (semantic version only).
 */
function versionFromArn(arn) {
    const match = /:(?:image|image-recipe|component)\/([^/]+)\/(\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(arn);
    if (!match)
        return undefined;
    const version = parseSemanticVersion(match[2]);
    if (!version)
        return undefined;
    return match[3] === undefined ? { name: match[1], version } : { name: match[1], version, build: Number(match[3]) };
}
/** The newest of `items` by the semantic version their ARN carries; items without a readable version are ignored. */
function newestByVersion(items, arnOf) {
    let best;
    for (const item of items) {
        const arn = arnOf(item);
        const parsed = arn ? versionFromArn(arn) : undefined;
        if (!parsed)
            continue;
        const version = { ...parsed.version, build: parsed.build ?? 0 };
        if (!best || compareBuildVersions(version, best.version) > 0)
            best = { item, version };
    }
    return best?.item;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/ensure.js









const FINGERPRINT_TAG = 'drydock:fingerprint';
const MANAGED_TAGS = { 'managed-by': 'drydock' };
/** How long Image Builder may spend on the test phase (the CIS audit takes a few minutes; this leaves room). */
const TEST_TIMEOUT_MINUTES = 120;
/** The tags every distributed AMI carries, so an AMI always says what it was built from. */
const DRYDOCK_AMI_TAG_KEYS = [
    'drydock:parent-ami-id',
    'drydock:cis-benchmark',
    'drydock:cis-role-version',
    'drydock:kubernetes-version',
    'drydock:os-family',
    'drydock:pipeline',
];
function drydockAmiTags(definition, parent) {
    return {
        'drydock:parent-ami-id': parent.amiId,
        'drydock:cis-benchmark': NODE_OS_PROFILES[definition.os].benchmark,
        'drydock:cis-role-version': describePinnedRef(definition.hardening.roleVersion),
        'drydock:kubernetes-version': definition.kubernetesVersion,
        // The tag rollout-nodegroups reads the OS family from (OS_FAMILY_TAG there), to write the right bootstrap.
        'drydock:os-family': definition.os,
        'drydock:pipeline': definition.name,
    };
}
function hardeningOptions(definition) {
    return {
        os: definition.os,
        architecture: definition.architecture,
        roleVersion: definition.hardening.roleVersion,
        auditVersion: definition.hardening.auditVersion,
        ansibleArguments: definition.hardening.ansibleArguments,
        auditMinScore: definition.hardening.auditMinScore,
        ...(definition.hardening.auditReportBucket ? { auditReportBucket: definition.hardening.auditReportBucket } : {}),
    };
}
async function ensurePipeline(client, definition, parent, logger, onChange) {
    const names = resourceNames(definition.name);
    const changes = [];
    // Each change is told as it is made (onChange): a later step can fail, and what was created must still be named.
    const record = (change) => {
        changes.push(change);
        const version = change.version ? ` ${change.version}` : '';
        if (change.action === 'reused')
            return logger.debug(`Image Builder ${change.kind} ${change.name}${version} is up to date`);
        const text = `Image Builder ${change.kind} ${change.name}${version} ${change.action}`;
        logger.info(text);
        onChange?.(text);
    };
    const component = await ensureComponent(client, names.component, hardeningOptions(definition));
    record(component);
    const recipe = await ensureRecipe(client, names.recipe, definition, parent, component.arn);
    record(recipe);
    const infrastructure = await ensureInfrastructure(client, names.infrastructure, definition);
    record(infrastructure);
    const distribution = await ensureDistribution(client, names.distribution, definition, parent);
    record(distribution);
    const pipeline = await ensureImagePipeline(client, names.pipeline, definition, {
        recipe: recipe.arn,
        infrastructure: infrastructure.arn,
        distribution: distribution.arn,
    });
    record(pipeline);
    return { pipelineArn: pipeline.arn, recipeArn: recipe.arn, componentArn: component.arn, changes };
}
const isAlreadyExists = (error) => error instanceof Error && error.name === 'ResourceAlreadyExistsException';
/**
 * Creates a new version unless the newest one has the same fingerprint. When a concurrent run created the same version
 * first (ResourceAlreadyExistsException), looks again once: the other run's version is reused if it matches.
 */
async function ensureVersioned(kind, name, digest, findNewest, create) {
    for (let attempt = 0;; attempt++) {
        const newest = await findNewest();
        if (newest && newest.fingerprint === digest) {
            return { kind, name, arn: newest.arn, action: 'reused', version: versionText(newest.arn) };
        }
        const version = formatSemanticVersion(nextPatchVersion(newest ? versionFromArn(newest.arn)?.version : undefined));
        try {
            const arn = await create(version);
            if (!arn)
                throw new errors/* RemoteError */.Hi(`Image Builder returned no ARN for the new ${kind} ${name} ${version}`);
            return { kind, name, arn, action: 'created', version };
        }
        catch (error) {
            if (!isAlreadyExists(error) || attempt > 0)
                throw error;
        }
    }
}
function versionText(arn) {
    const parsed = versionFromArn(arn);
    return parsed ? formatSemanticVersion(parsed.version) : undefined;
}
async function ensureComponent(client, name, options) {
    const data = hardeningComponentDocument(options);
    const digest = fingerprint({ data, platform: 'Linux' });
    const description = hardeningComponentDescription(options);
    return ensureVersioned('component', name, digest, async () => {
        const versions = await collectPages(async (nextToken) => {
            const page = await client.send(new client_imagebuilder_dist_cjs.ListComponentsCommand({ owner: 'Self', filters: [{ name: 'name', values: [name] }], nextToken }));
            return { items: page.componentVersionList, nextToken: page.nextToken };
        });
        const newest = newestByVersion(versions.filter((version) => version.name === name), (version) => version.arn);
        if (!newest?.arn)
            return undefined;
        const componentVersionArn = newest.arn;
        // Tags live on build versions; the newest build of the newest version is the one a recipe would use.
        const builds = await collectPages(async (nextToken) => {
            const page = await client.send(new client_imagebuilder_dist_cjs.ListComponentBuildVersionsCommand({ componentVersionArn, nextToken }));
            return { items: page.componentSummaryList, nextToken: page.nextToken };
        });
        const build = newestByVersion(builds, (summary) => summary.arn);
        return build?.arn ? { arn: build.arn, fingerprint: build.tags?.[FINGERPRINT_TAG] } : { arn: componentVersionArn };
    }, async (semanticVersion) => {
        const response = await client.send(new client_imagebuilder_dist_cjs.CreateComponentCommand({
            name,
            semanticVersion,
            description,
            changeDescription: `drydock: content fingerprint ${digest.slice(0, 12)}`,
            platform: 'Linux',
            data,
            tags: { ...MANAGED_TAGS, [FINGERPRINT_TAG]: digest },
            clientToken: clientTokenFor('component', name, semanticVersion, digest),
        }));
        return response.componentBuildVersionArn;
    });
}
async function ensureRecipe(client, name, definition, parent, componentArn) {
    const components = [{ componentArn }];
    const digest = fingerprint({ parentImage: parent.amiId, components });
    const profile = NODE_OS_PROFILES[definition.os];
    return ensureVersioned('image recipe', name, digest, async () => {
        const recipes = await collectPages(async (nextToken) => {
            const page = await client.send(new client_imagebuilder_dist_cjs.ListImageRecipesCommand({ owner: 'Self', filters: [{ name: 'name', values: [name] }], nextToken }));
            return { items: page.imageRecipeSummaryList, nextToken: page.nextToken };
        });
        const newest = newestByVersion(recipes.filter((recipe) => recipe.name === name), (recipe) => recipe.arn);
        return newest?.arn ? { arn: newest.arn, fingerprint: newest.tags?.[FINGERPRINT_TAG] } : undefined;
    }, async (semanticVersion) => {
        const response = await client.send(new client_imagebuilder_dist_cjs.CreateImageRecipeCommand({
            name,
            semanticVersion,
            description: `EKS ${definition.kubernetesVersion} ${profile.displayName} node (${definition.architecture}) from ${parent.amiId}, hardened with ${profile.benchmark} ${describePinnedRef(definition.hardening.roleVersion)}`,
            parentImage: parent.amiId,
            components,
            tags: {
                ...MANAGED_TAGS,
                [FINGERPRINT_TAG]: digest,
                'drydock:parent-ami-id': parent.amiId,
                'drydock:cis-role-version': describePinnedRef(definition.hardening.roleVersion),
            },
            clientToken: clientTokenFor('recipe', name, semanticVersion, digest),
        }));
        return response.imageRecipeArn;
    });
}
/** The infrastructure fields drydock manages, in a form that compares equal when the configuration needs no update. */
function desiredInfrastructure(definition) {
    const infrastructure = definition.infrastructure;
    return {
        instanceTypes: [...infrastructure.instanceTypes],
        instanceProfileName: infrastructure.instanceProfile,
        subnetId: infrastructure.subnetId,
        securityGroupIds: [...infrastructure.securityGroupIds].sort(),
        terminateInstanceOnFailure: infrastructure.terminateOnFailure,
        // IMDSv2 only on the build and test instances; the audit step uses a session token.
        instanceMetadataOptions: { httpTokens: 'required' },
    };
}
async function ensureInfrastructure(client, name, definition) {
    const kind = 'infrastructure configuration';
    const desired = desiredInfrastructure(definition);
    const description = `Build and test instances for the drydock pipeline ${definition.name}`;
    const summaries = await collectPages(async (nextToken) => {
        const page = await client.send(new client_imagebuilder_dist_cjs.ListInfrastructureConfigurationsCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
        return { items: page.infrastructureConfigurationSummaryList, nextToken: page.nextToken };
    });
    const existing = summaries.find((summary) => summary.name === name && summary.arn);
    if (!existing?.arn) {
        const response = await client.send(new client_imagebuilder_dist_cjs.CreateInfrastructureConfigurationCommand({
            name,
            description,
            ...desired,
            tags: { ...MANAGED_TAGS },
            clientToken: clientTokenFor('infrastructure', name, fingerprint(desired)),
        }));
        if (!response.infrastructureConfigurationArn)
            throw new errors/* RemoteError */.Hi(`Image Builder returned no ARN for the new ${kind} ${name}`);
        return { kind, name, arn: response.infrastructureConfigurationArn, action: 'created' };
    }
    const current = (await client.send(new client_imagebuilder_dist_cjs.GetInfrastructureConfigurationCommand({ infrastructureConfigurationArn: existing.arn })))
        .infrastructureConfiguration;
    const actual = {
        instanceTypes: current?.instanceTypes ?? [],
        instanceProfileName: current?.instanceProfileName,
        subnetId: current?.subnetId,
        securityGroupIds: [...(current?.securityGroupIds ?? [])].sort(),
        terminateInstanceOnFailure: current?.terminateInstanceOnFailure ?? false,
        instanceMetadataOptions: { httpTokens: current?.instanceMetadataOptions?.httpTokens },
    };
    if (fingerprint(actual) === fingerprint(desired))
        return { kind, name, arn: existing.arn, action: 'reused' };
    await client.send(new client_imagebuilder_dist_cjs.UpdateInfrastructureConfigurationCommand({
        infrastructureConfigurationArn: existing.arn,
        description,
        ...desired,
        // Fields drydock does not manage are carried over, so an update never drops the user's logging or key pair.
        ...(current?.logging ? { logging: current.logging } : {}),
        ...(current?.keyPair ? { keyPair: current.keyPair } : {}),
        ...(current?.snsTopicArn ? { snsTopicArn: current.snsTopicArn } : {}),
        clientToken: clientTokenFor('infrastructure-update', existing.arn, fingerprint(desired)),
    }));
    return { kind, name, arn: existing.arn, action: 'updated' };
}
function desiredDistributions(definition, parent) {
    const { distribution } = definition;
    const name = renderAmiName(distribution.amiNameTemplate, {
        os: definition.os,
        kubernetes: definition.kubernetesVersion,
        arch: definition.architecture,
        cis: definition.hardening.roleVersion,
    });
    const profile = NODE_OS_PROFILES[definition.os];
    const amiTags = { ...distribution.amiTags, ...drydockAmiTags(definition, parent) };
    return distribution.regions.map((region) => ({
        region,
        amiDistributionConfiguration: {
            name,
            description: `EKS ${definition.kubernetesVersion} node, ${profile.displayName}, CIS-hardened (${profile.benchmark} ${describePinnedRef(definition.hardening.roleVersion)}) from ${parent.amiId}`,
            amiTags,
            ...(distribution.launchPermissionAccounts.length > 0 ? { launchPermission: { userIds: [...distribution.launchPermissionAccounts] } } : {}),
        },
    }));
}
/** The distribution fields drydock manages, normalised for comparison. */
function comparableDistributions(distributions) {
    return distributions.map((item) => ({
        region: item.region,
        name: item.amiDistributionConfiguration?.name,
        description: item.amiDistributionConfiguration?.description,
        amiTags: item.amiDistributionConfiguration?.amiTags ?? {},
        launchPermission: [...(item.amiDistributionConfiguration?.launchPermission?.userIds ?? [])].sort(),
    }));
}
async function ensureDistribution(client, name, definition, parent) {
    const kind = 'distribution configuration';
    const distributions = desiredDistributions(definition, parent);
    const description = `AMI distribution for the drydock pipeline ${definition.name}`;
    const summaries = await collectPages(async (nextToken) => {
        const page = await client.send(new client_imagebuilder_dist_cjs.ListDistributionConfigurationsCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
        return { items: page.distributionConfigurationSummaryList, nextToken: page.nextToken };
    });
    const existing = summaries.find((summary) => summary.name === name && summary.arn);
    if (!existing?.arn) {
        const response = await client.send(new client_imagebuilder_dist_cjs.CreateDistributionConfigurationCommand({
            name,
            description,
            distributions,
            tags: { ...MANAGED_TAGS },
            clientToken: clientTokenFor('distribution', name, fingerprint(distributions)),
        }));
        if (!response.distributionConfigurationArn)
            throw new errors/* RemoteError */.Hi(`Image Builder returned no ARN for the new ${kind} ${name}`);
        return { kind, name, arn: response.distributionConfigurationArn, action: 'created' };
    }
    const current = (await client.send(new client_imagebuilder_dist_cjs.GetDistributionConfigurationCommand({ distributionConfigurationArn: existing.arn })))
        .distributionConfiguration;
    if (fingerprint(comparableDistributions(current?.distributions ?? [])) === fingerprint(comparableDistributions(distributions))) {
        return { kind, name, arn: existing.arn, action: 'reused' };
    }
    await client.send(new client_imagebuilder_dist_cjs.UpdateDistributionConfigurationCommand({
        distributionConfigurationArn: existing.arn,
        description,
        distributions,
        clientToken: clientTokenFor('distribution-update', existing.arn, fingerprint(distributions)),
    }));
    return { kind, name, arn: existing.arn, action: 'updated' };
}
async function ensureImagePipeline(client, name, definition, arns) {
    const kind = 'image pipeline';
    const desired = {
        imageRecipeArn: arns.recipe,
        infrastructureConfigurationArn: arns.infrastructure,
        distributionConfigurationArn: arns.distribution,
        imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: TEST_TIMEOUT_MINUTES },
        imageScanningConfiguration: { imageScanningEnabled: definition.imageScanning },
        enhancedImageMetadataEnabled: true,
        // No schedule: the workflow decides when to build (check mode, then build when stale).
        status: 'ENABLED',
    };
    const description = `CIS-hardened EKS node AMIs (${definition.os}, Kubernetes ${definition.kubernetesVersion}, ${definition.architecture}), managed by drydock`;
    const pipelines = await collectPages(async (nextToken) => {
        const page = await client.send(new client_imagebuilder_dist_cjs.ListImagePipelinesCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
        return { items: page.imagePipelineList, nextToken: page.nextToken };
    });
    const existing = pipelines.find((pipeline) => pipeline.name === name && pipeline.arn);
    if (!existing?.arn) {
        const response = await client.send(new client_imagebuilder_dist_cjs.CreateImagePipelineCommand({
            name,
            description,
            ...desired,
            tags: { ...MANAGED_TAGS },
            clientToken: clientTokenFor('pipeline', name, fingerprint(desired)),
        }));
        if (!response.imagePipelineArn)
            throw new errors/* RemoteError */.Hi(`Image Builder returned no ARN for the new ${kind} ${name}`);
        return { kind, name, arn: response.imagePipelineArn, action: 'created' };
    }
    const current = (await client.send(new client_imagebuilder_dist_cjs.GetImagePipelineCommand({ imagePipelineArn: existing.arn }))).imagePipeline;
    const actual = {
        imageRecipeArn: current?.imageRecipeArn,
        infrastructureConfigurationArn: current?.infrastructureConfigurationArn,
        distributionConfigurationArn: current?.distributionConfigurationArn,
        imageTestsConfiguration: {
            imageTestsEnabled: current?.imageTestsConfiguration?.imageTestsEnabled ?? true,
            timeoutMinutes: current?.imageTestsConfiguration?.timeoutMinutes,
        },
        imageScanningConfiguration: { imageScanningEnabled: current?.imageScanningConfiguration?.imageScanningEnabled ?? false },
        enhancedImageMetadataEnabled: current?.enhancedImageMetadataEnabled ?? true,
        status: current?.status,
    };
    if (fingerprint(actual) === fingerprint(desired))
        return { kind, name, arn: existing.arn, action: 'reused' };
    await client.send(new client_imagebuilder_dist_cjs.UpdateImagePipelineCommand({
        imagePipelineArn: existing.arn,
        description,
        ...desired,
        // A schedule someone added by hand stays; drydock itself never sets one.
        ...(current?.schedule ? { schedule: current.schedule } : {}),
        clientToken: clientTokenFor('pipeline-update', existing.arn, fingerprint(desired)),
    }));
    return { kind, name, arn: existing.arn, action: 'updated' };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/parent-image.js



const AMI_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
/**
 * Resolves the parent image to an AMI id and checks that EC2 knows it in this region with the expected architecture:
 * Image Builder would otherwise fail minutes into the build with a less helpful message.
 */
async function resolveParentImage(clients, source, region, expectedArchitecture) {
    let amiId;
    let parameter;
    if (source.kind === 'parameter') {
        parameter = source.name;
        amiId = await readAmiParameter(clients.ssm, source.name, region);
    }
    else {
        amiId = source.id;
    }
    const image = await describeAmi(clients.ec2, amiId, region, parameter);
    if (expectedArchitecture && image.Architecture && image.Architecture !== expectedArchitecture) {
        throw new errors/* ConfigurationError */.j1(`The parent image ${amiId}${parameter ? ` (from ${parameter})` : ''} is ${image.Architecture}, but 'architecture' is ${expectedArchitecture}. Set architecture: ${image.Architecture}, or choose a ${expectedArchitecture} parent image.`);
    }
    return {
        amiId,
        ...(parameter ? { parameter } : {}),
        ...(image.Name ? { name: image.Name } : {}),
        ...(image.Architecture ? { architecture: image.Architecture } : {}),
        ...(image.CreationDate ? { creationDate: image.CreationDate } : {}),
    };
}
/** Reads an SSM parameter that names an AMI (the EKS-optimized AMI parameters, or the user's own). */
async function readAmiParameter(ssm, name, region) {
    let value;
    try {
        value = (await ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: name }))).Parameter?.Value;
    }
    catch (error) {
        if (error instanceof Error && error.name === 'ParameterNotFound') {
            throw new errors/* ConfigurationError */.j1(`The SSM parameter ${name} does not exist in ${region}. Check kubernetes-version, os and architecture (AWS publishes EKS-optimized AMIs only for the Kubernetes versions EKS supports), or set parent-image-parameter.`);
        }
        throw error;
    }
    if (!value || !AMI_ID.test(value)) {
        throw new errors/* ConfigurationError */.j1(`The SSM parameter ${name} holds '${value ?? ''}', not an AMI id. Point parent-image-parameter at a parameter whose value is an ami-... id.`);
    }
    return value;
}
async function describeAmi(ec2, amiId, region, parameter) {
    const notFound = () => new errors/* ConfigurationError */.j1(`The parent image ${amiId}${parameter ? ` named by ${parameter}` : ''} does not exist in ${region} or is not visible to this account. Check the AMI id and the region.`);
    try {
        const images = (await ec2.send(new dist_cjs/* DescribeImagesCommand */.ji5({ ImageIds: [amiId] }))).Images ?? [];
        const image = images.find((candidate) => candidate.ImageId === amiId);
        if (!image)
            throw notFound();
        return image;
    }
    catch (error) {
        if (error instanceof Error && /^InvalidAMIID\./.test(error.name))
            throw notFound();
        if (error instanceof errors/* ConfigurationError */.j1)
            throw error;
        throw new errors/* RemoteError */.Hi(`EC2 DescribeImages for ${amiId} failed: ${(0,errors/* errorMessage */.gJ)(error)}`, undefined, { cause: error });
    }
}
function isAmiId(value) {
    return AMI_ID.test(value);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/results.js





/**
 * The AMI in each region an image was distributed to, in the account that built it (the account of the image's ARN).
 * A distribution that shares to other accounts lists their copies too, in the same regions under their own accountId;
 * those ids mean nothing in this account, so they are left out.
 */
function amiIdsByRegion(image) {
    const builder = image.arn?.split(':')[4] || undefined;
    const amis = {};
    for (const ami of image.outputResources?.amis ?? []) {
        const ours = !builder || !ami.accountId || ami.accountId === builder;
        if (ours && ami.region && ami.image)
            amis[ami.region] = ami.image;
    }
    return amis;
}
function auditParameterName(amiId) {
    return `${AUDIT_PARAMETER_PREFIX}/${amiId}`;
}
/**
 * Reads the audit result the test phase wrote for `amiId`. A missing or unreadable result is a warning, not a failure:
 * the gate itself ran on the instance; only the report back to the workflow is missing.
 */
async function readAuditResult(ssm, amiId, logger) {
    const name = auditParameterName(amiId);
    let text;
    try {
        text = (await ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: name }))).Parameter?.Value;
    }
    catch (error) {
        const fix = error instanceof Error && error.name === 'ParameterNotFound'
            ? 'The test phase could not record it: grant the instance profile ssm:PutParameter on parameter/drydock/cis-audit/*.'
            : (0,errors/* errorMessage */.gJ)(error);
        logger.warning(`No CIS audit result at SSM parameter ${name}. ${fix}`);
        return undefined;
    }
    try {
        const value = JSON.parse(text ?? '');
        if (typeof value.score !== 'number')
            throw new Error('no score');
        return {
            score: value.score,
            passed: value.passed ?? 0,
            failed: value.failed ?? 0,
            skipped: value.skipped ?? 0,
            total: value.total ?? 0,
            minimum: value.minimum ?? 0,
            benchmark: value.benchmark ?? '',
            auditVersion: value.auditVersion ?? '',
        };
    }
    catch (error) {
        logger.warning(`The CIS audit result at ${name} is not readable (${(0,errors/* errorMessage */.gJ)(error)}).`);
        return undefined;
    }
}
/**
 * The image's Inspector findings by severity. Undefined when the scan did not complete (scanning off, abandoned, timed
 * out): "no findings" and "not scanned" must not look the same. Findings that cannot be read (throttling after the
 * SDK's retries, a role without the permission) are a warning, like an unreadable audit result: the AMI is built by
 * then, and no input makes the findings a gate, so the step must still report the AMI rather than fail without it.
 */
async function scanFindings(client, image, logger) {
    if (!image.imageScanningConfiguration?.imageScanningEnabled || !image.arn)
        return undefined;
    const scanStatus = image.scanState?.status;
    if (scanStatus && scanStatus !== 'COMPLETED') {
        logger.warning(`The Inspector scan of the image is ${scanStatus}${image.scanState?.reason ? ` (${image.scanState.reason})` : ''}; no findings to report.`);
        return undefined;
    }
    const imageArn = image.arn;
    let responses;
    try {
        responses = await collectPages(async (nextToken) => {
            const page = await client.send(new client_imagebuilder_dist_cjs.ListImageScanFindingAggregationsCommand({ filter: { name: 'imageBuildVersionArn', values: [imageArn] }, nextToken }));
            return { items: page.responses, nextToken: page.nextToken };
        });
    }
    catch (error) {
        const fix = error instanceof Error && error.name === 'AccessDeniedException' ? " Grant the workflow's role imagebuilder:ListImageScanFindingAggregations." : '';
        logger.warning(`ListImageScanFindingAggregations for ${imageArn} failed: ${(0,errors/* errorMessage */.gJ)(error)}. The AMI is built; its Inspector findings are not reported (findings is left empty).${fix}`);
        return undefined;
    }
    const counts = { critical: 0, high: 0, medium: 0, all: 0 };
    for (const response of responses) {
        const severity = response.imageAggregation?.severityCounts;
        if (!severity)
            continue;
        counts.critical += severity.critical ?? 0;
        counts.high += severity.high ?? 0;
        counts.medium += severity.medium ?? 0;
        counts.all += severity.all ?? 0;
    }
    return counts;
}
/** Where the build's logs are: the CloudWatch Logs group Image Builder writes to, and S3 when the pipeline logs there. */
function imageLogLocation(image) {
    const group = image.loggingConfiguration?.logGroupName ?? (image.name ? `/aws/imagebuilder/${image.name}` : undefined);
    const stream = image.version;
    const parts = [];
    if (group)
        parts.push(`CloudWatch Logs group ${group}${stream ? `, stream ${stream}` : ''}`);
    const s3 = image.infrastructureConfiguration?.logging?.s3Logs;
    if (s3?.s3BucketName)
        parts.push(`s3://${s3.s3BucketName}/${s3.s3KeyPrefix ? `${s3.s3KeyPrefix.replace(/\/$/, '')}/` : ''}`);
    return parts.length > 0 ? parts.join('; ') : 'the Image Builder console (no log location in the image)';
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/format.js
var format = __webpack_require__(86874);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/poll-schedule.js
/** States that last tens of minutes in a hardening build. */
const LONG_STATES = new Set(['BUILDING', 'TESTING']);
const DEFAULT_POLL_POLICY = {
    firstDelayMs: 20_000,
    factor: 2,
    maxDelayMs: (status) => (LONG_STATES.has(status) ? 150_000 : 60_000),
};
/** The wait before the next poll, given how many polls have already seen the image in `status`. */
function pollDelay(policy, status, pollsInStatus) {
    const grown = policy.firstDelayMs * policy.factor ** Math.max(0, pollsInStatus - 1);
    return Math.min(policy.maxDelayMs(status), grown);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/wait.js






/** What each state means for a hardening build, for progress lines. */
const PHASES = {
    PENDING: 'queued',
    CREATING: 'preparing the build',
    BUILDING: 'build phase: hardening the build instance',
    TESTING: 'test phase: CIS audit on a test instance',
    DISTRIBUTING: 'copying the AMI to its regions',
    INTEGRATING: 'finishing: scan results and integrations',
    AVAILABLE: 'done',
    FAILED: 'failed',
    CANCELLED: 'cancelled',
};
const TERMINAL = new Set(['AVAILABLE', 'FAILED', 'CANCELLED', 'DEPRECATED', 'DISABLED', 'DELETED']);
/** Consecutive failed GetImage calls (after the SDK's own retries) before the wait gives up. */
const MAX_CONSECUTIVE_ERRORS = 3;
/**
 * The wait ended without a terminal state. On 'timeout' and 'cancelled' the build was asked to cancel, and the message
 * says whether it was; on 'unreadable' (GetImage kept failing) it was left running. A build left running is named
 * with the commands to follow or stop it.
 */
class ImageWaitInterruptedError extends Error {
    lastStatus;
    reason;
    lastImage;
    statusCalls;
    name = 'ImageWaitInterruptedError';
    constructor(message, lastStatus, reason, 
    /** The image as last read (before the cancellation), when any read succeeded. */
    lastImage, statusCalls, options) {
        super(message, options);
        this.lastStatus = lastStatus;
        this.reason = reason;
        this.lastImage = lastImage;
        this.statusCalls = statusCalls;
    }
}
function phaseOf(status) {
    return PHASES[status] ?? status.toLowerCase();
}
/**
 * Polls GetImage until the image reaches a terminal state, with the backoff of poll-schedule.ts. On timeout or
 * cancellation it cancels the image build (CancelImageCreation), so nothing keeps running and billing unseen. When
 * GetImage keeps failing it gives up without cancelling (see `unreadable` below).
 */
async function waitForImage(client, imageArn, options) {
    const { clock, logger } = options;
    const policy = options.policy ?? DEFAULT_POLL_POLICY;
    const progressEvery = options.progressEveryMs ?? 5 * 60_000;
    const started = clock.now();
    const deadline = started + options.timeoutMs;
    const transitions = [];
    let statusCalls = 0;
    let status;
    let pollsInStatus = 0;
    let enteredStatusAt = started;
    let lastProgressAt = started;
    let consecutiveErrors = 0;
    let lastImage;
    const region = imageArn.split(':')[3] ?? '';
    const regionOption = region ? ` --region ${region}` : '';
    const follow = `'aws imagebuilder get-image${regionOption} --image-build-version-arn ${imageArn}'`;
    const stop = `'aws imagebuilder cancel-image-creation${regionOption} --image-build-version-arn ${imageArn}'`;
    /** One status call. */
    const getImage = async () => {
        statusCalls++;
        return (await client.send(new client_imagebuilder_dist_cjs.GetImageCommand({ imageBuildVersionArn: imageArn }))).image;
    };
    /**
     * GetImage failed MAX_CONSECUTIVE_ERRORS times in a row. The build is not cancelled: what failed is drydock's view of
     * it, not the build. The usual causes are on this side (workflow credentials that expired during a long build,
     * throttling, a regional API outage), and then CancelImageCreation would fail the same way, or throw away an hour of
     * hardening that was going fine. A timeout is different: there the user's budget ran out. So the build is left
     * running and the error names it, its last state and the commands to follow or stop it (the caller has had its ARN
     * since the build started).
     */
    const unreadable = (error) => {
        const where = status ? ` (state ${status} when last read)` : '';
        const logs = lastImage ? ` Logs: ${imageLogLocation(lastImage)}.` : '';
        throw new ImageWaitInterruptedError(`GetImage for ${imageArn} failed ${consecutiveErrors} times in a row: ${(0,errors/* errorMessage */.gJ)(error).replace(/\.$/, '')}. drydock stopped waiting but did not cancel the build, which may still be running${where}. ` +
            `Follow it with ${follow}; stop it with ${stop} if it is not wanted.${logs}`, status, 'unreadable', lastImage, statusCalls, { cause: error });
    };
    /** The image, if it has reached a terminal state; undefined when it has not or cannot be read. */
    const readIfEnded = async () => {
        try {
            const image = await getImage();
            return image?.state?.status && TERMINAL.has(image.state.status) ? image : undefined;
        }
        catch {
            return undefined;
        }
    };
    /**
     * Cancels the build. When Image Builder refuses, the build may have ended since the last poll (a finished build
     * cannot be cancelled): then what it ended as is the outcome, an AVAILABLE image included. Otherwise it is still
     * running, and the message says so.
     */
    const interrupt = async (reason) => {
        const cancelFailure = await cancelImageBuild(client, imageArn, logger);
        const ended = cancelFailure === undefined ? undefined : await readIfEnded();
        if (ended) {
            status = ended.state.status;
            transitions.push({ status, atMs: clock.now() - started });
            logger.warning(`The image build ended ${status} before it could be cancelled; that is its outcome.`);
            return { image: ended, statusCalls, transitions };
        }
        const where = status ? ` (state ${status})` : '';
        const logs = lastImage ? ` Logs: ${imageLogLocation(lastImage)}.` : '';
        const late = reason === 'timeout'
            ? `The image build did not finish within the timeout of ${(0,format/* formatElapsed */.C)(options.timeoutMs)}${where}`
            : `The workflow was cancelled after ${(0,format/* formatElapsed */.C)(clock.now() - started)}${where}`;
        const stillRunning = `could not be cancelled (${cancelFailure}) and is still running. Stop it with ${stop} if it is not wanted, or follow it with ${follow}`;
        let message;
        if (reason === 'timeout') {
            message = cancelFailure === undefined
                ? `${late}; it was cancelled. Raise 'timeout', or look at the build's logs for what is slow.${logs}`
                : `${late}; it ${stillRunning}; raise 'timeout' for builds this long.${logs}`;
        }
        else {
            message = cancelFailure === undefined ? `${late}; the image build ${imageArn} was cancelled too.${logs}` : `${late}, but the image build ${imageArn} ${stillRunning}.${logs}`;
        }
        throw new ImageWaitInterruptedError(message, status, reason, lastImage, statusCalls);
    };
    for (;;) {
        if (options.signal?.aborted)
            return interrupt('cancelled');
        let image;
        try {
            image = await getImage();
            lastImage = image ?? lastImage;
            consecutiveErrors = 0;
        }
        catch (error) {
            consecutiveErrors++;
            if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS)
                unreadable(error);
            logger.warning(`Could not read the image state (${(0,errors/* errorMessage */.gJ)(error)}); trying again`);
        }
        const now = clock.now();
        const current = image?.state?.status;
        if (current && current !== status) {
            status = current;
            pollsInStatus = 0;
            enteredStatusAt = now;
            lastProgressAt = now;
            transitions.push({ status, atMs: now - started });
            logger.info(`Image build ${status} (${phaseOf(status)}) after ${(0,format/* formatElapsed */.C)(now - started)}`);
        }
        else if (status && now - lastProgressAt >= progressEvery) {
            lastProgressAt = now;
            logger.info(`Image build still ${status} (${phaseOf(status)}) after ${(0,format/* formatElapsed */.C)(now - started)}, ${(0,format/* formatElapsed */.C)(now - enteredStatusAt)} in this state`);
        }
        if (image && status && TERMINAL.has(status))
            return { image, statusCalls, transitions };
        pollsInStatus++;
        const remaining = deadline - now;
        if (remaining <= 0)
            return interrupt('timeout');
        const delay = Math.min(pollDelay(policy, status ?? 'PENDING', pollsInStatus), remaining);
        try {
            await clock.sleep(delay, options.signal);
        }
        catch (error) {
            if (options.signal?.aborted)
                return interrupt('cancelled');
            throw error;
        }
    }
}
/** Asks Image Builder to stop a build. Returns why it could not (without a final dot), or undefined when it did. */
async function cancelImageBuild(client, imageArn, logger) {
    try {
        await client.send(new client_imagebuilder_dist_cjs.CancelImageCreationCommand({ imageBuildVersionArn: imageArn, clientToken: (0,external_node_crypto_.randomUUID)() }));
        logger.warning(`Cancelled the image build ${imageArn}`);
        return undefined;
    }
    catch (error) {
        logger.warning(`Could not cancel the image build ${imageArn}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return (0,errors/* errorMessage */.gJ)(error).replace(/\.$/, '');
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/build.js







/**
 * The build did not end AVAILABLE: it ended FAILED or CANCELLED, or the wait timed out or was cancelled (and the
 * build with it, unless the message says it could not be), or its state could not be read (ImageStateUnreadableError),
 * or the workflow was cancelled before the build started. Carries what is known, so outputs and the summary can still
 * be written.
 */
class ImageBuildFailedError extends Error {
    result;
    name = 'ImageBuildFailedError';
    constructor(message, result, options) {
        super(message, options);
        this.result = result;
    }
}
/**
 * GetImage kept failing, so drydock stopped waiting; the build was left running (see wait.ts for why). Named apart
 * from ImageBuildFailedError because the build is not known to have failed.
 */
class ImageStateUnreadableError extends ImageBuildFailedError {
    name = 'ImageStateUnreadableError';
}
/** The component drydock generates is named `<pipeline>-cis-hardening`; only images using it have an audit to read. */
function usesDrydockHardening(image) {
    return (image.imageRecipe?.components ?? []).some((component) => /:component\/[^/]+-cis-hardening\//.test(component.componentArn ?? ''));
}
async function buildHardenedImage(clients, request, runtime) {
    const { logger, clock } = runtime;
    let pipelineArn;
    let changes = [];
    let parent;
    if (request.pipeline.kind === 'ensure') {
        const { definition } = request.pipeline;
        parent = await resolveParentImage(clients, request.pipeline.parent, request.region, definition.architecture);
        logger.info(`Parent image ${parent.amiId}${parent.name ? ` (${parent.name})` : ''}${parent.parameter ? ` from ${parent.parameter}` : ''}`);
        const ensured = await ensurePipeline(clients.imagebuilder, definition, parent, logger, runtime.onChange);
        pipelineArn = ensured.pipelineArn;
        changes = ensured.changes;
    }
    else {
        pipelineArn = request.pipeline.arn;
    }
    // The last moment a cancelled workflow can stop the build for free. Not checked between the ensure steps: stopping
    // there could leave a new recipe that the pipeline does not use yet.
    if (runtime.signal?.aborted) {
        const notStarted = { pipelineArn, changes, amiIds: {}, statusCalls: 0, elapsedMs: 0 };
        throw new ImageBuildFailedError('The workflow was cancelled before the image build started; no build was started.', notStarted);
    }
    const imageArn = await startPipeline(clients.imagebuilder, pipelineArn, request.region, request.pipeline.kind === 'existing');
    logger.info(`Started image build ${imageArn}`);
    runtime.onStarted?.(imageArn);
    const started = clock.now();
    const base = { pipelineArn, imageArn, changes, ...(parent ? { parent, parentAmiId: parent.amiId } : {}) };
    if (!request.wait)
        return { ...base, amiIds: {}, statusCalls: 0, elapsedMs: 0 };
    let outcome;
    try {
        outcome = await waitForImage(clients.imagebuilder, imageArn, {
            clock,
            logger,
            timeoutMs: request.timeoutMs,
            ...(runtime.signal ? { signal: runtime.signal } : {}),
            ...runtime.waitTuning,
        });
    }
    catch (error) {
        if (!(error instanceof ImageWaitInterruptedError))
            throw error;
        const partial = {
            ...base,
            ...(error.lastImage ? { image: error.lastImage } : {}),
            amiIds: {},
            statusCalls: error.statusCalls,
            elapsedMs: clock.now() - started,
        };
        const Failure = error.reason === 'unreadable' ? ImageStateUnreadableError : ImageBuildFailedError;
        throw new Failure(error.message, partial, { cause: error });
    }
    const image = outcome.image;
    const status = image.state?.status ?? 'UNKNOWN';
    const builtAmiIds = amiIdsByRegion(image);
    const builtAmiId = builtAmiIds[request.region];
    // A recipe drydock did not write may name its parent as an ssm: parameter, an Image Builder image ARN or a
    // Marketplace product: only an AMI id is an AMI id.
    const recipeParent = image.imageRecipe?.parentImage;
    const parentAmiId = recipeParent && isAmiId(recipeParent) ? recipeParent : parent?.amiId;
    // Read even for a failed build: a build failed by the audit gate still recorded its score (under its AMI's id).
    const audit = builtAmiId && (request.pipeline.kind === 'ensure' || usesDrydockHardening(image)) ? await readAuditResult(clients.ssm, builtAmiId, logger) : undefined;
    const available = status === 'AVAILABLE';
    const result = {
        ...base,
        ...(parentAmiId ? { parentAmiId } : {}),
        image,
        amiIds: available ? builtAmiIds : {},
        ...(available && builtAmiId ? { amiId: builtAmiId } : {}),
        ...(audit ? { audit } : {}),
        statusCalls: outcome.statusCalls,
        elapsedMs: clock.now() - started,
    };
    if (!available) {
        const reason = image.state?.reason ? `: ${image.state.reason}` : '';
        throw new ImageBuildFailedError(`The image build ended ${status}${reason}. Logs: ${imageLogLocation(image)}.`, result);
    }
    const findings = await scanFindings(clients.imagebuilder, image, logger);
    return { ...result, ...(findings ? { findings } : {}) };
}
async function startPipeline(client, pipelineArn, region, userGiven) {
    try {
        const response = await client.send(new client_imagebuilder_dist_cjs.StartImagePipelineExecutionCommand({ imagePipelineArn: pipelineArn, clientToken: (0,external_node_crypto_.randomUUID)() }));
        if (!response.imageBuildVersionArn)
            throw new errors/* RemoteError */.Hi(`StartImagePipelineExecution for ${pipelineArn} returned no image ARN`);
        return response.imageBuildVersionArn;
    }
    catch (error) {
        throw userGiven && isNotFound(error) ? missingPipelineArn(pipelineArn, region) : error;
    }
}
const isNotFound = (error) => error instanceof Error && error.name === 'ResourceNotFoundException';
/** The pipeline the user named with pipeline-arn does not exist: their mistake, in build and check mode alike. */
function missingPipelineArn(pipelineArn, region) {
    return new errors/* ConfigurationError */.j1(`Input 'pipeline-arn': '${pipelineArn}' does not exist in ${region}. Check the ARN, or remove pipeline-arn to let drydock create the pipeline.`);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/imagebuilder/staleness.js






async function findPipelineArn(client, name) {
    const pipelines = await collectPages(async (nextToken) => {
        const page = await client.send(new client_imagebuilder_dist_cjs.ListImagePipelinesCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
        return { items: page.imagePipelineList, nextToken: page.nextToken };
    });
    return pipelines.find((pipeline) => pipeline.name === name)?.arn;
}
/** The newest AVAILABLE image of a pipeline, looking through every page. */
async function newestAvailableImage(client, pipelineArn) {
    const images = await collectPages(async (nextToken) => {
        const page = await client.send(new client_imagebuilder_dist_cjs.ListImagePipelineImagesCommand({ imagePipelineArn: pipelineArn, nextToken }));
        return { items: page.imageSummaryList, nextToken: page.nextToken };
    });
    return newestByVersion(images.filter((image) => image.state?.status === 'AVAILABLE'), (image) => image.arn);
}
/** `userGiven`: the ARN is the user's pipeline-arn, so a pipeline that does not exist is their mistake, as in build mode. */
async function checkStaleness(client, pipeline, currentParent, region) {
    const { arn } = pipeline;
    if (!arn) {
        return { stale: true, currentParent, explanation: `The pipeline ${pipeline.name} does not exist yet; a build creates it from ${currentParent.amiId}.` };
    }
    const newest = await newestAvailableImage(client, arn).catch((error) => {
        throw pipeline.userGiven && isNotFound(error) ? missingPipelineArn(arn, region) : error;
    });
    if (!newest?.arn) {
        return { stale: true, currentParent, explanation: `The pipeline ${pipeline.name} has no available image yet.` };
    }
    const parsed = versionFromArn(newest.arn);
    const version = parsed ? `${formatSemanticVersion(parsed.version)}${parsed.build === undefined ? '' : `/${parsed.build}`}` : (newest.version ?? '');
    // This region's AMI or none: an AMI of another region cannot be launched here.
    const amiId = amiIdsByRegion(newest)[region];
    const latestImage = {
        arn: newest.arn,
        version,
        ...(amiId ? { amiId } : {}),
        ...(newest.dateCreated ? { dateCreated: newest.dateCreated } : {}),
    };
    // The summary does not say which recipe, and so which parent, an image came from; the image itself does.
    const image = (await client.send(new client_imagebuilder_dist_cjs.GetImageCommand({ imageBuildVersionArn: newest.arn }))).image;
    const parent = image?.imageRecipe?.parentImage;
    if (!parent || !isAmiId(parent)) {
        return {
            stale: true,
            currentParent,
            latestImage,
            explanation: `The newest image ${version} was built from '${parent ?? 'an unknown parent'}', not a fixed AMI id, so drydock cannot tell whether it is current; treating it as stale.`,
        };
    }
    // Only "other", never "newer": AWS also moves a parameter back to an older AMI when it withdraws a release.
    const stale = parent !== currentParent.amiId;
    const explanation = stale
        ? `The recommended parent AMI is now ${currentParent.amiId}${currentParent.name ? ` (${currentParent.name})` : ''}, but the newest image ${version} was built from ${parent}.`
        : `The newest image ${version} was built from the recommended parent AMI ${parent}; nothing to rebuild.`;
    return { stale, currentParent, builtFromParent: parent, latestImage, explanation };
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/inputs.js
var core_inputs = __webpack_require__(52164);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/build-harden-ami/inputs.js








/**
 * Inputs that only shape the pipeline drydock ensures. With pipeline-arn in build mode they would be silently ignored,
 * so they are an error instead. None of them has a default in action.yml, which is what lets "set" be told from "unset".
 */
const ENSURE_INPUTS = [
    'pipeline-name',
    'os',
    'kubernetes-version',
    'architecture',
    'parent-image-parameter',
    'parent-image',
    'cis-role-version',
    'cis-audit-version',
    'ansible-extra-args',
    'audit-min-score',
    'audit-report-bucket',
    'instance-types',
    'instance-profile',
    'subnet-id',
    'security-group-ids',
    'terminate-on-failure',
    'ami-name',
    'distribution-regions',
    'launch-permission-accounts',
    'ami-tags',
    'enable-image-scanning',
];
const KUBERNETES_VERSION = /^1\.\d{1,2}$/;
const inputs_AMI_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const SSM_PARAMETER = /^\/?[A-Za-z0-9_.\-/]{1,2047}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const SUBNET = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;
const PROFILE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,128})$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT = /^\d{12}$/;
const PIPELINE_NAME = /^[-_A-Za-z0-9][-_A-Za-z0-9 ]{1,112}[-_A-Za-z0-9]$/;
const PIPELINE_RESOURCE = /^image-pipeline\/[a-z0-9_-]{3,128}$/;
/** TagKey of the Image Builder API ('=' too, but the first '=' of a line ends the key). */
const TAG_KEY = /^[A-Za-z0-9 _.:/=+@-]+$/;
/** Tags an AMI distribution takes (TagMap of the Image Builder API), drydock's own included. */
const MAX_AMI_TAGS = 50;
const MIN_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 24 * 3_600_000;
const DEFAULT_INSTANCE_TYPES = { x86_64: 't3.large', arm64: 't4g.large' };
/** Reads every input (so none is reported as unknown) and applies the rules that span several. */
function parseBuildHardenAmiInputs(inputs, context) {
    const mode = inputs.oneOf('mode', ['build', 'check'], 'build');
    const region = (0,client_config/* resolveRegion */.Zv)(inputs.region('region'), context.env);
    const pipelineArnText = inputs.optional('pipeline-arn');
    const pipelineArn = pipelineArnText === undefined ? undefined : parsePipelineArn(pipelineArnText, region);
    const setEnsureInputs = ENSURE_INPUTS.filter((name) => inputs.isSet(name));
    const os = inputs.oneOf('os', NODE_OSES, 'al2023');
    const architecture = inputs.oneOf('architecture', ARCHITECTURES, 'x86_64');
    const kubernetesText = inputs.optional('kubernetes-version');
    if (kubernetesText !== undefined && !KUBERNETES_VERSION.test(kubernetesText)) {
        throw (0,errors/* invalidInput */.aY)('kubernetes-version', kubernetesText, 'is not a Kubernetes minor version', 'Write major.minor as EKS names it, such as 1.31.');
    }
    const parentImage = optionalMatching(inputs, 'parent-image', inputs_AMI_ID, 'is not an AMI id', 'Write it as ami- followed by 8 or 17 hexadecimal digits.');
    const parentParameter = optionalMatching(inputs, 'parent-image-parameter', SSM_PARAMETER, 'is not an SSM parameter name', 'Write the full name, such as /aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id.');
    if (parentImage !== undefined && parentParameter !== undefined) {
        throw new errors/* ConfigurationError */.j1("Inputs 'parent-image' and 'parent-image-parameter' are both set. Set one: parent-image pins an AMI, parent-image-parameter follows an SSM parameter.");
    }
    if (mode === 'check' && parentImage !== undefined) {
        throw new errors/* ConfigurationError */.j1("Input 'parent-image' pins the parent AMI, so check mode has nothing newer to look for. Remove it, or use parent-image-parameter.");
    }
    // 114, not Image Builder's 128: the component's name is the pipeline's plus '-cis-hardening'.
    const pipelineNameText = optionalMatching(inputs, 'pipeline-name', PIPELINE_NAME, 'is not a valid Image Builder name', 'Use 3 to 114 letters, digits, - and _ (no dots).');
    const hardening = parseHardening(inputs, os);
    const infrastructure = parseInfrastructure(inputs, architecture);
    const distribution = parseDistribution(inputs, region);
    const imageScanning = inputs.boolean('enable-image-scanning', false);
    const wait = inputs.boolean('wait', true);
    const timeoutText = inputs.string('timeout', '120m');
    const timeoutMs = inputs.duration('timeout', '120m');
    if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
        throw (0,errors/* invalidInput */.aY)('timeout', timeoutText, 'is outside 1m to 24h', 'Image Builder builds take tens of minutes; set a timeout such as 120m.');
    }
    // An existing pipeline: build runs it as it is; check reads the current parent from os/version/arch or a parameter.
    if (pipelineArn !== undefined) {
        const conflicting = mode === 'build' ? setEnsureInputs : setEnsureInputs.filter((name) => name === 'pipeline-name');
        if (conflicting.length > 0) {
            throw new errors/* ConfigurationError */.j1(`Input 'pipeline-arn' names an existing pipeline, but ${conflicting.join(', ')} ${conflicting.length === 1 ? 'is' : 'are'} set, which only ${conflicting.length === 1 ? 'applies' : 'apply'} to the pipeline drydock manages. Remove ${conflicting.length === 1 ? 'it' : 'them'}, or remove pipeline-arn.`);
        }
        if (mode === 'build')
            return { mode, region, pipelineName: pipelineArn.name, pipeline: { kind: 'existing', arn: pipelineArn.arn }, wait, timeoutMs };
        const parent = parentSource(inputs, os, architecture, kubernetesText, parentParameter, undefined);
        return { mode, region, pipelineName: pipelineArn.name, pipelineArn: pipelineArn.arn, parent };
    }
    // Check mode needs the Kubernetes version only to find the parameter or to derive the pipeline's name.
    if (mode === 'check') {
        const parent = parentSource(inputs, os, architecture, kubernetesText, parentParameter, undefined);
        const pipelineName = pipelineNameText ?? defaultPipelineName(os, kubernetesText ?? requireKubernetesVersion(inputs), architecture);
        return { mode, region, pipelineName, parent };
    }
    const kubernetesVersion = kubernetesText ?? requireKubernetesVersion(inputs);
    const parent = parentSource(inputs, os, architecture, kubernetesVersion, parentParameter, parentImage);
    const name = pipelineNameText ?? defaultPipelineName(os, kubernetesVersion, architecture);
    if (hardening.roleVersion === undefined)
        throw missingPinnedRef('cis-role-version', NODE_OS_PROFILES[os].benchmark);
    if (hardening.auditVersion === undefined)
        throw missingPinnedRef('cis-audit-version', `${NODE_OS_PROFILES[os].benchmark}-Audit`);
    if (infrastructure.instanceProfile === undefined) {
        throw new errors/* ConfigurationError */.j1("Input 'instance-profile' is required when drydock creates the pipeline. Name the IAM instance profile of the build instances; its role needs the EC2InstanceProfileForImageBuilder and AmazonSSMManagedInstanceCore policies, and ssm:PutParameter on parameter/drydock/cis-audit/*.");
    }
    const amiNameProblem = amiNameTemplateProblem(distribution.amiNameTemplate, {
        os,
        kubernetes: kubernetesVersion,
        arch: architecture,
        cis: hardening.roleVersion,
    });
    if (amiNameProblem) {
        throw (0,errors/* invalidInput */.aY)('ami-name', distribution.amiNameTemplate, amiNameProblem, 'Use the placeholders {date}, {build}, {os}, {kubernetes}, {arch} and {cis}, such as drydock-eks-{os}-{kubernetes}-{arch}-{date}.');
    }
    const definition = {
        name,
        os,
        architecture,
        kubernetesVersion,
        hardening: {
            roleVersion: hardening.roleVersion,
            auditVersion: hardening.auditVersion,
            ansibleArguments: hardening.ansibleArguments,
            auditMinScore: hardening.auditMinScore,
            ...(hardening.auditReportBucket ? { auditReportBucket: hardening.auditReportBucket } : {}),
        },
        infrastructure: { ...infrastructure, instanceProfile: infrastructure.instanceProfile },
        distribution,
        imageScanning,
    };
    return { mode, region, pipelineName: name, pipeline: { kind: 'ensure', definition, parent }, wait, timeoutMs };
}
function optionalMatching(inputs, name, pattern, problem, fix) {
    const value = inputs.optional(name);
    if (value !== undefined && !pattern.test(value))
        throw (0,errors/* invalidInput */.aY)(name, value, problem, fix);
    return value;
}
function parsePipelineArn(value, region) {
    const arn = (0,core_inputs/* parseArn */.Lw)('pipeline-arn', value, 'imagebuilder', PIPELINE_RESOURCE, 'arn:aws:imagebuilder:<region>:<account>:image-pipeline/<name>');
    if (arn.region !== region) {
        throw (0,errors/* invalidInput */.aY)('pipeline-arn', value, `is in ${arn.region || 'no region'}, but the step runs in ${region}`, "Set 'region' to the pipeline's region, or name the pipeline of this region.");
    }
    return { arn: value, name: arn.resource.slice('image-pipeline/'.length) };
}
function requireKubernetesVersion(inputs) {
    return inputs.required('kubernetes-version', "Set it to the cluster's Kubernetes version, such as 1.31; drydock names the pipeline after it and reads the EKS-optimized AMI for it from SSM.");
}
/** The parent AMI's source: a pinned AMI, the user's parameter, or AWS's EKS-optimized AMI parameter for os/version/arch. */
function parentSource(inputs, os, architecture, kubernetesVersion, parameter, amiId) {
    if (amiId !== undefined)
        return { kind: 'ami', id: amiId };
    if (parameter !== undefined)
        return { kind: 'parameter', name: parameter };
    const version = kubernetesVersion ?? requireKubernetesVersion(inputs);
    const last = NODE_OS_PROFILES[os].lastKubernetesVersion;
    if (last !== undefined && compareKubernetesVersions(version, last) > 0) {
        throw (0,errors/* invalidInput */.aY)('kubernetes-version', version, `has no EKS-optimized ${NODE_OS_PROFILES[os].displayName} AMI (AWS published them up to Kubernetes ${last})`, 'Use os: al2023, or name the parent with parent-image or parent-image-parameter.');
    }
    return { kind: 'parameter', name: eksOptimizedAmiParameter(os, version, architecture) };
}
function parsePinned(inputs, name, repository) {
    const value = inputs.optional(name);
    if (value === undefined)
        return undefined;
    const parsed = parsePinnedRef(value);
    if ('problem' in parsed) {
        throw (0,errors/* invalidInput */.aY)(name, value, parsed.problem, `Give a release tag of ansible-lockdown/${repository} or a full 40-character commit id.`);
    }
    return parsed;
}
function missingPinnedRef(name, repository) {
    return new errors/* ConfigurationError */.j1(`Input '${name}' is required when drydock creates the pipeline. Pin the ansible-lockdown/${repository} release tag or full commit to use; drydock never clones an unpinned branch.`);
}
function parseHardening(inputs, os) {
    const profile = NODE_OS_PROFILES[os];
    const roleVersion = parsePinned(inputs, 'cis-role-version', profile.benchmark);
    const auditVersion = parsePinned(inputs, 'cis-audit-version', `${profile.benchmark}-Audit`);
    const argumentsText = inputs.optional('ansible-extra-args');
    let ansibleArguments = profile.defaultAnsibleArguments;
    if (argumentsText !== undefined) {
        const fix = 'Pass only --extra-vars (inline JSON or key=value), --skip-tags, --tags, -v and --diff.';
        let words;
        try {
            words = splitShellWords(argumentsText);
        }
        catch (error) {
            throw (0,errors/* invalidInput */.aY)('ansible-extra-args', argumentsText, error.message, 'Close the quote or escape the character.');
        }
        const problem = ansibleArgumentsProblem(words);
        if (problem)
            throw (0,errors/* invalidInput */.aY)('ansible-extra-args', argumentsText, problem, fix);
        ansibleArguments = words;
    }
    const auditMinScore = inputs.integer('audit-min-score', 0, 0, 100);
    const auditReportBucket = optionalMatching(inputs, 'audit-report-bucket', BUCKET, 'is not an S3 bucket name', 'Give the bucket name only, such as my-audit-reports (no s3:// and no path).');
    return { roleVersion, auditVersion, ansibleArguments, auditMinScore, auditReportBucket };
}
function parseInfrastructure(inputs, architecture) {
    const instanceTypes = inputs.list('instance-types');
    for (const type of instanceTypes) {
        if (!INSTANCE_TYPE.test(type))
            throw (0,errors/* invalidInput */.aY)('instance-types', type, 'is not an EC2 instance type', 'Write types such as m6i.large or t4g.large.');
    }
    const profileText = inputs.optional('instance-profile');
    let instanceProfile;
    if (profileText !== undefined) {
        instanceProfile = PROFILE_ARN.exec(profileText)?.[1] ?? (PROFILE_NAME.test(profileText) ? profileText : undefined);
        if (instanceProfile === undefined) {
            throw (0,errors/* invalidInput */.aY)('instance-profile', profileText, 'is not an IAM instance profile name or ARN', 'Give the instance profile name, such as drydock-image-builder.');
        }
    }
    const subnetId = optionalMatching(inputs, 'subnet-id', SUBNET, 'is not a subnet id', 'Write it as subnet- followed by 8 or 17 hexadecimal digits.');
    const securityGroupIds = inputs.list('security-group-ids');
    for (const id of securityGroupIds) {
        if (!SECURITY_GROUP.test(id))
            throw (0,errors/* invalidInput */.aY)('security-group-ids', id, 'is not a security group id', 'Write ids as sg- followed by 8 or 17 hexadecimal digits.');
    }
    if (securityGroupIds.length > 0 && subnetId === undefined) {
        throw new errors/* ConfigurationError */.j1("Input 'security-group-ids' is set without 'subnet-id'. Security groups belong to a VPC, so Image Builder needs the subnet too: set subnet-id.");
    }
    return {
        instanceTypes: instanceTypes.length > 0 ? [...new Set(instanceTypes)] : [DEFAULT_INSTANCE_TYPES[architecture]],
        instanceProfile,
        ...(subnetId ? { subnetId } : {}),
        securityGroupIds: [...new Set(securityGroupIds)],
        terminateOnFailure: inputs.boolean('terminate-on-failure', true),
    };
}
function parseDistribution(inputs, buildRegion) {
    const amiNameTemplate = inputs.string('ami-name', DEFAULT_AMI_NAME_TEMPLATE);
    const regions = inputs.list('distribution-regions').map((region) => (0,core_inputs/* parseRegion */.cf)('distribution-regions', region));
    const launchPermissionAccounts = inputs.list('launch-permission-accounts');
    for (const account of launchPermissionAccounts) {
        if (!ACCOUNT.test(account)) {
            throw (0,errors/* invalidInput */.aY)('launch-permission-accounts', account, 'is not a 12-digit AWS account id', 'List account ids such as 123456789012.');
        }
    }
    // A Map, not an object literal: a key such as __proto__ must be a tag like any other, not the prototype.
    const amiTags = new Map();
    // One tag per line, as documented: EC2 tag values may contain commas, so a comma never separates tags.
    for (const entry of inputs.lines('ami-tags')) {
        const equals = entry.indexOf('=');
        const key = equals > 0 ? entry.slice(0, equals).trim() : '';
        // The value as stored: 'key = value' is accepted, so the spaces around '=' do not count against the 256.
        const value = entry.slice(equals + 1).trim();
        if (!key || key.length > 128 || value.length > 256) {
            throw (0,errors/* invalidInput */.aY)('ami-tags', entry, 'is not a key=value tag', 'Write one tag per line as key=value (keys up to 128, values up to 256 characters).');
        }
        // AWS reserves aws: in any case for its own tags; Image Builder refuses the key either way.
        if (/^aws:/i.test(key))
            throw (0,errors/* invalidInput */.aY)('ami-tags', key, "uses the prefix 'aws:', which AWS reserves for its own tags", 'Choose another key.');
        if (!TAG_KEY.test(key)) {
            throw (0,errors/* invalidInput */.aY)('ami-tags', key, 'has characters a tag key cannot contain', 'Use letters, digits, spaces and _ . : / + - @ in keys.');
        }
        if (amiTags.has(key))
            throw (0,errors/* invalidInput */.aY)('ami-tags', entry, `sets '${key}' a second time`, 'Give every key once');
        if (key.toLowerCase().startsWith('drydock:')) {
            throw (0,errors/* invalidInput */.aY)('ami-tags', key, "uses the reserved prefix 'drydock:'", 'drydock sets those tags itself; choose another key.');
        }
        amiTags.set(key, value);
    }
    const allowedTags = MAX_AMI_TAGS - DRYDOCK_AMI_TAG_KEYS.length;
    if (amiTags.size > allowedTags) {
        throw new errors/* ConfigurationError */.j1(`Input 'ami-tags' sets ${amiTags.size} tags, but an AMI takes at most ${MAX_AMI_TAGS} and drydock adds ${DRYDOCK_AMI_TAG_KEYS.length} of its own. Give at most ${allowedTags}.`);
    }
    return {
        amiNameTemplate,
        // The build region always receives the AMI; it comes first so that ami-id is the build region's.
        regions: [...new Set([buildRegion, ...regions])],
        launchPermissionAccounts: [...new Set(launchPermissionAccounts)],
        amiTags: Object.fromEntries(amiTags),
    };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/build-harden-ami/main.js









const createAwsClients = (region) => {
    const config = (0,client_config/* awsClientConfig */.rw)(region);
    return { imagebuilder: (0,client_config/* withCallNames */.D0)(new client_imagebuilder_dist_cjs.ImagebuilderClient(config)), ssm: (0,client_config/* withCallNames */.D0)(new client_ssm_dist_cjs/* SSMClient */.jBj(config)), ec2: (0,client_config/* withCallNames */.D0)(new dist_cjs/* EC2Client */.gu5(config)) };
};
function createBuildHardenAmi(createClients = createAwsClients) {
    return {
        name: 'build-harden-ami',
        parse: parseBuildHardenAmiInputs,
        run: (settings, context) => (settings.mode === 'check' ? runCheck(settings, context, createClients) : runBuild(settings, context, createClients)),
    };
}
const buildHardenAmi = createBuildHardenAmi();
async function runBuild(settings, context, createClients) {
    const clients = createClients(settings.region);
    let result;
    try {
        result = await buildHardenedImage(clients, { region: settings.region, pipeline: settings.pipeline, wait: settings.wait, timeoutMs: settings.timeoutMs }, {
            clock: context.clock,
            logger: context.logger,
            signal: context.signal,
            // Set at once: a timed-out or cancelled wait still tells the next step which image it was.
            onStarted: (imageArn) => {
                context.outputs.set('image-arn', imageArn);
                // For the summary of a step stopped before its own (a second cancel signal): the build may still be running.
                context.summary.recordChange(`image build ${imageArn} started in ${settings.region}`);
            },
            onChange: (change) => context.summary.recordChange(change),
        });
    }
    catch (error) {
        // A failed, timed-out or cancelled build, or one whose state could no longer be read (left running), still has an
        // image ARN, maybe an audit score: set what is known, then fail the step.
        if (error instanceof ImageBuildFailedError) {
            setBuildOutputs(context, error.result);
            summariseBuild(context.summary, settings, error.result, error.message);
        }
        throw error;
    }
    setBuildOutputs(context, result);
    summariseBuild(context.summary, settings, result);
}
function setBuildOutputs(context, result) {
    const { outputs } = context;
    outputs.set('image-arn', result.imageArn ?? '');
    outputs.set('ami-id', result.amiId ?? '');
    outputs.set('ami-ids', Object.keys(result.amiIds).length > 0 ? result.amiIds : '');
    outputs.set('parent-ami-id', result.parentAmiId ?? '');
    outputs.set('audit-score', result.audit ? String(result.audit.score) : '');
    outputs.set('findings', result.findings ? { ...result.findings } : '');
}
function summariseBuild(summary, settings, result, failure) {
    summary.heading(`build-harden-ami: ${settings.pipelineName}`);
    const status = result.image?.state?.status;
    if (failure)
        summary.text(failure);
    else if (!result.image)
        summary.text(`Started ${result.imageArn}; not waiting for it (wait: false).`);
    else
        summary.text(`${result.imageArn} is ${status} after ${(0,format/* formatElapsed */.C)(result.elapsedMs)}.`);
    if (result.parentAmiId) {
        const parent = result.parent;
        summary.text(`Parent AMI: ${result.parentAmiId}${parent?.name ? ` (${parent.name})` : ''}${parent?.parameter ? `, from ${parent.parameter}` : ''}.`);
    }
    const regions = Object.entries(result.amiIds);
    if (regions.length > 0)
        summary.table(['Region', 'AMI'], regions.map(([region, ami]) => [region, ami]));
    if (result.audit) {
        const audit = result.audit;
        summary.heading('CIS audit');
        summary.table(['Benchmark', 'Audit version', 'Score', 'Passed', 'Failed', 'Skipped', 'Minimum'], [[audit.benchmark, audit.auditVersion, `${audit.score}%`, String(audit.passed), String(audit.failed), String(audit.skipped), audit.minimum > 0 ? `${audit.minimum}%` : 'no gate']]);
    }
    if (result.findings) {
        const findings = result.findings;
        summary.heading('Inspector findings');
        summary.table(['Critical', 'High', 'Medium', 'All'], [[findings.critical, findings.high, findings.medium, findings.all].map(String)]);
    }
    const changed = result.changes.filter((change) => change.action !== 'reused');
    if (result.changes.length > 0) {
        summary.heading('Image Builder resources');
        summary.table(['Resource', 'Name', 'Version', 'Change'], result.changes.map((change) => [change.kind, change.name, change.version ?? '', change.action === 'reused' ? 'unchanged' : change.action]));
        if (changed.length === 0)
            summary.text('Nothing changed: every resource matched the inputs.');
    }
}
async function runCheck(settings, context, createClients) {
    const clients = createClients(settings.region);
    const current = await resolveParentImage(clients, settings.parent, settings.region);
    const pipeline = settings.pipelineArn
        ? { name: settings.pipelineName, arn: settings.pipelineArn, userGiven: true }
        : { name: settings.pipelineName, arn: await findPipelineArn(clients.imagebuilder, settings.pipelineName) };
    const report = await checkStaleness(clients.imagebuilder, pipeline, current, settings.region);
    context.logger.info(report.explanation);
    setCheckOutputs(context, report);
    summariseCheck(context.summary, settings, report);
}
function setCheckOutputs(context, report) {
    context.outputs.set('stale', String(report.stale));
    context.outputs.set('current-parent-ami', report.currentParent.amiId);
    context.outputs.set('built-from-parent-ami', report.builtFromParent ?? '');
    context.outputs.set('latest-ami-id', report.latestImage?.amiId ?? '');
}
function summariseCheck(summary, settings, report) {
    summary.heading(`build-harden-ami check: ${settings.pipelineName}`);
    summary.text(`${report.stale ? 'Stale' : 'Current'}: ${report.explanation}`);
    const current = report.currentParent;
    summary.table(['', 'AMI', 'Details'], [
        ['Recommended parent', current.amiId, [current.name, current.parameter].filter(Boolean).join(', ')],
        ['Built from', report.builtFromParent ?? '', report.latestImage ? `image ${report.latestImage.version}` : 'no image yet'],
        ['Newest hardened AMI', report.latestImage?.amiId ?? '', report.latestImage?.dateCreated ?? ''],
    ]);
}


/***/ }),

/***/ 9939:
/***/ ((module) => {

module.exports = /*#__PURE__*/JSON.parse('{"name":"@aws-sdk/client-imagebuilder","description":"AWS SDK for JavaScript Imagebuilder Client for Node.js, Browser and React Native","version":"3.1046.0","scripts":{"build":"concurrently \'yarn:build:types\' \'yarn:build:es\' && yarn build:cjs","build:cjs":"node ../../scripts/compilation/inline client-imagebuilder","build:es":"tsc -p tsconfig.es.json","build:include:deps":"yarn g:turbo run build -F=\\"$npm_package_name\\"","build:types":"tsc -p tsconfig.types.json","build:types:downlevel":"downlevel-dts dist-types dist-types/ts3.4","clean":"premove dist-cjs dist-es dist-types tsconfig.cjs.tsbuildinfo tsconfig.es.tsbuildinfo tsconfig.types.tsbuildinfo","extract:docs":"api-extractor run --local","generate:client":"node ../../scripts/generate-clients/single-service --solo imagebuilder","test:index":"tsc --noEmit ./test/index-types.ts && node ./test/index-objects.spec.mjs"},"main":"./dist-cjs/index.js","types":"./dist-types/index.d.ts","module":"./dist-es/index.js","sideEffects":false,"dependencies":{"@aws-crypto/sha256-browser":"5.2.0","@aws-crypto/sha256-js":"5.2.0","@aws-sdk/core":"^3.974.9","@aws-sdk/credential-provider-node":"^3.972.40","@aws-sdk/middleware-host-header":"^3.972.11","@aws-sdk/middleware-logger":"^3.972.10","@aws-sdk/middleware-recursion-detection":"^3.972.12","@aws-sdk/middleware-user-agent":"^3.972.39","@aws-sdk/region-config-resolver":"^3.972.14","@aws-sdk/types":"^3.973.8","@aws-sdk/util-endpoints":"^3.996.9","@aws-sdk/util-user-agent-browser":"^3.972.11","@aws-sdk/util-user-agent-node":"^3.973.25","@smithy/core":"^3.24.1","@smithy/fetch-http-handler":"^5.4.1","@smithy/node-http-handler":"^4.7.1","@smithy/types":"^4.14.1","tslib":"^2.6.2"},"devDependencies":{"@tsconfig/node20":"20.1.8","@types/node":"^20.14.8","concurrently":"7.0.0","downlevel-dts":"0.10.1","premove":"4.0.0","typescript":"~5.8.3"},"engines":{"node":">=20.0.0"},"typesVersions":{"<4.5":{"dist-types/*":["dist-types/ts3.4/*"]}},"files":["dist-*/**"],"author":{"name":"AWS SDK for JavaScript Team","url":"https://aws.amazon.com/javascript/"},"license":"Apache-2.0","browser":{"./dist-es/runtimeConfig":"./dist-es/runtimeConfig.browser"},"react-native":{"./dist-es/runtimeConfig":"./dist-es/runtimeConfig.native"},"homepage":"https://github.com/aws/aws-sdk-js-v3/tree/main/clients/client-imagebuilder","repository":{"type":"git","url":"https://github.com/aws/aws-sdk-js-v3.git","directory":"clients/client-imagebuilder"}}');

/***/ })

};
