package dev.ferry.kernel.scram;

import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.security.ScramAlterationResult;
import dev.ferry.services.security.ScramCredential;
import dev.ferry.services.security.ScramCredentialAlteration;
import dev.ferry.services.security.ScramCredentials;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The users' SCRAM credentials as a single Kafka node keeps them: Kafka's {@code UserScramCredentialRecord}s in the
 * metadata store, read from its image. Alterations are checked as Kafka's controller checks them and written as one
 * change before they are answered.
 */
public final class LocalScramCredentials implements ScramCredentials {

    private final MetadataStore metadata;

    public LocalScramCredentials(MetadataStore metadata) {
        this.metadata = metadata;
    }

    @Override
    public Optional<ScramCredential> credential(String user, String mechanism) {
        return Optional.ofNullable(credentials().getOrDefault(user, Map.of()).get(mechanism));
    }

    @Override
    public SortedSet<String> users() {
        return new TreeSet<>(credentials().keySet());
    }

    @Override
    public Map<String, Integer> describe(String user) {
        Map<String, ScramCredential> byMechanism = credentials().get(user);
        if (byMechanism == null) {
            throw new BrokerException(BrokerError.RESOURCE_NOT_FOUND,
                    "Attempt to describe a user credential that does not exist: " + user);
        }
        Map<String, Integer> iterations = new TreeMap<>();
        byMechanism.forEach((mechanism, credential) -> iterations.put(mechanism, credential.iterations()));
        return iterations;
    }

    @Override
    public synchronized List<ScramAlterationResult> alter(List<ScramCredentialAlteration> alterations) {
        AlterationCheck check = AlterationCheck.of(alterations,
                (user, mechanism) -> credential(user, mechanism).isPresent());
        Map<String, Set<String>> removed = new HashMap<>();
        check.deletions().forEach((user, deletion) -> removed.put(user, Set.of(deletion.mechanism())));
        Map<String, Map<String, ScramCredential>> set = new HashMap<>();
        check.upsertions().forEach((user, upsertion) ->
                set.put(user, Map.of(upsertion.mechanism(), AlterationCheck.credential(upsertion))));
        try {
            metadata.alterScramCredentials(set, removed);
        } catch (IOException e) {
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Writing the SCRAM credentials failed: "
                    + e.getMessage(), e);
        }
        List<ScramAlterationResult> results = new ArrayList<>();
        Stream.concat(check.deletions().keySet().stream(), check.upsertions().keySet().stream())
                .forEach(user -> results.add(new ScramAlterationResult(user, BrokerError.NONE, null)));
        results.addAll(check.failures().values());
        return results;
    }

    private Map<String, Map<String, ScramCredential>> credentials() {
        return metadata.image().scramCredentials();
    }
}
