package dev.ferry.kernel.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Stacks the broker's configuration: the user's file over the modules' {@code reference.conf} defaults, then Java
 * system properties {@code broker.<key>} over the file, then environment variables {@code BROKER_<KEY>} over
 * both (upper case, dots written as underscores: {@code BROKER_LOG_DIRS} sets {@code log.dirs}).
 *
 * <p>An override names a key with dots, which HOCON could read either as a path or as one quoted key: the Kafka
 * plugin's {@code "max.connections"} is a single key, while {@code log.dirs} is a path. So overrides are placed
 * only once the reference that knows the key is at hand, at the key as the reference holds it.
 */
public final class ConfigLayers {

    static final String PROPERTY_PREFIX = "broker.";
    static final String ENVIRONMENT_PREFIX = "BROKER_";

    /** One override from outside the file: a dotted key name, its value and where it came from. */
    record Override(String name, String value, String origin) {
    }

    /** What the user set, without defaults: the file, and the overrides in the order they apply. */
    public record UserSettings(Config file, List<Override> overrides) {

        public UserSettings {
            overrides = List.copyOf(overrides);
        }

        /** The file with each override placed at the key {@code reference} knows by that name. */
        public Config placedFor(Config reference) {
            Config settings = file;
            for (Override override : overrides) {
                try {
                    settings = settings.withValue(pathIn(reference, override.name()),
                            ConfigValueFactory.fromAnyRef(override.value(), override.origin()));
                } catch (ConfigException e) {
                    throw new StartupProblem("Invalid key from " + override.origin() + ": " + e.getMessage());
                }
            }
            return settings;
        }
    }

    private ConfigLayers() {
    }

    /** What the user set: the file, then system properties, then environment variables. */
    public static UserSettings userSettings(Path file, Properties systemProperties, Map<String, String> environment) {
        List<Override> overrides = new ArrayList<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                overrides.add(new Override(name.substring(PROPERTY_PREFIX.length()), systemProperties.getProperty(name),
                        "system property " + name));
            }
        }
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                String key = name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                overrides.add(new Override(key, variable.getValue(), "environment variable " + name));
            }
        }
        return new UserSettings(parseFile(file), overrides);
    }

    /**
     * The complete configuration: the user's settings over the defaults, after checking that every key the
     * user set exists in the defaults and has the right type.
     */
    public static Config complete(UserSettings user, Config reference) {
        Config userSettings = user.placedFor(reference);
        for (Map.Entry<String, ?> entry : userSettings.entrySet()) {
            String key = entry.getKey();
            if (!reference.hasPathOrNull(key)) {
                throw unknownKey(key, userSettings.getValue(key).origin().description(), reference);
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

    /** An unknown key, or a key the reference holds quoted that the user wrote unquoted (which HOCON nests). */
    private static StartupProblem unknownKey(String key, String origin, Config reference) {
        String name = String.join(".", ConfigUtil.splitPath(key));
        String quoted = pathIn(reference, name);
        if (!quoted.equals(key) && reference.hasPathOrNull(quoted)) {
            return new StartupProblem("Configuration key " + name + " in " + origin + " must be quoted: write "
                    + quoted + " = ... (unquoted, HOCON reads each dot as a level of nesting)");
        }
        return new StartupProblem("Unknown configuration key '" + key + "' in " + origin);
    }

    /**
     * The HOCON path of a dotted key name as the reference holds it: where the reference has the name, or a run of
     * its dot-separated parts, as one key, that part is one quoted element; the plain path otherwise.
     */
    public static String pathIn(Config reference, String name) {
        List<String> elements = elementsIn(reference.root(), name.split("\\.", -1), 0);
        return elements == null ? name : ConfigUtil.joinPath(elements);
    }

    /** The keys, from {@code object} down, that spell {@code parts[from..]}, longest key first; null if none do. */
    private static List<String> elementsIn(ConfigObject object, String[] parts, int from) {
        for (int to = parts.length; to > from; to--) {
            String key = String.join(".", Arrays.copyOfRange(parts, from, to));
            ConfigValue value = object.get(key);
            if (value != null && to == parts.length) {
                return new ArrayList<>(List.of(key));
            }
            if (value instanceof ConfigObject child) {
                List<String> rest = elementsIn(child, parts, to);
                if (rest != null) {
                    rest.add(0, key);
                    return rest;
                }
            }
        }
        return null;
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
}
