package dev.ferry.spi.storage;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;

/**
 * What the broker gives a storage engine at start.
 *
 * @param logDirectories the directories that hold partition logs ({@code log.dirs}), absolute and existing
 * @param config the broker's whole configuration, defaults included; an engine reads its own keys from it
 */
public record StorageContext(List<Path> logDirectories, Config config) {

    public StorageContext {
        logDirectories = List.copyOf(logDirectories);
    }
}
