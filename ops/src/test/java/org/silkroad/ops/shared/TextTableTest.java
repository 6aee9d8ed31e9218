package org.silkroad.ops.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void pads_every_column_but_the_last_to_its_widest_cell() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TextTable("A", "LONG HEADER", "DETAIL")
                .row("wide cell", "x", "a long detail that is not padded")
                .row("y", null, "")
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
                "  A          LONG HEADER  DETAIL",
                "  wide cell  x            a long detail that is not padded",
                "  y",
                ""));
    }

    @Test
    void refuses_a_row_of_the_wrong_width() {
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
