package dev.quell.schemas.json;

import java.util.List;

/**
 * Outside input that Quell refuses, with every problem found, each naming the field by JSON
 * pointer ({@code ""} is the whole document). Checked, so that every caller decides what a
 * refusal becomes: a 4xx answer, a dead letter.
 */
public class PayloadException extends Exception {

    /** The most problems the message names; {@link #problems()} has them all. */
    static final int DESCRIBED = 10;

    private final List<PayloadProblem> problems;

    public PayloadException(List<PayloadProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PayloadException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public PayloadException(String pointer, String message) {
        this(List.of(new PayloadProblem(pointer, message)));
    }

    public List<PayloadProblem> problems() {
        return problems;
    }

    /** The pointer of the first problem: the field a one-line error names. */
    public String pointer() {
        return problems.get(0).pointer();
    }

    /** The first {@value #DESCRIBED} problems, and how many more there were. */
    private static String describe(List<PayloadProblem> problems) {
        StringBuilder text = new StringBuilder();
        for (PayloadProblem problem : problems.subList(0, Math.min(problems.size(), DESCRIBED))) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(problem);
        }
        if (problems.size() > DESCRIBED) {
            text.append("; and ").append(problems.size() - DESCRIBED).append(" more");
        }
        return text.toString();
    }
}
