package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QuellCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldListEveryCommandInItsHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: quell", "up", "broker", "topics", "tail", "incidents", "incident", "approvals", "approve", "reject", "pause", "resume", "help");
    }

    @Test
    void shouldHaveEveryCommandInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String name : QuellCommand.commandLine().getSubcommands().keySet()) {
            if (!name.equals("help")) {
                assertThat(Pattern.compile("\\./quell " + name + "\\b").matcher(readme).find()).as("./quell " + name).isTrue();
            }
        }
    }

    @Test
    void shouldRefuseATopicTailDoesNotKnow() {
        assertThat(run("tail", "nonsense", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("TOPIC must be one of alerts, deadletter, incidents, logs, remediations");
    }

    @Test
    void shouldSayWhenTheRunningQuellCannotBeReached() {
        assertThat(run("pause", "--url", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach Quell at http://127.0.0.1:1");
    }

    @Test
    void shouldDescribeEveryOptionOfUp() {
        assertThat(run("up", "--help")).isZero();
        assertThat(out.toString()).contains("--bootstrap-servers", "--data-dir", "--kafka-port", "--partitions",
                "--topic-prefix", "--replication-factor");
    }

    @Test
    void shouldNameTheOptionOfAMalformedBootstrapAddress() {
        assertThat(run("up", "--bootstrap-servers", "localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers must be HOST:PORT");
    }

    @Test
    void shouldNameTheOptionOfAnImpossiblePartitionCount() {
        assertThat(run("up", "--partitions", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--partitions must be at least 1");
    }

    @Test
    void shouldRefuseAnUnknownCommand() {
        assertThat(run("explode")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }
}
