package dev.ferry.kernel.plugin;

import java.nio.file.Path;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;

/** pf4j's default manager for plugin jars and zips, with class loaders that share the host's libraries. */
final class HostPluginManager extends DefaultPluginManager {

    HostPluginManager(Path pluginsDir) {
        super(pluginsDir);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new HostSharedClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                    }
                })
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new HostSharedClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                    }
                });
    }
}
