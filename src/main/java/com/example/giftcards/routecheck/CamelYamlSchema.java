package com.example.giftcards.routecheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

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
        relaxScalarTypes(document);
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

    /**
     * The type an option wants as Camel's schema says it ("number", "boolean", "string", "object", ...), from the location
     * of a keyword of its schema (its "type", or the placeholder "pattern" added by {@link #relaxScalarTypes}).
     */
    String expectedType(SchemaLocation keywordLocation) {
        NodePath fragment = keywordLocation.getFragment();
        JsonNode node = document;
        for (int i = 0; i < fragment.getNameCount() - 1; i++) { // up to the schema that holds the keyword
            Object segment = fragment.getElement(i);
            node = segment instanceof Integer index ? node.path(index) : node.path(String.valueOf(segment));
        }
        return typeOf(node);
    }

    /** The type of a schema, following a $ref; the first of a list, which is the one Camel's schema gave. */
    String typeOf(JsonNode schemaNode) {
        for (int depth = 0; schemaNode.has("$ref") && depth < 12; depth++) {
            String ref = schemaNode.get("$ref").asText();
            schemaNode = document.path("items").path("definitions").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        JsonNode type = schemaNode.path("type");
        return type.isArray() ? type.path(0).asText("") : type.asText("");
    }

    /**
     * Where the schema is stricter than Camel about scalar types, it is relaxed to what Camel accepts, so that only real
     * mistakes are reported:
     * <ul>
     * <li>{"type": "number"} becomes {"type": ["number", "string"], "pattern": PLACEHOLDER_ONLY} (the same for
     * boolean): a number, or a whole {{placeholder}}, which Camel resolves before it converts the value; any other text,
     * such as "3", is still an error;</li>
     * <li>{"type": "string"} also takes a number or a boolean ({@code timePeriodMillis: 1000}, {@code constant: 3}):
     * the YAML DSL reads every scalar as text for such options.</li>
     * </ul>
     */
    private static void relaxScalarTypes(JsonNode node) {
        JsonNode type = node.get("type");
        if (node instanceof ObjectNode object && type != null && type.isTextual()) {
            switch (type.asText()) {
                case "number", "boolean" -> {
                    object.putArray("type").add(type.asText()).add("string");
                    object.put("pattern", PLACEHOLDER_ONLY);
                }
                case "string" -> object.putArray("type").add("string").add("number").add("boolean");
                default -> {
                    // objects and arrays as they are
                }
            }
        }
        node.forEach(CamelYamlSchema::relaxScalarTypes); // the values of an object, the items of an array
    }
}
