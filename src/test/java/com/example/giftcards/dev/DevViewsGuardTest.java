package com.example.giftcards.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What counts as a loopback address: an IP literal in 127.0.0.0/8 or ::1, never a name. */
class DevViewsGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "0:0:0:0:0:0:0:1", "::1", "0:0:0:0:0:0:0:1%0", "::ffff:127.0.0.1"})
    void loopback(String address) {
        assertThat(DevViewsGuard.isLoopback(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "128.0.0.1", "10.127.0.1", "127.0.0.1.example.com", "127.0.0.1, 10.0.0.1",
            "fd00::2", "::ffff:10.0.0.1", "::2", "fe80::1", "a:b", "0.0.0.0", "::"})
    void notLoopback(String address) {
        assertThat(DevViewsGuard.isLoopback(address)).isFalse();
    }
}
