package dev.ferry.kernel.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ferry.kernel.config.StartupProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the plugins of the plugins folder and hands out their extensions. */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final PluginManager manager;

    private PluginHost(PluginManager manager) {
        this.manager = manager;
    }

    public static PluginHost load(Path pluginsDir) {
        if (!Files.isDirectory(pluginsDir)) {
            throw new StartupProblem("Plugins folder " + pluginsDir + " does not exist (plugins.dir)");
        }
        PluginManager manager = new HostPluginManager(pluginsDir);
        manager.loadPlugins();
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                LOG.info("Loaded plugin {} {} from {}", plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                        plugin.getPluginPath().getFileName());
            } else {
                LOG.error("Plugin {} from {} is {}: {}", plugin.getPluginId(), plugin.getPluginPath(),
                        plugin.getPluginState(), String.valueOf(plugin.getFailedException()));
            }
        }
        return new PluginHost(manager);
    }

    /** Every extension of a type, one instance each, to be kept for the broker's life. */
    public <T> List<LoadedExtension<T>> extensions(Class<T> type) {
        List<LoadedExtension<T>> extensions = new ArrayList<>();
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            for (T instance : manager.getExtensions(type, plugin.getPluginId())) {
                LoadedExtension<T> extension = new LoadedExtension<>(instance, plugin);
                LOG.info("Found {} {}", type.getSimpleName(), extension.describe());
                extensions.add(extension);
            }
        }
        return extensions;
    }

    /** The defaults ({@code reference.conf}) of the kernel and of every started plugin, merged. */
    public Config referenceConfig() {
        Config reference = ConfigFactory.defaultReference(PluginHost.class.getClassLoader());
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            reference = reference.withFallback(
                    ConfigFactory.parseResourcesAnySyntax(plugin.getPluginClassLoader(), "reference"));
        }
        return reference.resolve();
    }

    /** Stops plugins one by one over a copy: pf4j's stopPlugins() can throw ConcurrentModificationException. */
    @Override
    public void close() {
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                manager.stopPlugin(started.get(i).getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("Stopping plugin {} failed: {}", started.get(i).getPluginId(), e.toString());
            }
        }
    }
}
