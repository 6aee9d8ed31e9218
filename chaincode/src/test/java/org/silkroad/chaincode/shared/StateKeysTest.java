package org.silkroad.chaincode.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateKeysTest {

    private static final String MAX_RUNE = new String(Character.toChars(Character.MAX_CODE_POINT));

    @Test
    void isTheShimsKeyForTypicalKeys() {
        assertThat(StateKeys.composite("silkroad.currency.note", "CNMSP/bench-008", "CNY", "1e02:0"))
                .isEqualTo(new CompositeKey("silkroad.currency.note", "CNMSP/bench-008", "CNY", "1e02:0").toString())
                .isEqualTo("\u0000silkroad.currency.note\u0000CNMSP/bench-008\u0000CNY\u00001e02:0\u0000");
        assertThat(StateKeys.composite("silkroad.system.ping"))
                .isEqualTo(new CompositeKey("silkroad.system.ping").toString());
        assertThat(StateKeys.composite("t", "", "x"))
                .isEqualTo(new CompositeKey("t", "", "x").toString());
    }

    @Test
    void isTheShimsKeyForRandomText() {
        Random random = new Random(20261128L);
        for (int i = 0; i < 2_000; i++) {
            String type = randomText(random);
            List<String> attributes = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                attributes.add(randomText(random));
            }
            String[] array = attributes.toArray(String[]::new);
            assertThat(StateKeys.composite(type, array)).isEqualTo(new CompositeKey(type, array).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "end\u0000", "x" + "\uDBFF\uDFFF", "\uDBFF\uDFFF" + "y"})
    void refusesWhatTheShimRefuses(String bad) {
        assertThatThrownBy(() -> new CompositeKey("type", bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateKeys.composite("type", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("may not hold");
        assertThatThrownBy(() -> new CompositeKey(bad, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateKeys.composite(bad, "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesANullType() {
        assertThatThrownBy(() -> StateKeys.composite(null, "a")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void keepsOtherSupplementaryCharacters() {
        String text = "wallet-" + new String(Character.toChars(0x1F6A2)) + MAX_RUNE.charAt(0);
        assertThat(StateKeys.composite("t", text)).isEqualTo(new CompositeKey("t", text).toString());
    }

    /** Mostly ASCII, sometimes other BMP or supplementary characters; never U+0000 or U+10FFFF. */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            int kind = random.nextInt(10);
            int codePoint = kind < 7 ? 0x20 + random.nextInt(0x5F)
                    : kind < 9 ? 0x80 + random.nextInt(0xD000)
                    : 0x10000 + random.nextInt(0xFFFFE - 0x10000);
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
