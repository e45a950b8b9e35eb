package casino.common.config;

/** A configuration value that cannot be used; the message names the variable. */
public class ConfigException extends RuntimeException {
    public ConfigException(String variable, String problem) {
        super(variable + " " + problem);
    }
}
