package dev.quell.standalone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Lets tests in other packages run Quell in-process on an existing broker, as {@code quell up --bootstrap-servers} does. */
public final class QuellRuntimeAccess {

    private QuellRuntimeAccess() {
    }

    /** The URL a started Quell printed on its console ({@code   HTTP:   http://127.0.0.1:PORT}). */
    public static String httpUrl(ByteArrayOutputStream console) {
        return console.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("  HTTP:"))
                .findFirst().orElseThrow().substring("  HTTP:".length()).trim();
    }

    /** The route table a started Quell printed on its console, {@code METHOD /path} each. */
    public static List<String> routes(ByteArrayOutputStream console) {
        return console.toString(StandardCharsets.UTF_8).lines().filter(line -> line.matches("\\s{10}[A-Z]+ /.*"))
                .map(String::trim).toList();
    }

    /** Started; closing it stops Quell. One partition a topic, an ephemeral HTTP port. */
    public static AutoCloseable start(String bootstrap, Path dataDir, String topicPrefix, Path config, PrintStream console)
            throws Exception {
        QuellRuntime runtime = new QuellRuntime(new StandaloneSettings(bootstrap, dataDir, 0, 1, topicPrefix, null, 0, config),
                console);
        try {
            runtime.start();
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }
}
