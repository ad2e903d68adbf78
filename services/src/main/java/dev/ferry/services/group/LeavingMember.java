package dev.ferry.services.group;

import java.util.Optional;

/**
 * A classic member that leaves its group: a dynamic member by id, a static member by instance id (its member id
 * may then be unknown to the client: {@code ""}).
 */
public record LeavingMember(String memberId, Optional<String> groupInstanceId) {
}
