package dev.ferry.kernel.plugin;

import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.SubscribedTopics;

/**
 * A plugin's assignor, called with the plugin's class loader as the thread's context class loader, for the group
 * coordinator to use as any other assignor.
 */
public record PluginAssignor(String name, LoadedExtension<PartitionAssignor> extension) implements PartitionAssignor {

    public PluginAssignor(LoadedExtension<PartitionAssignor> extension) {
        this(extension.call(() -> extension.instance().name()), extension);
    }

    @Override
    public GroupAssignment assign(GroupSpec group, SubscribedTopics topics) {
        return extension.call(() -> extension.instance().assign(group, topics));
    }

    @Override
    public String toString() {
        return "assignor " + name + " (" + extension.describe() + ")";
    }
}
