package dev.quell.streams.app;

import io.micronaut.runtime.Micronaut;

/** Runs the streams service alone: {@code java -jar quell-streams.jar}. */
public final class StreamsApplication {

    private StreamsApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(StreamsApplication.class, args);
    }
}
