package dev.quell.remediator.app;

import io.micronaut.runtime.Micronaut;

/** Runs the remediator alone: {@code java -jar quell-remediator.jar}. */
public final class RemediatorApplication {

    private RemediatorApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(RemediatorApplication.class, args);
    }
}
