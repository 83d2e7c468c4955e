package com.example.giftcards.routecheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;

/**
 * The Camel YAML DSL JSON schema that ships in the camel-yaml-dsl jar, so it always matches the Camel version that
 * loads the routes. Loaded and compiled once per JVM (a few hundred milliseconds).
 */
final class CamelYamlSchema {

    static final String RESOURCE = "schema/camelYamlDsl.json";

    /**
     * A whole value that is one property placeholder, such as {@code "{{gift.legs.consumers}}"}. Camel resolves it before
     * it converts the value, so it is accepted where the schema wants a number or a boolean. Any other text there (such
     * as {@code "3"}) is still an error.
     */
    static final String PLACEHOLDER_ONLY = "^\\{\\{[^{}]+\\}\\}$";

    private static volatile CamelYamlSchema instance;

    private final JsonNode definitions;
    private final JsonNode entrySchema;
    private final JsonNode document;
    private final Schema schema;

    private CamelYamlSchema(JsonNode document) {
        this.definitions = document.path("items").path("definitions").deepCopy();
        this.entrySchema = ((ObjectNode) document.path("items").deepCopy()).without("definitions");
        allowPlaceholders(document);
        this.document = document;
        // "deprecated" is Camel's own annotation; declared so that the validator does not warn about it on every run
        Dialect draft4 = Dialect.builder(Dialects.getDraft4()).keyword(new NonValidationKeyword("deprecated")).build();
        this.schema = SchemaRegistry.withDialect(draft4).getSchema(document);
        this.schema.initializeValidators(); // resolve every $ref now, not during the first validation
    }

    static CamelYamlSchema get() {
        CamelYamlSchema loaded = instance;
        if (loaded == null) {
            synchronized (CamelYamlSchema.class) {
                loaded = instance;
                if (loaded == null) {
                    instance = loaded = new CamelYamlSchema(read());
                }
            }
        }
        return loaded;
    }

    private static JsonNode read() {
        try (InputStream in = CamelYamlSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (it comes with camel-yaml-dsl)");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** Every violation, as the validator reports them (oneOf/anyOf failures not yet narrowed down, see SchemaCheck). */
    List<Error> validate(JsonNode routeFile) {
        return schema.validate(routeFile);
    }

    /** The schema's definitions by name (org.apache.camel.model.LogDefinition, ...), unchanged. */
    JsonNode definitions() {
        return definitions;
    }

    /** The schema of one entry of a route file (route, routeConfiguration, from, ...), unchanged. */
    JsonNode entrySchema() {
        return entrySchema;
    }

    /** The type ("number", "boolean") an option wants, from the location of its placeholder pattern in the schema. */
    String expectedType(SchemaLocation patternLocation) {
        NodePath fragment = patternLocation.getFragment();
        JsonNode node = document;
        for (int i = 0; i < fragment.getNameCount() - 1; i++) { // the last segment is "pattern"
            Object segment = fragment.getElement(i);
            node = segment instanceof Integer index ? node.path(index) : node.path(String.valueOf(segment));
        }
        return node.path("type").path(0).asText("value");
    }

    /** {"type": "number"} becomes {"type": ["number", "string"], "pattern": PLACEHOLDER_ONLY}; the same for boolean. */
    private static void allowPlaceholders(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isTextual() && (type.asText().equals("number") || type.asText().equals("boolean"))
                    && !object.has("pattern")) {
                object.putArray("type").add(type.asText()).add("string");
                object.put("pattern", PLACEHOLDER_ONLY);
            }
        }
        if (node.isContainerNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                allowPlaceholders(fields.next().getValue());
            }
            if (node.isArray()) {
                node.forEach(CamelYamlSchema::allowPlaceholders);
            }
        }
    }
}
