package dev.quell.service.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * {@code jvm_compilation_time_ms_total}: the time the JIT compilers have spent, beside the JVM metrics
 * Micronaut binds itself. After a start the JIT takes a large share of the CPU for a minute or more
 * (docs/benchmarks.md), which is when latencies are highest; this counter shows when it has settled.
 */
@Factory
class JvmCompilationMetricsFactory {

    @Singleton
    MeterBinder jvmCompilationMetrics() {
        return new JvmCompilationMetrics();
    }
}
