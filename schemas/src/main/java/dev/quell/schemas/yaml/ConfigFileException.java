package dev.quell.schemas.yaml;

/** A rules or playbook file Quell cannot use: {@code file:line: problem}. */
public class ConfigFileException extends RuntimeException {

    private final String file;
    private final int line;

    public ConfigFileException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the problem is with the file as a whole. */
    public int line() {
        return line;
    }
}
