package dev.quell.ingest;

import io.micronaut.runtime.Micronaut;

/** Runs the ingest service alone: {@code java -jar quell-ingest.jar}. */
public final class IngestApplication {

    private IngestApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(IngestApplication.class, args);
    }
}
