package dev.ferry.kernel.retention;

import dev.ferry.kernel.StartupProblem;
import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.retention.RetentionPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The retention policies topics may name in {@code cleanup.policy}: the built-in {@code delete} and the plugins'. */
public final class RetentionPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPolicies.class);

    private final Map<String, LoadedPolicy> byName;

    private RetentionPolicies(Map<String, LoadedPolicy> byName) {
        this.byName = byName;
    }

    public static RetentionPolicies of(List<LoadedExtension<RetentionPolicy>> plugins) {
        Map<String, LoadedPolicy> byName = new TreeMap<>();
        byName.put(DeleteRetentionPolicy.NAME, new LoadedPolicy(new DeleteRetentionPolicy(), Optional.empty()));
        for (LoadedExtension<RetentionPolicy> plugin : plugins) {
            String name = plugin.instance().name();
            if (byName.containsKey(name)) {
                throw new StartupProblem("Two retention policies are named '" + name + "': "
                        + plugin.describe() + " and " + byName.get(name).describe() + "; remove one plugin");
            }
            byName.put(name, new LoadedPolicy(plugin.instance(), Optional.of(plugin)));
        }
        LOG.info("Retention policies: {}", byName.keySet());
        return new RetentionPolicies(byName);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** The topic config keys the policies declared beyond Kafka's own. */
    public Set<String> extraTopicConfigKeys() {
        return byName.values().stream()
                .flatMap(policy -> policy.policy().topicConfigKeys().stream())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The policies named by a {@code cleanup.policy} value (comma-separated, as Kafka writes it). */
    public List<String> unknownNames(String cleanupPolicy) {
        return parse(cleanupPolicy).stream().filter(name -> !byName.containsKey(name)).toList();
    }

    List<LoadedPolicy> named(String cleanupPolicy) {
        return parse(cleanupPolicy).stream().map(byName::get).filter(policy -> policy != null).toList();
    }

    private static List<String> parse(String cleanupPolicy) {
        return Arrays.stream(cleanupPolicy.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    /** A policy and, when a plugin provides it, the plugin (whose class loader its calls run with). */
    record LoadedPolicy(RetentionPolicy policy, Optional<LoadedExtension<RetentionPolicy>> plugin) {

        long retainFrom(dev.ferry.spi.retention.RetentionContext context) {
            return plugin.map(p -> p.call(() -> policy.retainFrom(context))).orElseGet(() -> policy.retainFrom(context));
        }

        String describe() {
            return plugin.map(LoadedExtension::describe).orElse("the built-in " + policy.name() + " policy");
        }
    }
}
