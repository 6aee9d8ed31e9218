package org.silkroad.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import tools.jackson.databind.json.JsonMapper;

/** Who endorses a credit transaction that carries details: a majority of the channel's member states as they are. */
class CreditEndorsersTest {

    final FakeLedger ledger = new FakeLedger();
    final AtomicLong clock = new AtomicLong();
    // The fake ledger answers any identity, so the caller may be left out here.
    final CreditService credit = new CreditService(ledger, JsonMapper.builder().build(), null,
            new CreditProperties(List.of("RWMSP", "MYMSP")), clock::get);

    @Test
    void the_states_keeping_the_details_come_first_then_trusted_states_until_a_majority_is_named() {
        assertThat(credit.endorsers(null, "CNMSP", "CNMSP")).containsExactly("CNMSP", "RWMSP");
        assertThat(credit.endorsers(null, "CNMSP", "MYMSP")).containsExactly("CNMSP", "MYMSP");
        assertThat(credit.endorsers(null, "CNMSP", "MYMSP", "RWMSP")).containsExactly("CNMSP", "MYMSP", "RWMSP");
    }

    @Test
    void a_state_that_joins_raises_the_majority_once_the_members_are_read_again() {
        assertThat(credit.endorsers(null, "CNMSP", "MYMSP")).containsExactly("CNMSP", "MYMSP");
        ledger.memberStates(List.of("BEMSP", "CNMSP", "MYMSP", "RWMSP"));

        clock.addAndGet(CreditService.MEMBERS_FRESH_FOR);
        assertThat(credit.endorsers(null, "CNMSP", "MYMSP")).as("read %d s ago: still fresh",
                TimeUnit.NANOSECONDS.toSeconds(CreditService.MEMBERS_FRESH_FOR)).containsExactly("CNMSP", "MYMSP");

        clock.incrementAndGet();
        assertThat(credit.endorsers(null, "CNMSP", "MYMSP")).containsExactly("CNMSP", "MYMSP", "RWMSP");
        assertThat(credit.endorsers(null, "BEMSP", "BEMSP")).containsExactly("BEMSP", "RWMSP", "MYMSP");
    }

    @Test
    void a_trusted_state_that_is_no_member_is_passed_over_for_one_that_is() {
        ledger.memberStates(List.of("BEMSP", "CNMSP", "ETMSP", "MYMSP"));
        CreditService trustingRwFirst = new CreditService(ledger, JsonMapper.builder().build(), null,
                new CreditProperties(List.of("RWMSP", "ETMSP")), clock::get);
        assertThat(trustingRwFirst.endorsers(null, "CNMSP")).containsExactly("CNMSP", "ETMSP", "BEMSP");
    }
}
