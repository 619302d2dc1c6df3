package dev.quell.schemas.json;

/** One thing wrong with a payload: where (a JSON pointer, RFC 6901) and what. */
public record PayloadProblem(String pointer, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
    }
}
