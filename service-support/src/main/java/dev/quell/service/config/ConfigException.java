package dev.quell.service.config;

/** A configuration value that Quell cannot run with; the message starts with the key. */
public class ConfigException extends RuntimeException {

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
