package org.silkroad.chaincode.shared;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.hyperledger.fabric.shim.ChaincodeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON mapper of the chaincode: every transaction argument, result, state value and event payload goes through
 * it.
 *
 * <p>Endorsing peers of different states must produce identical bytes, so the output is canonical for a given value:
 * object properties and map keys sorted, no whitespace, nulls left out. Input is strict, because a lenient parse is a
 * second meaning of the same request: unknown properties, duplicate keys, trailing content, numbers where text is
 * expected and text where numbers are expected are all rejected. Floating point is rejected in both directions: money
 * is integer minor units, and a float in a ledger record is a defect.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .changeDefaultPropertyInclusion(inclusion -> inclusion
                    .withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .withCoercionConfig(LogicalType.Textual, textual -> textual
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(noFloatingPoint())
            .build();

    private Json() {}

    /**
     * Writes a value as canonical JSON.
     *
     * @param value a record, map, list or scalar of this chaincode
     * @return the JSON text
     * @throws IllegalArgumentException when the value cannot be written (a defect: e.g. it holds floating point)
     */
    public static String write(Object value) {
        return new String(bytes(value), UTF_8);
    }

    /**
     * Writes a value as canonical JSON in UTF-8, the form stored in state and sent in events.
     *
     * @param value a record, map, list or scalar of this chaincode
     * @return the UTF-8 bytes of the JSON text
     * @throws IllegalArgumentException when the value cannot be written (a defect: e.g. it holds floating point)
     */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * Reads a transaction argument supplied by the caller.
     *
     * @param json the argument text
     * @param type the record it must be
     * @param <T> the type
     * @return the value, never null
     * @throws ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when the text is not valid JSON for the type, or
     *     the code the type's constructor threw while checking its invariants
     */
    public static <T> T parseArgument(String json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (json == null || json.isBlank()) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is required, got no JSON", type.getSimpleName());
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            ChaincodeException ruleBroken = ruleBrokenIn(e);
            if (ruleBroken != null) {
                throw ruleBroken;
            }
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s is not valid JSON for it: %s", type.getSimpleName(), e.getOriginalMessage());
        }
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s must be a JSON object, got null", type.getSimpleName());
        }
        return value;
    }

    /**
     * Reads a value this chaincode stored earlier.
     *
     * @param stored the state value
     * @param type the record it was written from
     * @param key the state key, for the error message
     * @param <T> the type
     * @return the value
     * @throws ChaincodeException {@link LedgerError#INTERNAL} when the stored bytes do not read as the type
     */
    public static <T> T parseState(byte[] stored, Class<T> type, String key) {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(type, "type");
        try {
            T value = MAPPER.readValue(stored, type);
            if (value == null) {
                throw LedgerError.INTERNAL.exception("state %s holds null, expected a %s", printable(key), type.getSimpleName());
            }
            return value;
        } catch (JacksonException e) {
            throw LedgerError.INTERNAL.exception(
                    "state %s does not read as a %s: %s", printable(key), type.getSimpleName(), e.getOriginalMessage());
        }
    }

    /** A composite key starts and is separated by U+0000, which a message had better show. */
    private static String printable(String key) {
        return String.valueOf(key).replace('\u0000', '/');
    }

    /** A record that checks its invariants throws a {@link LedgerError} exception, which Jackson wraps. */
    private static ChaincodeException ruleBrokenIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChaincodeException ce) {
                return ce;
            }
        }
        return null;
    }

    private static SimpleModule noFloatingPoint() {
        ValueSerializer<Number> refuseWrite = new ValueSerializer<>() {
            @Override
            public void serialize(Number value, JsonGenerator gen, SerializationContext ctxt) {
                throw new IllegalArgumentException("floating point is not written to the ledger: " + value);
            }
        };
        SimpleModule module = new SimpleModule("silkroad-no-floating-point");
        module.addSerializer(Double.class, refuseWrite);
        module.addSerializer(double.class, refuseWrite);
        module.addSerializer(Float.class, refuseWrite);
        module.addSerializer(float.class, refuseWrite);
        module.addDeserializer(Double.class, refuseRead());
        module.addDeserializer(double.class, refuseRead());
        module.addDeserializer(Float.class, refuseRead());
        module.addDeserializer(float.class, refuseRead());
        return module;
    }

    @SuppressWarnings("unchecked")
    private static <T> ValueDeserializer<T> refuseRead() {
        return (ValueDeserializer<T>) new ValueDeserializer<Object>() {
            @Override
            public Object deserialize(JsonParser p, DeserializationContext ctxt) {
                return ctxt.reportInputMismatch(this, "floating point is not accepted; use integer minor units");
            }
        };
    }
}
