package dev.ferry.coordinator.group.consumer;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.Topics;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves members' subscriptions against the cluster's topics. One resolver serves one operation on a group: it
 * reads each topic, and matches each regular expression, once.
 *
 * <p>A regular expression must match a whole topic name (as in Kafka) and never matches an internal topic.
 */
final class SubscriptionResolver {

    private final Topics topics;
    private final Map<String, Optional<TopicDescription>> described = new HashMap<>();
    private final Map<String, Set<String>> matched = new HashMap<>();
    private Map<String, TopicDescription> listed;

    SubscriptionResolver(Topics topics) {
        this.topics = topics;
    }

    /** The existing topics the member subscribes to, by name or by its regular expression. */
    Set<String> existingTopics(ConsumerGroupMember member) {
        Set<String> existing = new TreeSet<>();
        member.subscribedTopicNames().stream().filter(name -> describe(name).isPresent()).forEach(existing::add);
        member.regex().ifPresent(regex -> existing.addAll(matching(regex)));
        return existing;
    }

    /** Every topic the member subscribes to: the names it gives, whether they exist or not, and the matches. */
    Set<String> subscribedTopics(ConsumerGroupMember member) {
        Set<String> subscribed = new TreeSet<>(member.subscribedTopicNames());
        member.regex().ifPresent(regex -> subscribed.addAll(matching(regex)));
        return subscribed;
    }

    /** The existing topics any of the members subscribes to. */
    Map<String, TopicMetadata> metadata(Collection<ConsumerGroupMember> members) {
        Map<String, TopicMetadata> metadata = new TreeMap<>();
        for (ConsumerGroupMember member : members) {
            for (String topic : existingTopics(member)) {
                describe(topic).ifPresent(description -> metadata.put(topic,
                        new TopicMetadata(description.topicId(), description.partitions())));
            }
        }
        return metadata;
    }

    /** The first answer about a topic stands for the whole operation, even if the topic changes meanwhile. */
    private Optional<TopicDescription> describe(String topic) {
        return described.computeIfAbsent(topic,
                name -> listed != null ? Optional.ofNullable(listed.get(name)) : topics.describe(name));
    }

    private Set<String> matching(String regex) {
        return matched.computeIfAbsent(regex, r -> {
            Pattern pattern = Pattern.compile(r);
            return listed().values().stream()
                    .filter(topic -> !topic.internal())
                    .map(TopicDescription::name)
                    .filter(name -> pattern.matcher(name).matches())
                    .collect(Collectors.toUnmodifiableSet());
        });
    }

    private Map<String, TopicDescription> listed() {
        if (listed == null) {
            listed = new LinkedHashMap<>();
            topics.list().forEach(topic -> listed.put(topic.name(), topic));
        }
        return listed;
    }
}
