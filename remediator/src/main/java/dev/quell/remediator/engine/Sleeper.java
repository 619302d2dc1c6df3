package dev.quell.remediator.engine;

import java.time.Duration;

/** Waiting between two checks of an action's success condition; tests use one that moves a fake clock. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(duration.toNanos());
}
