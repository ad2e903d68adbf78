package dev.ferry.coordinator.group.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ferry.coordinator.group.records.GroupRecord.ClassicGroup.Member;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupRecordTest {

    @Test
    void classicMembersCompareTheirBytesByContent() {
        // Given
        Member member = member(new byte[] {0, 1, 2}, new byte[] {3, 4});

        // When
        Member copy = member(new byte[] {0, 1, 2}, new byte[] {3, 4});

        // Then
        assertEquals(member, copy);
        assertEquals(member.hashCode(), copy.hashCode());
        assertNotEquals(member, member(new byte[] {0, 1, 2}, new byte[] {3, 5}));
        assertNotEquals(member, member(new byte[] {0, 1}, new byte[] {3, 4}));
    }

    private static Member member(byte[] subscription, byte[] assignment) {
        return new Member("member-1", Optional.of("instance-1"), "client-1", "/10.0.0.1", 300_000, 45_000,
                subscription, assignment);
    }
}
