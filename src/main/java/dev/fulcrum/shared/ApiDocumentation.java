package dev.fulcrum.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description at {@code /v3/api-docs} and Swagger UI: Fulcrum's title, version and description, the API
 * key as a bearer security scheme (so that Swagger UI's Authorize button sends it), one tag per module, and example
 * bodies for the main requests. Examples live here rather than on each controller so that they read as one tour.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String SECURITY_SCHEME = "apiKey";

    /** Module package to tag name and description, in the order Swagger UI lists them. */
    static final Map<String, String[]> MODULE_TAGS = moduleTags();

    static final String PLATFORM_TAG = "Platform";

    private static Map<String, String[]> moduleTags() {
        Map<String, String[]> tags = new LinkedHashMap<>();
        tags.put("order", new String[] {
            "Orders", "Place orders and move them on: pay, hold, release, cancel, ship, deliver; flows"
        });
        tags.put("channels", new String[] {
            "Channels", "Channel connections, webhooks from Shopify and WooCommerce, imports, quarantine"
        });
        tags.put("catalog", new String[] {"Catalogue", "Items and the attributes that affect fulfilment"});
        tags.put("inventory", new String[] {"Inventory", "Locations, stock feeds and adjustments, availability"});
        tags.put("sourcing", new String[] {
            "Sourcing", "Sourcing decisions, profiles, carriers and rate cards, batches, simulations"
        });
        tags.put("events", new String[] {"Events", "The public event log, live stream, webhook subscriptions, usage"});
        tags.put("access", new String[] {"Access", "API keys and console users of the caller's tenant"});
        return tags;
    }

    @Bean
    OpenAPI fulcrumOpenApi() {
        String version = ApiDocumentation.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("Fulcrum order hub API")
                        // Outside the built jar there is no manifest; the pom's version is what runs then.
                        .version(version == null ? "0.1.0-SNAPSHOT" : version)
                        .description("""
                                Fulcrum takes orders from every sales channel into one canonical order, routes each \
                                paid order to locations and carriers, and publishes every change as an event.

                                Authenticate with an API key as `Authorization: Bearer fk_…` (use **Authorize**). \
                                A key holds scopes such as `orders:read` or `orders:write`, or `admin`; a missing or \
                                wrong key is 401, a missing scope 403, and every error is an RFC 9457 problem detail \
                                naming the field and the reason. Creates honour an `Idempotency-Key` header.

                                Every request is capped: bodies at 10 MB (imports 200 MB), page sizes at their \
                                `maximum`, ids, items and rows per call as each operation says. A request over a cap \
                                is refused up front with 400 or 413 naming the field, the cap and what was sent \
                                (docs/guide/limits.md).""")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                SECURITY_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("fk_<prefix>_<secret>")
                                        .description("An API key, printed at first start or created at "
                                                + "POST /api/v1/api-keys")))
                .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
    }

    /** Tags every operation with its module, derived from the package of the controller that serves it. */
    @Bean
    OperationCustomizer operationTags() {
        return (operation, handler) -> {
            String tag = tagFor(
                    handler.getBeanType().getPackageName(),
                    handler.getBeanType().getSimpleName());
            if (tag != null) {
                operation.setTags(new ArrayList<>(List.of(tag)));
            }
            return operation;
        };
    }

    static @Nullable String tagFor(String packageName, String controller) {
        if (controller.startsWith("Platform")) {
            return PLATFORM_TAG;
        }
        String rest = packageName.startsWith("dev.fulcrum.") ? packageName.substring("dev.fulcrum.".length()) : "";
        int dot = rest.indexOf('.');
        String[] tag = MODULE_TAGS.get(dot < 0 ? rest : rest.substring(0, dot));
        return tag == null ? null : tag[0];
    }

    /**
     * Money, Sku and LocationId are records in Java but plain strings on the wire ({@link MoneyJson}, {@code @JsonValue}):
     * their schemas say what the wire carries.
     */
    @Bean
    OpenApiCustomizer valuesWrittenAsStrings() {
        return openApi -> {
            Components components = openApi.getComponents();
            if (components == null || components.getSchemas() == null) {
                return;
            }
            @SuppressWarnings("rawtypes") // swagger-models declares the schema map with the raw type
            Map<String, io.swagger.v3.oas.models.media.Schema> schemas = components.getSchemas();
            schemas.computeIfPresent(
                    "Money",
                    (name, schema) -> new io.swagger.v3.oas.models.media.StringSchema()
                            .description("A decimal amount with the currency's own minor unit, in the currency of the "
                                    + "enclosing object: \"113.00\" CNY, \"1500\" JPY, \"12.345\" KWD")
                            .example("113.00"));
            schemas.computeIfPresent(
                    "Sku",
                    (name, schema) -> new io.swagger.v3.oas.models.media.StringSchema()
                            .description("A stock keeping unit")
                            .example("TEA-001"));
            schemas.computeIfPresent(
                    "LocationId",
                    (name, schema) -> new io.swagger.v3.oas.models.media.StringSchema()
                            .description("A stock location id")
                            .example("WH-SH"));
        };
    }

    /** Replaces the per-controller tags by the module tags, and adds the example bodies. */
    @Bean
    OpenApiCustomizer tagsAndExamples(JsonMapper json) {
        return openApi -> {
            List<Tag> tags = new ArrayList<>();
            MODULE_TAGS.values().forEach(tag -> tags.add(new Tag().name(tag[0]).description(tag[1])));
            tags.add(new Tag().name(PLATFORM_TAG).description("Tenants of the installation, for platform admins"));
            openApi.setTags(tags);
            if (openApi.getPaths() == null) {
                return;
            }
            ApiExamples.REQUESTS.forEach((key, example) -> {
                String[] methodAndPath = key.split(" ", 2);
                PathItem path = openApi.getPaths().get(methodAndPath[1]);
                Operation operation = path == null ? null : operationOf(path, methodAndPath[0]);
                if (operation != null) {
                    addExample(operation, example, json);
                }
            });
        };
    }

    private static @Nullable Operation operationOf(PathItem path, String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "POST" -> path.getPost();
            case "PUT" -> path.getPut();
            case "PATCH" -> path.getPatch();
            default -> null;
        };
    }

    private static void addExample(Operation operation, ApiExamples.RequestExample example, JsonMapper json) {
        RequestBody body = operation.getRequestBody() == null ? new RequestBody() : operation.getRequestBody();
        Content content = body.getContent() == null ? new Content() : body.getContent();
        MediaType media = content.get(example.mediaType());
        if (media == null) {
            media = new MediaType();
            content.addMediaType(example.mediaType(), media);
        }
        // Plain maps and lists: the OpenAPI model is written by swagger-core's own JSON library, not Fulcrum's.
        Object value =
                example.mediaType().contains("json") ? json.readValue(example.body(), Object.class) : example.body();
        media.addExamples(
                example.name(), new Example().summary(example.summary()).value(value));
        body.setContent(content);
        operation.setRequestBody(body);
    }
}
