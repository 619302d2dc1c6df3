package dev.quell.indexer.app;

import io.micronaut.runtime.Micronaut;

/** Runs the indexer alone: {@code java -jar quell-indexer.jar}. */
public final class IndexerApplication {

    private IndexerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(IndexerApplication.class, args);
    }
}
