package dev.ferry.coordinator.group.assignor;

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
     * The assignors named in {@code group.consumer.assignors}, in that order: built-ins and the plugins' (which the
     * broker wraps so that each call runs in its plugin's class loader).
     *
     * @throws IllegalArgumentException when a name is unknown (the message names the installed assignors), when no
     *     name is given, or when two installed assignors have the same name
     */
    public static List<PartitionAssignor> resolve(List<String> names, List<PartitionAssignor> plugins) {
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

    private static Map<String, PartitionAssignor> installed(List<PartitionAssignor> plugins) {
        List<PartitionAssignor> builtIn = List.of(new UniformAssignor(), new RangeAssignor());
        Map<String, PartitionAssignor> installed = new LinkedHashMap<>();
        builtIn.forEach(assignor -> installed.put(assignor.name(), assignor));
        for (PartitionAssignor assignor : plugins) {
            PartitionAssignor previous = installed.putIfAbsent(assignor.name(), assignor);
            if (previous != null) {
                throw new IllegalArgumentException("Two partition assignors are named '" + assignor.name() + "': "
                        + (builtIn.contains(previous) ? "the built-in assignor " + previous.name() : previous)
                        + " and " + assignor + "; remove one plugin");
            }
        }
        return installed;
    }
}
