package org.silkroad.gateway.shared;

import java.util.List;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The generated OpenAPI document ({@code /v3/api-docs}): the API-key scheme, required by every operation, and the
 * problem-detail body of every 4xx/5xx answer.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Silkroad gateway", version = "v1",
                description = "A member state's REST gateway to the Silkroad ledger. Each caller acts as its own "
                        + "Fabric identity. Errors are RFC 9457 problem details with a stable `code`."),
        security = @SecurityRequirement(name = OpenApiConfiguration.API_KEY))
@SecurityScheme(name = OpenApiConfiguration.API_KEY, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = ApiKeyAuthenticationFilter.HEADER,
        description = "The caller's API key; the gateway stores only its SHA-256.")
class OpenApiConfiguration {

    static final String API_KEY = "apiKey";
    private static final String PROBLEM = "Problem";

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                operation.getResponses().addApiResponse("4XX", problem(
                        "Refused: see `code` (UNAUTHENTICATED, VALIDATION_FAILED, MALFORMED_REQUEST, or the "
                                + "chaincode's code such as NOT_FOUND, FORBIDDEN, CONFLICT; COMMIT_FAILED with "
                                + "`validationCode`)"));
                operation.getResponses().addApiResponse("5XX", problem(
                        "Failed: see `code` (LEDGER_UNAVAILABLE and LEDGER_TIMEOUT are retryable with the same "
                                + "request ID; LEDGER_ERROR, CHAINCODE_ERROR, INTERNAL_ERROR)"));
            }));
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem detail")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("stable error code"))
                .addProperty("transactionId", new StringSchema().description("the Fabric transaction concerned"))
                .addProperty("retryable", new BooleanSchema())
                .addProperty("validationCode", new StringSchema().description("Fabric commit validation code"))
                .required(List.of("status", "code"));
    }
}
