package dev.quell.standalone;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What a {@code quell} command run in this JVM printed on its out and err, and its exit code. */
record CommandRun(int exit, String out, String err) {

    static CommandRun quell(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
