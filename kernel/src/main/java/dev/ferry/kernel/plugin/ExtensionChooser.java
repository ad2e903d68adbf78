package dev.ferry.kernel.plugin;

import dev.ferry.kernel.config.StartupProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks the one extension of a kind the broker needs: the one named by its config key, or the only one
 * installed. Anything else stops start-up with a message saying which plugin to add or which key to set.
 *
 * @param kind what the extension is to an operator, for example "storage engine"
 * @param configKey the key that names the extension to use
 * @param defaultPlugin the plugin that provides one in the standard distribution
 */
public record ExtensionChooser(String kind, String configKey, String defaultPlugin, Path pluginsDir) {

    public <T> LoadedExtension<T> choose(List<LoadedExtension<T>> installed, Function<T, String> name,
                                         Optional<String> configured) {
        if (configured.isPresent()) {
            return installed.stream()
                    .filter(extension -> name.apply(extension.instance()).equals(configured.get()))
                    .findFirst()
                    .orElseThrow(() -> new StartupProblem(configKey + " = \"" + configured.get()
                            + "\" names no installed " + kind + "; installed: " + names(installed, name)
                            + ". Add the plugin that provides it to " + pluginsDir + " or change " + configKey));
        }
        if (installed.isEmpty()) {
            throw new StartupProblem("No " + kind + " is installed: add the " + defaultPlugin
                    + " plugin jar (or another plugin providing a " + kind + ") to " + pluginsDir);
        }
        if (installed.size() > 1) {
            throw new StartupProblem("Several " + kind + "s are installed (" + names(installed, name)
                    + "): choose one with the configuration key " + configKey);
        }
        return installed.get(0);
    }

    private static <T> String names(List<LoadedExtension<T>> installed, Function<T, String> name) {
        return installed.stream()
                .map(extension -> name.apply(extension.instance()) + " (plugin " + extension.plugin().getPluginId() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
