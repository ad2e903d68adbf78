package dev.ferry.kernel.retention;

import dev.ferry.kernel.config.StartupProblem;
import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.retention.CompactionPolicy;
import dev.ferry.spi.retention.CleanupPolicy;
import dev.ferry.spi.retention.RetentionPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cleanup policies topics may name in {@code cleanup.policy}: retention policies that delete old segments (the
 * built-in {@code delete} and the plugins') and compaction policies that rewrite them (the built-in {@code compact}
 * and the plugins'). One name, one policy.
 */
public final class CleanupPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupPolicies.class);

    private final Map<String, Loaded<RetentionPolicy>> retention;
    private final Map<String, Loaded<CompactionPolicy>> compaction;
    private final Optional<String> rewriteRefusal;

    private CleanupPolicies(Map<String, Loaded<RetentionPolicy>> retention,
                            Map<String, Loaded<CompactionPolicy>> compaction, Optional<String> rewriteRefusal) {
        this.retention = retention;
        this.compaction = compaction;
        this.rewriteRefusal = rewriteRefusal;
    }

    /**
     * @param storageEngine the name of the broker's storage engine
     * @param engineRewrites whether that engine can rewrite segments, which every compaction policy needs
     */
    public static CleanupPolicies of(List<LoadedExtension<RetentionPolicy>> retentionPlugins,
                                     List<LoadedExtension<CompactionPolicy>> compactionPlugins,
                                     String storageEngine, boolean engineRewrites) {
        Map<String, Loaded<RetentionPolicy>> retention = new TreeMap<>();
        Map<String, Loaded<CompactionPolicy>> compaction = new TreeMap<>();
        retention.put(DeleteRetentionPolicy.NAME, new Loaded<>(new DeleteRetentionPolicy(), Optional.empty()));
        compaction.put(CompactPolicy.NAME, new Loaded<>(new CompactPolicy(), Optional.empty()));
        for (LoadedExtension<RetentionPolicy> plugin : retentionPlugins) {
            add(plugin, retention, compaction);
        }
        for (LoadedExtension<CompactionPolicy> plugin : compactionPlugins) {
            add(plugin, compaction, retention);
        }
        LOG.info("Cleanup policies: retention {}, compaction {}", retention.keySet(), compaction.keySet());
        Optional<String> refusal = engineRewrites ? Optional.empty() : Optional.of("the " + storageEngine
                + " storage engine cannot rewrite segments, which compaction needs");
        return new CleanupPolicies(retention, compaction, refusal);
    }

    private static <T extends CleanupPolicy, O extends CleanupPolicy> void add(LoadedExtension<T> plugin,
            Map<String, Loaded<T>> kind, Map<String, Loaded<O>> otherKind) {
        String name = plugin.instance().name();
        Loaded<?> taken = kind.containsKey(name) ? kind.get(name) : otherKind.get(name);
        if (taken != null) {
            throw new StartupProblem("Two cleanup policies are named '" + name + "': " + plugin.describe() + " and "
                    + taken.describe() + "; remove one plugin");
        }
        kind.put(name, new Loaded<>(plugin.instance(), Optional.of(plugin)));
    }

    public Set<String> names() {
        return Stream.concat(retention.keySet().stream(), compaction.keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The topic config keys the policies declared beyond Kafka's own. */
    public Set<String> extraTopicConfigKeys() {
        return all().flatMap(policy -> policy.policy().topicConfigKeys().stream())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Has every policy that declared {@code key} check its value.
     *
     * @throws IllegalArgumentException with the first policy's reason for refusing it
     */
    public void checkTopicConfig(String key, String value) {
        all().filter(policy -> policy.policy().topicConfigKeys().contains(key)).forEach(policy -> policy.call(() -> {
            policy.policy().checkTopicConfig(key, value);
            return null;
        }));
    }

    private Stream<Loaded<? extends CleanupPolicy>> all() {
        return Stream.concat(retention.values().stream(), compaction.values().stream());
    }

    /** The names in a {@code cleanup.policy} value (comma-separated, as Kafka writes it) that no policy has. */
    public List<String> unknownNames(String cleanupPolicy) {
        return parse(cleanupPolicy).stream()
                .filter(name -> !retention.containsKey(name) && !compaction.containsKey(name))
                .toList();
    }

    /** Why a {@code cleanup.policy} value cannot be honoured by this broker, beyond unknown names. */
    public Optional<String> refusal(String cleanupPolicy) {
        List<Loaded<CompactionPolicy>> named = compactionNamed(cleanupPolicy);
        if (named.size() > 1) {
            return Optional.of("a log is compacted by one policy, and " + named.stream().map(Loaded::name).toList()
                    + " are all compaction policies");
        }
        return named.isEmpty() ? Optional.empty() : rewriteRefusal;
    }

    /** The retention policies a {@code cleanup.policy} value names. */
    List<Loaded<RetentionPolicy>> named(String cleanupPolicy) {
        return parse(cleanupPolicy).stream().map(retention::get).filter(policy -> policy != null).toList();
    }

    /** The compaction policy a {@code cleanup.policy} value names, if any (a valid value names at most one). */
    public Optional<Loaded<CompactionPolicy>> compactionOf(String cleanupPolicy) {
        return compactionNamed(cleanupPolicy).stream().findFirst();
    }

    private List<Loaded<CompactionPolicy>> compactionNamed(String cleanupPolicy) {
        return parse(cleanupPolicy).stream().map(compaction::get).filter(policy -> policy != null).toList();
    }

    private static List<String> parse(String cleanupPolicy) {
        return Arrays.stream(cleanupPolicy.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    /** A policy and, when a plugin provides it, the plugin (whose class loader its calls run with). */
    public record Loaded<T extends CleanupPolicy>(T policy, Optional<LoadedExtension<T>> plugin) {

        public String name() {
            return policy.name();
        }

        /** Runs a call into the policy, with the plugin's class loader as context when a plugin provides it. */
        public <R> R call(Supplier<R> call) {
            return plugin.map(p -> p.call(call)).orElseGet(call);
        }

        String describe() {
            return plugin.map(LoadedExtension::describe).orElse("the built-in " + name() + " policy");
        }
    }
}
