package dev.ferry.kernel.group.assignor;

import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.assignor.PartitionAssignor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The partition assignors consumer-protocol groups may use: the built-in ones and those of plugins. */
public final class Assignors {

    private Assignors() {
    }

    /**
     * The assignors named in {@code group.consumer.assignors}, in that order: built-ins and plugin extensions (plugin
     * ones wrapped so that each call runs through {@link LoadedExtension#call}).
     *
     * @throws IllegalArgumentException when a name is unknown (the message names the installed assignors), when no
     *     name is given, or when two installed assignors have the same name
     */
    public static List<PartitionAssignor> resolve(List<String> names,
                                                  List<LoadedExtension<PartitionAssignor>> plugins) {
        Map<String, PartitionAssignor> installed = installed(plugins);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("group.consumer.assignors names no assignor; installed: "
                    + installed.keySet());
        }
        List<PartitionAssignor> chosen = new ArrayList<>();
        for (String name : names) {
            PartitionAssignor assignor = installed.get(name);
            if (assignor == null) {
                throw new IllegalArgumentException("group.consumer.assignors names '" + name
                        + "', which no installed partition assignor is called; installed: " + installed.keySet()
                        + ". Add the plugin that provides it to the plugins folder or remove the name");
            }
            if (!chosen.contains(assignor)) {
                chosen.add(assignor);
            }
        }
        return List.copyOf(chosen);
    }

    private static Map<String, PartitionAssignor> installed(List<LoadedExtension<PartitionAssignor>> plugins) {
        Map<String, PartitionAssignor> installed = new LinkedHashMap<>();
        installed.put(UniformAssignor.NAME, new UniformAssignor());
        installed.put(RangeAssignor.NAME, new RangeAssignor());
        for (LoadedExtension<PartitionAssignor> plugin : plugins) {
            PluginAssignor assignor = new PluginAssignor(plugin);
            PartitionAssignor previous = installed.putIfAbsent(assignor.name(), assignor);
            if (previous != null) {
                throw new IllegalArgumentException("Two partition assignors are named '" + assignor.name() + "': "
                        + describe(previous) + " and " + assignor + "; remove one plugin");
            }
        }
        return installed;
    }

    private static String describe(PartitionAssignor assignor) {
        return assignor instanceof PluginAssignor ? assignor.toString() : "the built-in assignor " + assignor.name();
    }
}
