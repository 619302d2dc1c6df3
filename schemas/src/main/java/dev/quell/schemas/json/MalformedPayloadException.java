package dev.quell.schemas.json;

/**
 * A payload that cannot be read as JSON at all (syntax, or past a size or depth limit), as
 * opposed to readable JSON that breaks its schema. HTTP answers the first with 400, the second
 * with 422.
 */
public class MalformedPayloadException extends PayloadException {

    public MalformedPayloadException(String pointer, String message) {
        super(pointer, message);
    }
}
