package com.example.giftcards.giftcard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The strict Jackson mapper the intake unmarshals with (referenced by name from the routes): duplicate keys,
 * trailing garbage, absurd nesting and absurd numbers are errors, not guesses.
 */
@Configuration(proxyBeanMethods = false)
public class VoucherifyJson {

    static final int MAX_NESTING_DEPTH = 64;

    /**
     * For the routes, by name. Not an autowire candidate: it must not replace Spring Boot's own ObjectMapper
     * (Actuator, the dev views), which serves a different purpose.
     */
    @Bean(autowireCandidate = false)
    public ObjectMapper voucherifyObjectMapper() {
        return strictMapper();
    }

    public static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS) // overflow is seen, never wrapped
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(100)
                .build());
        mapper.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return mapper;
    }
}
