package dev.quell.standalone;

import picocli.CommandLine;

/** The version from the jar's manifest ({@code dev} when run from classes). */
final class QuellVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = QuellVersion.class.getPackage().getImplementationVersion();
        return new String[] {"quell " + (version == null ? "dev" : version)};
    }
}
