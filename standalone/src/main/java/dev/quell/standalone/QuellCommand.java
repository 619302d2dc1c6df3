package dev.quell.standalone;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code quell}: the command line of a Quell checkout or distribution. */
@Command(
        name = "quell",
        mixinStandardHelpOptions = true,
        versionProvider = QuellVersion.class,
        description = "Kafka-native alert correlation and bounded auto-remediation.",
        subcommands = {UpCommand.class, BrokerCommand.class, TopicsCommand.class, DemoCommand.class, TailCommand.class, ReplayCommand.class,
            StatusCommand.class, IncidentCommands.ListIncidents.class, IncidentCommands.ShowIncident.class, ApprovalsCommand.class,
            ControlCommands.Approve.class, ControlCommands.Reject.class, ControlCommands.Pause.class, ControlCommands.Resume.class,
            CommandLine.HelpCommand.class})
public final class QuellCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The service jars on the classpath carry their own logback.xml for when they run alone.
        System.setProperty("logback.configurationFile", "quell-logback.xml");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new QuellCommand())
                .setExecutionExceptionHandler(QuellCommand::reportFailure);
    }

    /** A failure after the arguments were accepted: one line for the user, the whole story in the log. */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(QuellCommand.class).error("{} failed", commandLine.getCommandName(), failure);
        commandLine.getErr().println(commandLine.getColorScheme().errorText(
                "quell " + commandLine.getCommandName() + ": " + failure.getMessage()));
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
