package dev.ferry.kernel.scram;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.security.ScramAlterationResult;
import dev.ferry.services.security.ScramCredential;
import dev.ferry.services.security.ScramCredentialAlteration;
import dev.ferry.services.security.ScramCredentialAlteration.Deletion;
import dev.ferry.services.security.ScramCredentialAlteration.Upsertion;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * Kafka's checks of an AlterUserScramCredentials request (its controller's): deletions first, then upsertions; a
 * user named a second time loses both alterations to {@link BrokerError#DUPLICATE_RESOURCE}; a user with a failure
 * is not looked at again. What passes is kept, by user, for one write.
 */
final class AlterationCheck {

    /** Kafka's most iterations of any mechanism (its {@code ScramControlManager.MAX_ITERATIONS}). */
    static final int MAX_ITERATIONS = 16384;

    private final BiPredicate<String, String> exists;
    private final Map<String, Deletion> deletions = new LinkedHashMap<>();
    private final Map<String, Upsertion> upsertions = new LinkedHashMap<>();
    private final Map<String, ScramAlterationResult> failures = new LinkedHashMap<>();

    /** @param exists whether a user has a credential for a mechanism name */
    private AlterationCheck(BiPredicate<String, String> exists) {
        this.exists = exists;
    }

    static AlterationCheck of(List<ScramCredentialAlteration> alterations, BiPredicate<String, String> exists) {
        AlterationCheck check = new AlterationCheck(exists);
        alterations.stream().filter(Deletion.class::isInstance).map(Deletion.class::cast).forEach(check::delete);
        alterations.stream().filter(Upsertion.class::isInstance).map(Upsertion.class::cast).forEach(check::upsert);
        return check;
    }

    Map<String, Deletion> deletions() {
        return deletions;
    }

    Map<String, Upsertion> upsertions() {
        return upsertions;
    }

    Map<String, ScramAlterationResult> failures() {
        return failures;
    }

    /** The stored form of an upsertion: the stored and server keys derived from the salted password. */
    static ScramCredential credential(Upsertion upsertion) {
        try {
            ScramFormatter formatter = new ScramFormatter(ScramMechanism.forMechanismName(upsertion.mechanism()));
            byte[] saltedPassword = upsertion.saltedPassword();
            byte[] storedKey = formatter.storedKey(formatter.clientKey(saltedPassword));
            return new ScramCredential(upsertion.salt().clone(), storedKey, formatter.serverKey(saltedPassword),
                    upsertion.iterations());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot compute " + upsertion.mechanism(), e);
        }
    }

    private void delete(Deletion deletion) {
        String user = deletion.user();
        if (failures.containsKey(user)) {
            return;
        }
        if (deletions.remove(user) != null) {
            duplicate(user);
            return;
        }
        BrokerError error = checkUserAndMechanism(deletion);
        if (error == BrokerError.NONE && !exists.test(user, deletion.mechanism())) {
            fail(user, BrokerError.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
        } else if (error == BrokerError.NONE) {
            deletions.put(user, deletion);
        }
    }

    private void upsert(Upsertion upsertion) {
        String user = upsertion.user();
        if (failures.containsKey(user)) {
            return;
        }
        if (deletions.remove(user) != null || upsertions.remove(user) != null) {
            duplicate(user);
            return;
        }
        if (checkUserAndMechanism(upsertion) != BrokerError.NONE) {
            return;
        }
        ScramMechanism mechanism = ScramMechanism.forMechanismName(upsertion.mechanism());
        if (upsertion.iterations() < mechanism.minIterations()) {
            fail(user, BrokerError.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
        } else if (upsertion.iterations() > MAX_ITERATIONS) {
            fail(user, BrokerError.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
        } else {
            upsertions.put(user, upsertion);
        }
    }

    private BrokerError checkUserAndMechanism(ScramCredentialAlteration alteration) {
        if (alteration.user().isEmpty()) {
            return fail(alteration.user(), BrokerError.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        }
        if (ScramMechanism.forMechanismName(alteration.mechanism()) == null) {
            return fail(alteration.user(), BrokerError.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
        }
        return BrokerError.NONE;
    }

    private void duplicate(String user) {
        fail(user, BrokerError.DUPLICATE_RESOURCE, "A user credential cannot be altered twice in the same request");
    }

    private BrokerError fail(String user, BrokerError error, String message) {
        failures.put(user, new ScramAlterationResult(user, error, message));
        return error;
    }
}
