package dev.ferry.kernel.plugin;

import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: plugin-first, except for the libraries the host shares with every plugin, which always
 * come from the host so that a plugin and the kernel see one copy of each class.
 */
final class HostSharedClassLoader extends PluginClassLoader {

    static final List<String> HOST_PACKAGES = List.of(
            "dev.ferry.spi.",
            "dev.ferry.services.",
            "org.slf4j.",
            "io.netty.",
            "com.typesafe.config.",
            "org.apache.kafka.common.");

    HostSharedClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, ClassLoader host) {
        super(pluginManager, descriptor, host);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        for (String hostPackage : HOST_PACKAGES) {
            if (className.startsWith(hostPackage)) {
                return true;
            }
        }
        return super.shouldDelegateToParent(className);
    }
}
