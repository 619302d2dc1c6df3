package dev.quell.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The on-call engineer's controls of a running remediator: approve, reject, pause, resume — each one POST. */
final class ControlCommands {

    private ControlCommands() {
    }

    /** A control that POSTs to one path of the running Quell and prints the answer. */
    abstract static class Control implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RemoteCall remote;

        abstract String path();

        @Override
        public Integer call() {
            return remote.post(spec.commandLine(), path());
        }
    }

    /** A decision on a remediation waiting for approval. */
    abstract static class Decision extends Control {
        @Parameters(paramLabel = "ID", description = "The id of the awaiting_approval event.")
        String id;
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a remediation waiting for approval (the id of its awaiting_approval event).")
    static final class Approve extends Decision {
        @Override
        String path() {
            return "/api/v1/remediations/" + id + "/approve";
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a remediation waiting for approval (the id of its awaiting_approval event).")
    static final class Reject extends Decision {
        @Override
        String path() {
            return "/api/v1/remediations/" + id + "/reject";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop every automatic action until resumed (kept across restarts).")
    static final class Pause extends Control {
        @Override
        String path() {
            return "/api/v1/remediator/pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Let automatic actions run again.")
    static final class Resume extends Control {
        @Override
        String path() {
            return "/api/v1/remediator/resume";
        }
    }
}
