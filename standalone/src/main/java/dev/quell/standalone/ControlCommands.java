package dev.quell.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The on-call engineer's controls of a running remediator: approve, reject, pause, resume. */
final class ControlCommands {

    private ControlCommands() {
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a remediation waiting for approval (the id of its awaiting_approval event).")
    static final class Approve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RemoteCall remote;
        @Parameters(paramLabel = "ID", description = "The id of the awaiting_approval event.")
        String id;

        @Override
        public Integer call() {
            return remote.post(spec.commandLine(), "/api/v1/remediations/" + id + "/approve");
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a remediation waiting for approval (the id of its awaiting_approval event).")
    static final class Reject implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RemoteCall remote;
        @Parameters(paramLabel = "ID", description = "The id of the awaiting_approval event.")
        String id;

        @Override
        public Integer call() {
            return remote.post(spec.commandLine(), "/api/v1/remediations/" + id + "/reject");
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop every automatic action until resumed (kept across restarts).")
    static final class Pause implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RemoteCall remote;

        @Override
        public Integer call() {
            return remote.post(spec.commandLine(), "/api/v1/remediator/pause");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Let automatic actions run again.")
    static final class Resume implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RemoteCall remote;

        @Override
        public Integer call() {
            return remote.post(spec.commandLine(), "/api/v1/remediator/resume");
        }
    }
}
