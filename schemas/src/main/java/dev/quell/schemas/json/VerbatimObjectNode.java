package dev.quell.schemas.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonGeneratorImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object read from outside that is written out again as the very bytes it was read from,
 * not serialized anew from its tree. A shipped log document travels whole in its
 * {@code LogEvent} ({@code original}); writing its tree again was a sixth of reading and writing a
 * log line (JMH, 2026-12-06). The bytes are also truer to "the document as shipped": numbers keep
 * their digits, strings their escapes.
 *
 * <p>It is read-only. Its own fields cannot be changed (the map is unmodifiable); its nested nodes
 * are the parsed tree's and must not be changed either, since a change would not be written.
 * {@link #deepCopy()} gives an ordinary, changeable copy.
 *
 * <p>Only a plain JSON generator writes the bytes (no pretty printer, no escaping of non-ASCII, no
 * custom escapes); any other generator serializes the tree as for any {@link ObjectNode}.
 */
public final class VerbatimObjectNode extends ObjectNode {

    private final byte[] json;

    private VerbatimObjectNode(ObjectNode parsed, byte[] json) {
        super(JsonNodeFactory.instance, Collections.unmodifiableMap(childrenOf(parsed)));
        this.json = json;
    }

    /**
     * The parsed object, written as {@code json} from now on — or {@code parsed} itself when
     * {@code json} is not a well-formed UTF-8 object (a byte order mark, UTF-16 or UTF-32, bytes
     * that are not UTF-8).
     *
     * @param parsed the object read from exactly {@code json}, by the same reader that checks that
     *               nothing but whitespace follows it ({@link BoundedJsonReader})
     * @param json   the bytes {@code parsed} was read from: one JSON object, maybe with whitespace
     *               around it
     */
    public static ObjectNode of(ObjectNode parsed, byte[] json) {
        int start = 0;
        int end = json.length;
        while (start < end && isWhitespace(json[start])) {
            start++;
        }
        while (end > start && isWhitespace(json[end - 1])) {
            end--;
        }
        // In UTF-16 or UTF-32, or after a byte order mark, the first or the last byte is not a brace:
        // Jackson reads those encodings too, but their bytes are not JSON text inside a UTF-8 record.
        // Jackson also takes some bytes that are not UTF-8 (overlong forms, surrogates): those keep
        // the tree, which Jackson writes as it always has.
        if (end - start < 2 || json[start] != '{' || json[end - 1] != '}' || !isWellFormedUtf8(json, start, end)) {
            return parsed;
        }
        return new VerbatimObjectNode(parsed, start == 0 && end == json.length ? json : Arrays.copyOfRange(json, start, end));
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (writesPlainJson(generator)) {
            generator.writeRawValue(new Utf8Bytes(json));
        } else {
            super.serialize(generator, provider);
        }
    }

    /** The document as it was read (less the whitespace around it). */
    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing past U+10FFFF. */
    static boolean isWellFormedUtf8(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int continuations = lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2
                    : lead >= 0xF0 && lead <= 0xF4 ? 3 : 0;
            if (continuations == 0 || i + continuations >= to) {
                return false;
            }
            int codePoint = lead & (0x3F >> continuations);
            for (int k = 1; k <= continuations; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return false;
                }
                codePoint = codePoint << 6 | next & 0x3F;
            }
            if (continuations == 2 && (codePoint < 0x800 || codePoint >= 0xD800 && codePoint <= 0xDFFF)
                    || continuations == 3 && (codePoint < 0x10000 || codePoint > 0x10FFFF)) {
                return false;
            }
            i += continuations + 1;
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    @SuppressWarnings("deprecation") // JsonGenerator.Feature.ESCAPE_NON_ASCII is how a generator says it, in 2.x
    private static boolean writesPlainJson(JsonGenerator generator) {
        return generator instanceof JsonGeneratorImpl json
                && json.getPrettyPrinter() == null
                && json.getCharacterEscapes() == null
                && !json.isEnabled(JsonGenerator.Feature.ESCAPE_NON_ASCII);
    }

    private static Map<String, JsonNode> childrenOf(ObjectNode parsed) {
        Map<String, JsonNode> children = new LinkedHashMap<>();
        parsed.properties().forEach(field -> children.put(field.getKey(), field.getValue()));
        return children;
    }

    /**
     * The object's bytes as a raw value for {@link JsonGenerator#writeRawValue(SerializableString)}:
     * a UTF-8 generator copies them as they are; a character generator gets them decoded.
     */
    private static final class Utf8Bytes implements SerializableString {

        private final byte[] utf8;
        private SerializedString text;

        Utf8Bytes(byte[] utf8) {
            this.utf8 = utf8;
        }

        private SerializedString text() {
            if (text == null) {
                text = new SerializedString(new String(utf8, StandardCharsets.UTF_8));
            }
            return text;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public String getValue() {
            return text().getValue();
        }

        @Override
        public int charLength() {
            return text().charLength();
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return text().putQuotedUTF8(buffer);
        }
    }
}
