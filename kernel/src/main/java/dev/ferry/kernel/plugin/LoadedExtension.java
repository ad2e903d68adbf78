package dev.ferry.kernel.plugin;

import java.util.function.Supplier;
import org.pf4j.PluginWrapper;

/** An extension resolved once at start, with the plugin it came from. */
public record LoadedExtension<T>(T instance, PluginWrapper plugin) {

    public ClassLoader classLoader() {
        return plugin.getPluginClassLoader();
    }

    public String describe() {
        return instance.getClass().getName() + " from plugin " + plugin.getPluginId() + " "
                + plugin.getDescriptor().getVersion();
    }

    /** Runs a call into the plugin with the thread's context class loader set to the plugin's. */
    public <R> R call(Supplier<R> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader());
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
