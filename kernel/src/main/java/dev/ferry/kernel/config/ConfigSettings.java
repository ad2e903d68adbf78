package dev.ferry.kernel.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import dev.ferry.spi.settings.Settings;

/**
 * The complete configuration as plugins read it. A key is Kafka's flat name: it is looked up as one quoted element
 * when the files write it so ({@code "max.connections"}, whose unquoted form would be the parent of
 * {@code max.connections.per.ip}), else as a path. Failures name the key and where it was set.
 */
public final class ConfigSettings implements Settings {

    private final Config config;
    private final ConfigReader reader;

    public ConfigSettings(Config config) {
        this.config = config;
        this.reader = new ConfigReader(config);
    }

    @Override
    public String string(String key) {
        return reader.string(path(key));
    }

    @Override
    public int intValue(String key) {
        return reader.intAtLeast(path(key), Integer.MIN_VALUE);
    }

    @Override
    public long longValue(String key) {
        return reader.longAtLeast(path(key), Long.MIN_VALUE);
    }

    @Override
    public boolean bool(String key) {
        return reader.bool(path(key));
    }

    @Override
    public long bytes(String key) {
        String path = path(key);
        try {
            return config.getBytes(path);
        } catch (ConfigException e) {
            throw reader.problem(path, "must be a size in bytes, was '" + config.getValue(path).unwrapped() + "'");
        }
    }

    @Override
    public IllegalArgumentException invalid(String key, String reason) {
        return reader.problem(path(key), reason);
    }

    private String path(String key) {
        String quoted = ConfigUtil.joinPath(key);
        return config.hasPath(quoted) ? quoted : key;
    }
}
