package dev.ferry.kernel.config;

import dev.ferry.kernel.StartupProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Stacks the broker's configuration: the user's file over the modules' {@code reference.conf} defaults, then Java
 * system properties {@code broker.<key>} over the file, then environment variables {@code BROKER_<KEY>} over
 * both (upper case, dots written as underscores: {@code BROKER_LOG_DIRS} sets {@code log.dirs}).
 */
public final class ConfigLayers {

    static final String PROPERTY_PREFIX = "broker.";
    static final String ENVIRONMENT_PREFIX = "BROKER_";

    private ConfigLayers() {
    }

    /** What the user set, without defaults: the file, then system properties, then environment variables. */
    public static Config userSettings(Path file, Properties systemProperties, Map<String, String> environment) {
        Config settings = parseFile(file);
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                String key = name.substring(PROPERTY_PREFIX.length());
                settings = override(settings, key, systemProperties.getProperty(name), "system property " + name);
            }
        }
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                String key = name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                settings = override(settings, key, variable.getValue(), "environment variable " + name);
            }
        }
        return settings;
    }

    /**
     * The complete configuration: the user's settings over the defaults, after checking that every key the
     * user set exists in the defaults and has the right type.
     */
    public static Config complete(Config userSettings, Config reference) {
        for (Map.Entry<String, ?> entry : userSettings.entrySet()) {
            String key = entry.getKey();
            if (!reference.hasPathOrNull(key)) {
                throw new StartupProblem("Unknown configuration key '" + key + "' in "
                        + userSettings.getValue(key).origin().description());
            }
        }
        try {
            Config complete = userSettings.withFallback(reference).resolve();
            complete.checkValid(reference);
            return complete;
        } catch (ConfigException e) {
            throw new StartupProblem("Invalid configuration: " + e.getMessage());
        }
    }

    private static Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StartupProblem("Configuration file " + file + " does not exist or is not a file");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new StartupProblem("Cannot parse configuration file " + file + ": " + e.getMessage());
        }
    }

    private static Config override(Config settings, String key, String value, String origin) {
        try {
            return settings.withValue(key, ConfigValueFactory.fromAnyRef(value, origin));
        } catch (ConfigException e) {
            throw new StartupProblem("Invalid key from " + origin + ": " + e.getMessage());
        }
    }
}
