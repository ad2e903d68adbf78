package dev.ferry.kernel.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.util.List;
import java.util.Optional;

/** Reads typed values from the complete configuration, failing with the key and its origin. */
public final class ConfigReader {

    private final Config config;

    public ConfigReader(Config config) {
        this.config = config;
    }

    public int intAtLeast(String key, int min) {
        long value = longAtLeast(key, min);
        if (value > Integer.MAX_VALUE) {
            throw problem(key, "must be at most " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }

    public long longAtLeast(String key, long min) {
        long value;
        try {
            value = config.getLong(key);
        } catch (ConfigException e) {
            throw problem(key, "must be a whole number, was '" + config.getValue(key).unwrapped() + "'");
        }
        if (value < min) {
            throw problem(key, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    public double doubleAtLeast(String key, double min) {
        double value;
        try {
            value = config.getDouble(key);
        } catch (ConfigException e) {
            throw problem(key, "must be a number, was '" + config.getValue(key).unwrapped() + "'");
        }
        if (value < min) {
            throw problem(key, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    public boolean bool(String key) {
        try {
            return config.getBoolean(key);
        } catch (ConfigException e) {
            throw problem(key, "must be true or false, was '" + config.getValue(key).unwrapped() + "'");
        }
    }

    public String string(String key) {
        try {
            return config.getString(key);
        } catch (ConfigException e) {
            throw problem(key, "must be a string");
        }
    }

    /** A string that may be null in the defaults; blank counts as unset. */
    public Optional<String> optionalString(String key) {
        if (config.getIsNull(key)) {
            return Optional.empty();
        }
        return Optional.of(string(key).trim()).filter(value -> !value.isEmpty());
    }

    boolean has(String key) {
        return config.hasPath(key);
    }

    /** The failure for a key's value, naming the key (unquoted, as Kafka writes it) and the file that set it. */
    public StartupProblem problem(String key, String message) {
        String origin = config.hasPath(key) ? config.getValue(key).origin().description() : "defaults";
        List<String> elements = ConfigUtil.splitPath(key);
        String shown = elements.size() == 1 ? elements.get(0) : key;
        return new StartupProblem("Invalid value for '" + shown + "' in " + origin + ": " + message);
    }
}
